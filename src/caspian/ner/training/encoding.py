"""Samples -> subword ids and per-subword tag ids; batches grouped by length."""

from __future__ import annotations

import random
from dataclasses import dataclass

from caspian.ner.features import IGNORE
from caspian.ner.tokenizer import E5Tokenizer
from caspian.ner.training.corpora import Sample


@dataclass(frozen=True, slots=True)
class Features:
    ids: list[int]
    tags: list[int]  # IGNORE except on each word's first piece


def encode_samples(
    tokenizer: E5Tokenizer, samples: list[Sample], tag_index: dict[str, int], max_pieces: int
) -> list[Features]:
    words = [[s.text[a:b] for a, b in s.words] for s in samples]
    pieces = tokenizer.encode_batch(words, max_pieces=max_pieces)
    out = []
    for sample, wp in zip(samples, pieces, strict=True):
        word_tags = [tag_index.get(t, 0) for t in sample.word_tags()]
        tags, previous = [], -1
        for w in wp.word_of:
            tags.append(word_tags[w] if w >= 0 and w != previous else IGNORE)
            previous = w
        out.append(Features(wp.ids, tags))
    return out


def length_batches(lengths: list[int], batch_size: int, rng: random.Random | None, pool: int = 50) -> list[list[int]]:
    """Indices grouped into batches of similar length (less padding). With `rng`, the order is
    shuffled first and batches are shuffled after sorting within pools of `pool` batches."""
    order = list(range(len(lengths)))
    if rng:
        rng.shuffle(order)
    batches = []
    span = batch_size * pool
    for start in range(0, len(order), span):
        chunk = sorted(order[start : start + span], key=lengths.__getitem__)
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    if rng:
        rng.shuffle(batches)
    return batches
