"""Search indexes built from the store, kept in step per article id.

- `search_fts`: an SQLite FTS5 table, one row per article: title, lead (first paragraph)
  and body as folded words, and the same three as stems in the article's language.
- `search_text` (PostgreSQL): the same analysis as one `tsvector` per article, made here from the
  same folded words and stems (PostgreSQL's parser and stemmers never see the text): title, lead
  and body one after the other under the weight labels A, B, C, a word's stem at the word's
  position; a GIN index.
- `search_docs`: article id -> FTS rowid (also the vector key), language, day, digest.
- vectors (title + lead embeddings, see vectors.py): `DB.vectors` beside an SQLite file; in the
  table `search_vectors` on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, Text, delete, func, select, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from caspian.document import Document
from caspian.search.embedders import DEFAULT_EMBEDDER, Embedder, get_embedder
from caspian.search.query import lexeme
from caspian.search.text import analyse
from caspian.search.vectors import SharedVectors, VectorIndex, ensure_vector_tables, stored_vector_count
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
# PostgreSQL's advisory lock taken while the search tables are created (any number of our own).
CREATE_LOCK = 0x5EA2C4
# The databases keyword search runs on: SQLite (FTS5) and PostgreSQL (tsvector).
KEYWORD_DIALECTS = ("sqlite", "postgresql")

# PostgreSQL: title, lead and body under the weight labels A, B, C of a tsvector, each word's folded
# form and stem at the word's position (one lexeme when they are the same); ts_rank's weights for
# the labels (D, C, B, A) are FTS_WEIGHTS' for the words, 5 -> 1.0 (D is not used).
TS_LABELS = ("A", "B", "C")
TS_WEIGHTS = (0.0, *(round(w / max(FTS_WEIGHTS), 3) for w in reversed(FTS_WEIGHTS[:3])))
# The fields follow each other one position apart, so that `a <-> b` never joins two of them; a
# tsvector holds positions up to 16,383 and 256 of them per lexeme.
TS_MAX_POS, TS_MAX_POSITIONS = 16383, 256
# ... and lexemes under 2,047 bytes, all of them under 1 MB.
TS_MAX_WORD, TS_MAX_BYTES = 2046, 1_000_000

metadata = MetaData()
# Tables of PostgreSQL alone (SQLite's keyword index is the FTS5 table).
server_metadata = MetaData()

search_text = Table(
    "search_text",
    server_metadata,
    Column("key", BigInteger, primary_key=True),
    Column("tsv", TSVECTOR, nullable=False),
    # how many positions the tsvector holds: ts_rank's length normalisation, computed once here
    Column("positions", Integer, nullable=False),
    Index("ix_search_text_tsv", "tsv", postgresql_using="gin"),
    # Keep a tsvector (2-3 kB for a news article) in its row, neither compressed nor moved out to
    # the TOAST table: ranking reads every matching row's tsvector, and reading it from there took
    # 2.5 times as long (5 vs 2 microseconds a row, docs/search.md).
    postgresql_with={"toast_tuple_target": 8160},
)

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
    """Create the search tables when missing (the FTS5 one on SQLite; the tsvector and vector ones on PostgreSQL)."""
    with store.engine.begin() as conn:
        if store.dialect == "postgresql":
            # two processes starting at once (an indexer, a web server) must not both create them
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CREATE_LOCK})
        metadata.create_all(conn)
        if store.dialect == "postgresql":
            server_metadata.create_all(conn)
            ensure_vector_tables(conn)
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
    """Keyword search needs SQLite (FTS5) or PostgreSQL (tsvector)."""
    if store.dialect not in KEYWORD_DIALECTS:
        raise SearchError(
            f"keyword search uses SQLite FTS5 or PostgreSQL and the database is {store.dialect}; "
            "use mode='semantic' (with a vectors_path), or an SQLite or PostgreSQL database"
        )


def tsvector_text(fields: list[tuple[str, str]]) -> str:
    return tsvector_and_length(fields)[0]


def tsvector_and_length(fields: list[tuple[str, str]]) -> tuple[str, int]:
    """An article's tsvector as text (read with a cast): `fields` are (folded words, stems) of the
    title, lead and body as `analyse` gives them, the same streams the FTS5 columns hold.

    A word's folded form and its stem share its position, so a phrase matches by folded forms, by
    stems, or (unlike FTS5, where the two are separate columns) by a mix of both. PostgreSQL's
    limits: positions past 16,383 all count as 16,383 and a lexeme keeps 256 of them (such words
    still match, in phrases no longer); a "word" of 2,047 bytes or more is left out, and so are the new
    words of a text once its distinct words reach 1 MB."""
    positions: dict[str, list[str]] = {}
    size, pos = 0, 1
    for (words, stems), label in zip(fields, TS_LABELS, strict=True):
        # parallel streams, one form of each per word (`analyse`); never fail an article over a stem
        for word, stem in zip(words.split(), stems.split(), strict=False):
            entry = f"{min(pos, TS_MAX_POS)}{label}"
            for form in (word, stem) if stem != word else (word,):
                at = positions.get(form)
                if at is None:
                    n = len(form.encode("utf-8"))
                    if n > TS_MAX_WORD or size + n > TS_MAX_BYTES:
                        continue
                    size += n
                    at = positions[form] = []
                if len(at) < TS_MAX_POSITIONS and (not at or at[-1] != entry):
                    at.append(entry)
            pos += 1
        pos += 1
    text_ = " ".join(f"{lexeme(w)}:{','.join(at)}" for w, at in positions.items())
    return text_, sum(len(at) for at in positions.values())


def search_readiness(store: Store) -> tuple[bool, bool]:
    """(a keyword index with something in it, vectors to search) of a store, on either backend; for
    the web's readiness probe. False while the search tables are not there yet."""
    if store.dialect not in KEYWORD_DIALECTS:
        return False, False
    try:
        keyword = indexed_count(store) > 0
        if store.dialect == "postgresql":
            return keyword, keyword and stored_vector_count(store, limit=1) > 0
    except (OperationalError, ProgrammingError):
        return False, False
    path = default_vectors_path(store)
    return keyword, bool(path and path.exists())


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
        self.keyword = self.store.dialect in KEYWORD_DIALECTS
        self.server = self.store.dialect == "postgresql"
        path = Path(vectors_path) if vectors_path else default_vectors_path(self.store)
        if not self.keyword and (embedder is None or path is None):
            require_fts(self.store)
        ensure_tables(self.store)
        self.autosave = autosave
        self.embedder: Embedder | None = get_embedder(embedder) if embedder else None
        self.vectors: VectorIndex | None = None
        if self.embedder is not None:
            built_with = get_meta(self.store, "embedder")
            if self.server:  # in the database; `vectors_path` caches the built index
                self.vectors = SharedVectors(self.store, self.embedder.dim, path)
            else:
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
            if isinstance(self.vectors, SharedVectors):
                self.vectors.refresh()  # another worker may have embedded some since
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

    def _delete_keyword(self, conn: Any, ids: list[str]) -> None:
        if self.server:
            conn.execute(delete(search_text).where(search_text.c.key.in_([article_key(i) for i in ids])))
        elif self.keyword:
            conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :k"), [{"k": article_key(i)} for i in ids])

    def _write(self, conn: Any, docs: list[Document], replaced: list[str], digests: dict[str, str]) -> None:
        for ids in _chunks(replaced):
            self._delete_keyword(conn, ids)
            conn.execute(delete(search_docs).where(search_docs.c.article_id.in_(ids)))
        if self.server:
            rows = []
            for d in docs:
                lead, body = split_lead(d.title, d.text)
                tsv, length = tsvector_and_length([analyse(part, d.lang) for part in (d.title or "", lead, body)])
                rows.append({"key": article_key(d.id), "tsv": tsv, "positions": length})
            # another indexer (a second worker) may have written the same article meanwhile
            conn.execute(
                text(
                    "INSERT INTO search_text(key, tsv, positions) VALUES (:key, CAST(:tsv AS tsvector), :positions) "
                    "ON CONFLICT (key) DO UPDATE SET tsv = EXCLUDED.tsv, positions = EXCLUDED.positions"
                ),
                rows,
            )
        elif self.keyword:
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
                self._delete_keyword(conn, chunk)
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
        On PostgreSQL: fresh planner statistics of the search tables instead (ANALYZE).
        """
        if self.server:
            with self.store.engine.begin() as conn:
                conn.execute(text("ANALYZE search_text"))
                conn.execute(text("ANALYZE search_docs"))
        elif self.keyword:
            with self.store.engine.begin() as conn:
                conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))

    def rebuild(self, store: Store | None = None, batch: int = 256, progress: Progress | None = None) -> int:
        """Drop both indexes and index every stored article again."""
        with self.store.engine.begin() as conn:
            if self.server:
                conn.execute(delete(search_text))
            elif self.keyword:
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


def server_sizes(store: Store) -> dict[str, float]:
    """PostgreSQL: the size of the whole database and of the vector table, in MB."""
    with store.engine.connect() as conn:
        database = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        vectors = conn.execute(text("SELECT coalesce(pg_total_relation_size(to_regclass('search_vectors')), 0)"))
        vectors = vectors.scalar_one()
    return {"database_mb": round(database / 2**20, 1), "vectors_mb": round(vectors / 2**20, 1)}


def indexed_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(search_docs)).scalar_one()
