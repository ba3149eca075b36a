"""The vector index: article embeddings in a usearch file beside the database (`caspian.db.vectors`)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from usearch.index import Index

# Below this many vectors a search compares against all of them: exact, and still fast.
EXACT_BELOW = 50_000


class VectorIndex:
    def __init__(self, path: Path | None, dim: int) -> None:
        self.path = path
        self.dim = dim
        self.index = Index(ndim=dim, metric="cos", dtype="f16")
        self.mtime: float | None = None
        if path is not None and path.exists():
            self.index.load(str(path))
            self.mtime = path.stat().st_mtime
            if self.index.ndim != dim:
                raise ValueError(f"{path} holds {self.index.ndim}-dimensional vectors, the embedder gives {dim}")

    def __len__(self) -> int:
        return len(self.index)

    def has(self, keys: list[int]) -> list[bool]:
        if not keys or not len(self.index):
            return [False] * len(keys)
        return [bool(x) for x in self.index.contains(np.asarray(keys, dtype=np.uint64))]

    def upsert(self, keys: list[int], vectors: np.ndarray) -> None:
        if not keys:
            return
        ids = np.asarray(keys, dtype=np.uint64)
        present = ids[np.asarray(self.has(keys), dtype=bool)]
        if len(present):
            self.index.remove(present)
        self.index.add(ids, np.asarray(vectors, dtype=np.float32))

    def remove(self, keys: list[int]) -> None:
        present = [k for k, h in zip(keys, self.has(keys), strict=True) if h]
        if present:
            self.index.remove(np.asarray(present, dtype=np.uint64))

    def clear(self) -> None:
        self.index = Index(ndim=self.dim, metric="cos", dtype="f16")

    def search(self, vector: np.ndarray, count: int) -> list[tuple[int, float]]:
        """Nearest keys with their cosine similarity, best first."""
        if not len(self.index):
            return []
        count = min(count, len(self.index))
        found = self.index.search(np.asarray(vector, dtype=np.float32), count, exact=len(self.index) < EXACT_BELOW)
        return [(int(k), 1.0 - float(d)) for k, d in zip(found.keys, found.distances, strict=True)]

    def save(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_name(self.path.name + f".tmp{os.getpid()}")
        self.index.save(str(tmp))
        os.replace(tmp, self.path)
        self.mtime = self.path.stat().st_mtime

    def stale(self) -> bool:
        """True when another process has saved the file since it was loaded."""
        return self.path is not None and self.path.exists() and self.path.stat().st_mtime != self.mtime
