"""Search indexes built from the store, kept in step per article id.

- `search_fts`: an SQLite FTS5 table, one row per article: title, lead (first paragraph)
  and body as folded words, and the same three as stems in the article's language.
- `search_docs`: article id -> FTS rowid (also the vector key), language, day, digest.
- `DB.vectors` beside the database file: title + lead embeddings (see vectors.py).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, Column, Index, MetaData, String, Table, Text, delete, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from caspian.document import Document
from caspian.search.embedders import DEFAULT_EMBEDDER, Embedder, get_embedder
from caspian.search.text import analyse
from caspian.search.vectors import VectorIndex
from caspian.store import Store
from caspian.store import schema as store_schema

FTS_TABLE = "search_fts"
FTS_COLUMNS = ("title", "lead", "body", "title_stem", "lead_stem", "body_stem")
# bm25() weights in FTS_COLUMNS order: title > lead > body, a stem match worth half a word match.
FTS_WEIGHTS = (5.0, 3.0, 1.0, 2.5, 1.5, 0.5)
LEAD_MAX = 800
Progress = Callable[[int, int], None]
EMBED_MAX = 1200
# `Indexer.update` merges the FTS segments when at least this many articles changed.
OPTIMIZE_AFTER = 1000

metadata = MetaData()

search_docs = Table(
    "search_docs",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("key", BigInteger, nullable=False, unique=True),
    Column("lang", String(8)),
    Column("day", String(10)),
    Column("digest", String(16), nullable=False),
    Index("ix_search_docs_lang", "lang"),
    Index("ix_search_docs_day", "day"),
)

search_meta = Table(
    "search_meta",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)


class SearchError(RuntimeError):
    pass


def article_key(article_id: str) -> int:
    """The FTS rowid and vector key of an article: 60 bits of a hash of its id."""
    return int(hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:15], 16)


_DAY = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")


def day_of(published: str | None) -> str | None:
    m = _DAY.match(published or "")
    return m.group() if m else None


def split_lead(title: str | None, body: str) -> tuple[str, str]:
    """(first paragraph, the rest); a very long first paragraph is cut after a sentence."""
    paras = [p.strip() for p in body.split("\n") if p.strip()]
    if paras and title and paras[0] == title.strip():
        paras = paras[1:]
    if not paras:
        return "", ""
    lead, rest = paras[0], paras[1:]
    if len(lead) > LEAD_MAX:
        cut = lead.rfind(". ", 0, LEAD_MAX)
        cut = cut + 1 if cut > 0 else LEAD_MAX
        lead, rest = lead[:cut], [lead[cut:].strip(), *rest]
    return lead, "\n".join(rest)


def passage_text(doc: Document) -> str:
    """What an article is embedded as: its title and lead."""
    lead, _ = split_lead(doc.title, doc.text)
    return "\n".join(p for p in (doc.title or "", lead) if p)[:EMBED_MAX]


def digest(doc: Document) -> str:
    key = "\x1f".join((doc.title or "", doc.lang or "", doc.published or "", doc.text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def default_vectors_path(store: Store) -> Path | None:
    """`caspian.db.vectors` beside an SQLite file; None for memory databases and servers."""
    url = make_url(store.url)
    if store.dialect != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).expanduser().resolve().with_name(Path(url.database).name + ".vectors")


def ensure_tables(store: Store) -> None:
    """Create the search tables when missing (the FTS5 one on SQLite only)."""
    with store.engine.begin() as conn:
        metadata.create_all(conn)
        if store.dialect == "sqlite":
            columns = ", ".join(FTS_COLUMNS)
            try:
                conn.execute(
                    text(
                        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                        f"{columns}, tokenize = 'unicode61 remove_diacritics 0')"
                    )
                )
            except OperationalError as exc:
                raise SearchError(f"this SQLite has no FTS5 module ({exc.orig}); keyword search needs it") from exc


def require_fts(store: Store) -> None:
    if store.dialect != "sqlite":
        raise SearchError(
            f"keyword search uses SQLite FTS5 and the database is {store.dialect}; "
            "use mode='semantic' (with a vectors_path) or an SQLite database"
        )


def open_store(store_or_url: Store | str) -> Store:
    return store_or_url if isinstance(store_or_url, Store) else Store(store_or_url)


def get_meta(store: Store, name: str) -> str | None:
    with store.engine.connect() as conn:
        return conn.execute(select(search_meta.c.value).where(search_meta.c.name == name)).scalar()


def _set_meta(conn: Any, name: str, value: str) -> None:
    conn.execute(delete(search_meta).where(search_meta.c.name == name))
    conn.execute(search_meta.insert().values(name=name, value=value))


def _chunks(items: list, size: int = 500) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Indexer:
    """Adds articles to the keyword and vector indexes; idempotent per article id.

    With `embedder=None` only the keyword index is kept (no model is loaded).
    Vectors are written to disk by `save()`, on leaving a `with` block, and after
    each `add()` when `autosave` is true.
    """

    def __init__(
        self,
        store: Store | str,
        embedder: str | None = DEFAULT_EMBEDDER,
        vectors_path: str | Path | None = None,
        autosave: bool = True,
    ) -> None:
        self.store = open_store(store)
        self.keyword = self.store.dialect == "sqlite"
        path = Path(vectors_path) if vectors_path else default_vectors_path(self.store)
        if not self.keyword and (embedder is None or path is None):
            require_fts(self.store)
        ensure_tables(self.store)
        self.autosave = autosave
        self.embedder: Embedder | None = get_embedder(embedder) if embedder else None
        self.vectors: VectorIndex | None = None
        if self.embedder is not None:
            built_with = get_meta(self.store, "embedder")
            self.vectors = VectorIndex(path, self.embedder.dim)
            if built_with and built_with != self.embedder.name and len(self.vectors):
                raise SearchError(
                    f"the vector index was built with {built_with!r}, not {self.embedder.name!r}: "
                    f"use embedder={built_with!r}, or Indexer(store, embedder={self.embedder.name!r}).rebuild()"
                )

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.save()

    def save(self) -> None:
        if self.vectors is not None:
            self.vectors.save()

    def add(self, docs: Iterable[Document]) -> int:
        """Index new or changed articles (and embed any whose vector is missing); returns how many changed."""
        by_id = {d.id: d for d in docs if d.id}
        if not by_id:
            return 0
        known: dict[str, str] = {}
        with self.store.engine.connect() as conn:
            for ids in _chunks(list(by_id)):
                rows = conn.execute(
                    select(search_docs.c.article_id, search_docs.c.digest).where(search_docs.c.article_id.in_(ids))
                )
                known.update({r.article_id: r.digest for r in rows})
        digests = {i: digest(d) for i, d in by_id.items()}
        changed = [d for i, d in by_id.items() if known.get(i) != digests[i]]
        if changed:
            with self.store.engine.begin() as conn:
                self._write(conn, changed, [d.id for d in changed if d.id in known], digests)
        if self.vectors is not None and self.embedder is not None:
            changed_ids = {d.id for d in changed}
            rest = [d for d in by_id.values() if d.id not in changed_ids]
            present = self.vectors.has([article_key(d.id) for d in rest])
            missing = [d for d, has in zip(rest, present, strict=True) if not has]
            todo = changed + missing
            if todo:
                vectors = self.embedder.embed_passages([passage_text(d) for d in todo])
                self.vectors.upsert([article_key(d.id) for d in todo], vectors)
                with self.store.engine.begin() as conn:
                    _set_meta(conn, "embedder", self.embedder.name)
                if self.autosave:
                    self.vectors.save()
        return len(changed)

    def _write(self, conn: Any, docs: list[Document], replaced: list[str], digests: dict[str, str]) -> None:
        for ids in _chunks(replaced):
            if self.keyword:
                conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :k"), [{"k": article_key(i)} for i in ids])
            conn.execute(delete(search_docs).where(search_docs.c.article_id.in_(ids)))
        if self.keyword:
            rows = []
            for d in docs:
                lead, body = split_lead(d.title, d.text)
                fields = [analyse(part, d.lang) for part in (d.title or "", lead, body)]
                rows.append(
                    {"rowid": article_key(d.id)}
                    | {name: fields[i][0] for i, name in enumerate(FTS_COLUMNS[:3])}
                    | {name: fields[i][1] for i, name in enumerate(FTS_COLUMNS[3:])}
                )
            names = ", ".join(FTS_COLUMNS)
            values = ", ".join(f":{c}" for c in FTS_COLUMNS)
            conn.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, {names}) VALUES (:rowid, {values})"), rows)
        conn.execute(
            search_docs.insert(),
            [
                {
                    "article_id": d.id,
                    "key": article_key(d.id),
                    "lang": d.lang,
                    "day": day_of(d.published),
                    "digest": digests[d.id],
                }
                for d in docs
            ],
        )

    def remove(self, article_ids: Iterable[str]) -> None:
        ids = list(article_ids)
        with self.store.engine.begin() as conn:
            for chunk in _chunks(ids):
                if self.keyword:
                    conn.execute(
                        text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :k"), [{"k": article_key(i)} for i in chunk]
                    )
                conn.execute(delete(search_docs).where(search_docs.c.article_id.in_(chunk)))
        if self.vectors is not None:
            self.vectors.remove([article_key(i) for i in ids])
            if self.autosave:
                self.vectors.save()

    def update(self, store: Store | None = None, batch: int = 256, progress: Progress | None = None) -> int:
        """Index every stored article not yet indexed (or changed since); returns how many changed.

        `progress(done, total)` is called after each batch of `batch` articles.
        """
        store = store or self.store
        total, done = store.count(), 0
        autosave, self.autosave = self.autosave, False
        changed = 0
        try:
            for docs in stored_articles(store, batch):
                changed += self.add(docs)
                done += len(docs)
                if progress:
                    progress(done, total)
        finally:
            self.autosave = autosave
        self.save()
        if changed >= OPTIMIZE_AFTER:
            self.optimize()
        return changed

    def optimize(self) -> None:
        """Merge the keyword index's segments into one b-tree (FTS5 `optimize`).

        Bulk indexing leaves one segment per batch, and a query then looks up each word in every
        segment; at 100,000 articles merging takes ~3 s and cuts keyword p95 by about a fifth
        (docs/search.md). Small additions are left to FTS5's own incremental merging.
        """
        if self.keyword:
            with self.store.engine.begin() as conn:
                conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))

    def rebuild(self, store: Store | None = None, batch: int = 256, progress: Progress | None = None) -> int:
        """Drop both indexes and index every stored article again."""
        with self.store.engine.begin() as conn:
            if self.keyword:
                conn.execute(text(f"DELETE FROM {FTS_TABLE}"))
            conn.execute(delete(search_docs))
            conn.execute(delete(search_meta))
        if self.vectors is not None:
            self.vectors.clear()
        return self.update(store, batch, progress)


def stored_articles(store: Store, batch: int = 256) -> Iterator[list[Document]]:
    """The stored articles with the fields search needs, in batches (lighter than Store.documents())."""
    a = store_schema.articles
    last = ""
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(a.c.id, a.c.title, a.c.text, a.c.lang, a.c.published)
                .where(a.c.id > last)
                .order_by(a.c.id)
                .limit(batch)
            ).all()
        if not rows:
            return
        yield [Document(raw="", id=r.id, title=r.title, text=r.text, lang=r.lang, published=r.published) for r in rows]
        last = rows[-1].id


def indexed_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(search_docs)).scalar_one()
