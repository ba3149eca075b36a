"""A Hugging Face model folder (config + weights + fast tokenizer) as the classifier's encoder.

For users who have a bigger encoder on disk (XLM-R base/large, a multilingual BERT...): the
folder is loaded with `transformers` (`local_files_only`, nothing is downloaded), its word
embeddings are frozen as with e5, and its fast tokenizer is wrapped to give the same
`encode_batch` result as `E5Tokenizer`, so training, the backend and scoring do not change.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from caspian.ner.classifier import TokenClassifier
from caspian.ner.tokenizer import WordPieces


class HFEncoder(nn.Module):
    def __init__(self, folder: str | Path) -> None:
        super().__init__()
        from transformers import AutoModel

        self.folder = str(folder)
        self.model = AutoModel.from_pretrained(self.folder, local_files_only=True)
        self.hidden = int(self.model.config.hidden_size)

    def forward(self, ids: torch.Tensor, attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        return self.model(input_ids=ids, attention_mask=attention_mask).last_hidden_state

    def freeze_embeddings(self) -> None:
        self.model.get_input_embeddings().weight.requires_grad_(False)


class HFTokenizer:
    def __init__(self, folder: str | Path) -> None:
        from transformers import AutoTokenizer

        self._tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True, use_fast=True)
        if not self._tok.is_fast:
            raise ValueError(f"{folder}: a fast tokenizer (tokenizer.json) is needed for word alignment")
        self.bos = self._tok.cls_token_id if self._tok.cls_token_id is not None else self._tok.bos_token_id
        self.eos = self._tok.sep_token_id if self._tok.sep_token_id is not None else self._tok.eos_token_id
        self.pad = self._tok.pad_token_id if self._tok.pad_token_id is not None else 0

    def encode_batch(self, sentences: list[list[str]], max_pieces: int | None = None) -> list[WordPieces]:
        if not sentences:
            return []
        safe = [[w if w.strip() else "_" for w in words] or ["_"] for words in sentences]
        encoded = self._tok(safe, is_split_into_words=True, add_special_tokens=False)
        result = []
        for row, words in enumerate(sentences):
            ids = list(encoded["input_ids"][row]) if words else []
            word_of = [-1 if w is None else w for w in encoded.word_ids(row)] if words else []
            if max_pieces is not None:
                ids, word_of = ids[:max_pieces], word_of[:max_pieces]
            result.append(WordPieces([self.bos, *ids, self.eos], [-1, *word_of, -1]))
        return result


def hf_classifier(folder: str | Path, labels: list[str]) -> tuple[TokenClassifier, HFTokenizer]:
    folder = Path(folder)
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(f"{folder}: not a Hugging Face model folder (no config.json)")
    encoder = HFEncoder(folder)
    encoder.freeze_embeddings()
    return TokenClassifier(encoder, encoder.hidden, labels), HFTokenizer(folder)
