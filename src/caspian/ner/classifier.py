"""Token classifier: an encoder plus a linear head over IOB2 tags."""

from __future__ import annotations

import torch
from torch import nn


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
