"""The vector index: article embeddings in a usearch file beside an SQLite database
(`caspian.db.vectors`), or in the database itself on a server (`SharedVectors`)."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    func,
    select,
    tuple_,
    update,
)
from sqlalchemy import (
    Index as SqlIndex,
)
from sqlalchemy.dialects.postgresql import insert
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


# -- vectors in the database (PostgreSQL) ---------------------------------------------------------
# On a server database the vectors live in the database, so that every worker and web server sees
# the same ones: `search_vectors` (article key -> float32 bytes, the version of the change that
# wrote it; NULL bytes mark a removed key) and `search_vector_state` (one row: an epoch, renewed when
# everything is dropped, and the version of the last change). Each process keeps a usearch index
# built from the table, and brings it up to date by reading the rows of a higher version than the
# last it read. Writers take the state row's lock to number their change, so versions are in commit
# order and a reader never skips a change committed after one it has read.

db_metadata = MetaData()

search_vectors = Table(
    "search_vectors",
    db_metadata,
    Column("key", BigInteger, primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("vector", LargeBinary),
    SqlIndex("ix_search_vectors_version", "version"),
)

search_vector_state = Table(
    "search_vector_state",
    db_metadata,
    Column("id", Integer, primary_key=True),
    Column("epoch", String(32), nullable=False),
    Column("version", BigInteger, nullable=False),
)

FETCH = 5000


def ensure_vector_tables(conn: Any) -> None:
    db_metadata.create_all(conn)
    if conn.execute(select(search_vector_state.c.id)).first() is None:
        conn.execute(
            insert(search_vector_state)
            .values(id=1, epoch=uuid.uuid4().hex, version=0)
            .on_conflict_do_nothing(index_elements=["id"])
        )


def vector_state(conn: Any) -> tuple[str, int]:
    row = conn.execute(select(search_vector_state.c.epoch, search_vector_state.c.version)).first()
    return (row.epoch, int(row.version)) if row else ("", 0)


def stored_vector_count(store: Any, limit: int | None = None) -> int:
    """How many vectors the database holds (counting at most `limit`)."""
    v = search_vectors.c
    with store.engine.connect() as conn:
        some = select(v.key).where(v.vector.is_not(None)).limit(limit).subquery()
        return conn.execute(select(func.count()).select_from(some)).scalar_one()


def _next_version(conn: Any) -> tuple[str, int]:
    """Number a change: the state row's lock is held until the transaction ends."""
    s = search_vector_state.c
    row = conn.execute(
        update(search_vector_state).where(s.id == 1).values(version=s.version + 1).returning(s.epoch, s.version)
    ).first()
    return row.epoch, int(row.version)


class SharedVectors(VectorIndex):
    """The vector index of a server database: the vectors in table `search_vectors`, a usearch
    index of them in memory, refreshed from the rows changed since it was read.

    `path` (optional) caches that index in a file with its state beside it (`PATH.state`), so that
    a restarted process reads only the changes since, not every vector."""

    def __init__(self, store: Any, dim: int, path: Path | None = None) -> None:
        super().__init__(None, dim)
        self.store = store
        self.cache = path
        self.epoch, self.version = "", 0
        with store.engine.begin() as conn:
            ensure_vector_tables(conn)
        if path is not None and path.exists() and state_path(path).exists():
            try:
                epoch, version = json.loads(state_path(path).read_text()).values()
                self.index.load(str(path))
                self.epoch, self.version = str(epoch), int(version)
            except (ValueError, OSError, RuntimeError):
                self.index, self.epoch, self.version = Index(ndim=dim, metric="cos", dtype="f16"), "", 0
        self.refresh()

    def refresh(self) -> bool:
        """Apply the changes committed since the last read; True when there were any."""
        with self.store.engine.connect() as conn:
            epoch, version = vector_state(conn)
            if epoch == self.epoch and version == self.version:
                return False
            if epoch != self.epoch or version < self.version:
                super().clear()
                self.epoch, self.version = epoch, 0
            v = search_vectors.c
            after = (self.version, -1)
            while True:
                rows = conn.execute(
                    select(v.key, v.version, v.vector)
                    .where(tuple_(v.version, v.key) > tuple_(*after), v.version <= version)
                    .order_by(v.version, v.key)
                    .limit(FETCH)
                ).all()
                if not rows:
                    break
                super().remove([int(r.key) for r in rows if r.vector is None])
                kept = [r for r in rows if r.vector is not None]
                if kept:
                    data = np.frombuffer(b"".join(r.vector for r in kept), dtype=np.float32).reshape(len(kept), -1)
                    super().upsert([int(r.key) for r in kept], data)
                after = (int(rows[-1].version), int(rows[-1].key))
            self.version = version
        return True

    def _write(self, rows: list[dict[str, Any]]) -> None:
        with self.store.engine.begin() as conn:
            epoch, version = _next_version(conn)
            for row in rows:
                row["version"] = version
            stmt = insert(search_vectors)
            for i in range(0, len(rows), 1000):
                conn.execute(
                    stmt.on_conflict_do_update(
                        index_elements=["key"],
                        set_={"version": stmt.excluded.version, "vector": stmt.excluded.vector},
                    ),
                    rows[i : i + 1000],
                )
        if epoch == self.epoch and version == self.version + 1:
            self.version = version  # nothing else changed in between: this index holds it all

    def upsert(self, keys: list[int], vectors: np.ndarray) -> None:
        if not keys:
            return
        data = np.asarray(vectors, dtype=np.float32)
        super().upsert(keys, data)
        self._write([{"key": k, "vector": data[i].tobytes()} for i, k in enumerate(keys)])

    def remove(self, keys: list[int]) -> None:
        if not keys:
            return
        super().remove(keys)
        self._write([{"key": k, "vector": None} for k in keys])

    def clear(self) -> None:
        super().clear()
        with self.store.engine.begin() as conn:
            conn.execute(delete(search_vectors))
            epoch = uuid.uuid4().hex
            conn.execute(update(search_vector_state).values(epoch=epoch, version=0))
        self.epoch, self.version = epoch, 0

    def save(self) -> None:
        """The vectors are in the database once written; this caches the index file when a path was given."""
        if self.cache is None:
            return
        tmp = self.cache.with_name(self.cache.name + f".tmp{os.getpid()}")
        self.index.save(str(tmp))
        os.replace(tmp, self.cache)
        state_path(self.cache).write_text(json.dumps({"epoch": self.epoch, "version": self.version}))

    def stale(self) -> bool:
        with self.store.engine.connect() as conn:
            return vector_state(conn) != (self.epoch, self.version)


def state_path(path: Path) -> Path:
    return path.with_name(path.name + ".state")
