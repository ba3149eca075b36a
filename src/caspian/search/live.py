"""Keeping search and stories up to date: as ingest stores batches, or for everything stored.

with LiveIndex(store) as on_stored:            # the ingest hook
    ingest(paths, store, on_stored=on_stored)  # each stored batch is indexed and clustered
build(store)                                   # `caspian index`: whatever is not indexed yet
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from caspian.document import Document
from caspian.search.embedders import DEFAULT_EMBEDDER
from caspian.search.index import Indexer, Progress, SearchError, article_key, indexed_count, search_docs
from caspian.search.stories import Clusterer, story_count
from caspian.store import Store
from caspian.store import schema as store_schema


class LiveIndex:
    """A callable for `ingest(..., on_stored=...)`: indexes (title + lead embedded, batched) and clusters each batch.

    With `embedder=None` only the keyword index and duplicates are kept (no model loads).
    Vectors are saved when the block ends (and every `save_every` batches).
    """

    def __init__(
        self, store: Store, embedder: str | None = DEFAULT_EMBEDDER, stories: bool = True, save_every: int = 20
    ) -> None:
        self.indexer = Indexer(store, embedder=embedder, autosave=False)
        self.clusterer = Clusterer(store, self.indexer.vectors) if stories else None
        self.save_every = save_every
        self.batches = 0
        self.indexed = 0
        self.assigned = 0

    def __call__(self, docs: list[Document]) -> None:
        if not docs:
            return
        self.indexed += self.indexer.add(docs)
        if self.clusterer is not None:
            self.assigned += len(self.clusterer.add(docs))
        self.batches += 1
        if self.batches % self.save_every == 0:
            self.indexer.save()

    def catch_up(self, batch: int = 256) -> int:
        """Index what an interrupted run stored but never indexed; returns how many articles that was.

        Ingest stores a batch, then indexes it: a kill in between (or before the vectors were saved)
        leaves stored articles that the resumed run will not read again, since their files are done.
        Cheap when nothing is missing: the unindexed articles come from one anti-join in SQL, and
        the vectors are checked key by key only when there are fewer of them than indexed articles.
        """
        a, d = store_schema.articles, search_docs
        with self.indexer.store.engine.connect() as conn:
            todo = list(
                conn.execute(
                    select(a.c.id)
                    .outerjoin(d, d.c.article_id == a.c.id)
                    .where(d.c.article_id.is_(None))
                    .order_by(a.c.id)
                ).scalars()
            )
            indexed = conn.execute(select(func.count()).select_from(d)).scalar_one()
            vectors = self.indexer.vectors
            if vectors is not None and self.indexer.embedder is not None and len(vectors) < indexed:
                known = list(conn.execute(select(d.c.article_id).order_by(d.c.article_id)).scalars())
                has = vectors.has([article_key(i) for i in known])
                todo += [i for i, present in zip(known, has, strict=True) if not present]
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            with self.indexer.store.engine.connect() as conn:
                rows = conn.execute(
                    select(a.c.id, a.c.title, a.c.text, a.c.lang, a.c.published, a.c.path).where(a.c.id.in_(chunk))
                )
                fields = ("id", "title", "text", "lang", "published", "path")
                docs = [Document(raw="", **{f: getattr(r, f) for f in fields}) for r in rows]
            self(docs)
        if todo:
            self.indexer.save()
        return len(todo)

    def close(self) -> None:
        self.indexer.save()

    def __enter__(self) -> LiveIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(slots=True)
class BuildReport:
    articles: int
    changed: int
    indexed: int
    vectors: int
    assigned: int
    stories: int
    embedder: str | None
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def articles_by_date(store: Store, batch: int = 256) -> Iterator[list[Document]]:
    """Stored articles (the fields search needs) oldest first, so stories form as they would have."""
    a = store_schema.articles
    with store.engine.connect() as conn:
        ids = [r.id for r in conn.execute(select(a.c.id).order_by(a.c.published.is_(None), a.c.published, a.c.id))]
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        with store.engine.connect() as conn:
            rows = {
                r.id: r
                for r in conn.execute(
                    select(a.c.id, a.c.title, a.c.text, a.c.lang, a.c.published, a.c.path).where(a.c.id.in_(chunk))
                )
            }
        yield [
            Document(raw="", id=r.id, title=r.title, text=r.text, lang=r.lang, published=r.published, path=r.path)
            for r in (rows[k] for k in chunk if k in rows)
        ]


def build(
    store: Store,
    embedder: str | None = DEFAULT_EMBEDDER,
    rebuild: bool = False,
    stories: bool = True,
    batch: int = 256,
    progress: Progress | None = None,
) -> BuildReport:
    """Index and cluster every stored article not done yet (`rebuild`: drop the indexes and stories first)."""
    started = time.perf_counter()
    total = store.count()
    with Indexer(store, embedder=embedder, autosave=False) as indexer:
        if rebuild:
            changed = indexer.rebuild(progress=progress, batch=batch)
        else:
            changed = indexer.update(progress=progress, batch=batch)
        assigned = 0
        if stories:
            clusterer = Clusterer(store, indexer.vectors)
            if rebuild:
                clusterer.reset()
            for docs in articles_by_date(store, batch):
                assigned += len(clusterer.add(docs))
        vectors = len(indexer.vectors) if indexer.vectors is not None else 0
    return BuildReport(
        articles=total,
        changed=changed,
        indexed=indexed_count(store),
        vectors=vectors,
        assigned=assigned,
        stories=story_count(store) if stories else 0,
        embedder=embedder,
        seconds=round(time.perf_counter() - started, 2),
    )


@contextmanager
def index_on_store(
    store: Store,
    enabled: bool = True,
    embedder: str | None = DEFAULT_EMBEDDER,
    warn: Callable[[str], None] = print,
    note: Callable[[str], None] = print,
) -> Iterator[LiveIndex | None]:
    """The `on_stored` callback of an ingest: a LiveIndex that indexes and clusters each stored batch.

    Yields None when disabled, or when this database cannot hold the search index (`warn` says why).
    Articles an interrupted run stored but did not index are indexed first (`note` says how many).
    """
    if not enabled:
        yield None
        return
    try:
        live = LiveIndex(store, embedder=embedder)
    except SearchError as exc:
        warn(f"not indexing: {exc}")
        yield None
        return
    with live:
        missed = live.catch_up()
        if missed:
            note(f"indexed {missed} stored articles an interrupted run had not indexed")
        yield live
