"""Padded batches of subword ids (and, in training, of tag ids) for the token classifier."""

from __future__ import annotations

import torch

IGNORE = -100  # tag id of pieces that are not a word's first piece (no loss, no prediction)


def collate(
    ids: list[list[int]], pad: int, tags: list[list[int]] | None = None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """ids [B, T] padded with `pad`, the attention mask [B, T], and tags [B, T] (IGNORE where none)."""
    width = max(len(x) for x in ids)
    tensor = torch.full((len(ids), width), pad, dtype=torch.long)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    tag_tensor = torch.full((len(ids), width), IGNORE, dtype=torch.long)
    for row, seq in enumerate(ids):
        tensor[row, : len(seq)] = torch.tensor(seq)
        mask[row, : len(seq)] = 1
        if tags is not None:
            tag_tensor[row, : len(seq)] = torch.tensor(tags[row])
    return tensor, mask, tag_tensor
