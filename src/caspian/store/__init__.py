"""The store: documents in and out of a SQL database. It knows tables, not stages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from caspian.document import Document, Failure
from caspian.store import schema
from caspian.store.migrations import migrate

__all__ = ["BatchResult", "Store", "StoreError", "open_store"]


# Columns of `articles` that are Document fields, stored and read back as they are.
DOCUMENT_COLUMNS = tuple(c.name for c in schema.articles.columns if c.name in Document.__dataclass_fields__)


class StoreError(RuntimeError):
    pass


@dataclass(slots=True)
class BatchResult:
    stored: int = 0
    duplicates: int = 0
    failures: int = 0


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class Store:
    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {url!r} (e.g. sqlite:///caspian.db or postgresql://...)") from exc
        self.url = url
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite" and parsed.database not in (None, "", ":memory:"):
            folder = Path(parsed.database).expanduser().resolve().parent
            if not folder.is_dir():
                raise StoreError(f"folder for the database does not exist: {folder}")
        try:
            self.engine: Engine = create_engine(url, future=True)
        except ModuleNotFoundError as exc:
            raise StoreError(f"no driver for {self.dialect}: {exc.name} is not installed") from exc
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            with self.engine.begin() as conn:
                migrate(conn)
        except OperationalError as exc:
            raise StoreError(f"cannot open database {url}: {exc.orig}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------------
    def completed_sources(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(schema.sources.c.key)).scalars())

    def write_batch(
        self,
        docs: Iterable[Document],
        failures: Iterable[Failure] = (),
        completed: Iterable[tuple[str, str, int]] = (),
    ) -> BatchResult:
        """Store a batch in one transaction: all of it, or (on a crash) none of it."""
        result = BatchResult()
        now = datetime.now(UTC)
        docs = list(docs)
        with self.engine.begin() as conn:
            ids = [d.id for d in docs]
            existing = set()
            for i in range(0, len(ids), 500):
                existing |= set(
                    conn.execute(
                        select(schema.articles.c.id).where(schema.articles.c.id.in_(ids[i : i + 500]))
                    ).scalars()
                )
            new: dict[str, Document] = {}
            for doc in docs:
                if doc.id in existing or doc.id in new:
                    result.duplicates += 1
                else:
                    new[doc.id] = doc
            if new:
                # Another writer (a second ingest on an overlapping folder) may have stored some of them
                # since the look-up: only the articles this insert really added get their rows.
                added = self._insert_documents(conn, list(new.values()), now)
                result.duplicates += len(new) - len(added)
                new = {i: d for i, d in new.items() if i in added}
            result.stored = len(new)
            for key, path, count in completed:
                self._insert_ignore(
                    conn, schema.sources, [{"key": key, "path": path, "articles": count, "completed_at": now}], ["key"]
                )
                # A source that now reads cleanly is no longer a failure (its items may still be).
                conn.execute(schema.failures.delete().where(schema.failures.c.origin == path))
            for failure in failures:
                self._record_failure(conn, failure, now)
                result.failures += 1
        return result

    def _insert_ignore(self, conn: Any, table: Any, rows: list[dict], keys: list[str]) -> None:
        if not rows:
            return
        if self.dialect not in ON_CONFLICT_DIALECTS:
            existing = {tuple(r) for r in conn.execute(select(*[table.c[k] for k in keys]))}
            rows = [r for r in rows if tuple(r[k] for k in keys) not in existing]
            if rows:
                conn.execute(table.insert(), rows)
            return
        conn.execute(insert_ignoring(self.dialect, table, keys), rows)

    def _insert_documents(self, conn: Any, docs: list[Document], now: datetime) -> set[str]:
        """Insert the articles that are not there yet (`INSERT ... ON CONFLICT DO NOTHING`) and the
        rows of those; returns the ids inserted."""
        rows = [{**{c: getattr(d, c) for c in DOCUMENT_COLUMNS}, "ingested_at": now} for d in docs]
        if self.dialect in ON_CONFLICT_DIALECTS:
            query = insert_ignoring(self.dialect, schema.articles, ["id"]).returning(schema.articles.c.id)
            added = {row[0] for row in conn.execute(query, rows)}
        else:
            conn.execute(schema.articles.insert(), rows)
            added = {d.id for d in docs}
        docs = [d for d in docs if d.id in added]
        kinds = {d.id: d.meta.get("removed_kinds", []) for d in docs}
        removed = [
            {
                "article_id": d.id,
                "position": i,
                "line": line,
                "kind": (kinds[d.id][i] if i < len(kinds[d.id]) else None),
            }
            for d in docs
            for i, line in enumerate(d.removed)
        ]
        if removed:
            conn.execute(schema.removed_lines.insert(), removed)
        entity_rows, mention_rows = [], []
        for d in docs:
            for ent in d.entities:
                eid = ent.get("id") or f"caspian:{_slug(ent['canonical'])}"
                entity_rows.append(
                    {
                        "id": eid,
                        "canonical": ent["canonical"],
                        "type": ent["type"],
                        "wikidata": ent.get("wikidata"),
                        "aliases": [],
                    }
                )
                for m in ent.get("mentions", []):
                    mention_rows.append(
                        {
                            "article_id": d.id,
                            "entity_id": eid,
                            "start": m["start"],
                            "end": m["end"],
                            "text": m["text"],
                            "role": ent.get("role"),
                        }
                    )
        self._insert_ignore(conn, schema.entities, list({r["id"]: r for r in entity_rows}.values()), ["id"])
        if mention_rows:
            conn.execute(schema.mentions.insert(), mention_rows)
        fact_cols = (
            "commodity",
            "metric",
            "value",
            "unit",
            "period",
            "modality",
            "geo",
            "quote",
            "start",
            "end",
            "confidence",
        )
        fact_rows = [{"article_id": d.id, **{c: f.get(c) for c in fact_cols}, "data": f} for d in docs for f in d.facts]
        if fact_rows:
            conn.execute(schema.facts.insert(), fact_rows)
        event_rows = [
            {
                "article_id": d.id,
                "type": e["type"],
                "participants": e.get("participants", []),
                "place": e.get("place"),
                "date": e.get("date"),
                "start": e.get("start"),
                "end": e.get("end"),
                "summary": e.get("summary"),
                "data": e,
            }
            for d in docs
            for e in d.events
        ]
        if event_rows:
            conn.execute(schema.events.insert(), event_rows)
        return added

    def _record_failure(self, conn: Any, failure: Failure, now: datetime) -> None:
        table = schema.failures
        row = conn.execute(select(table.c.count).where(table.c.origin == failure.origin)).first()
        if row is None:
            conn.execute(
                table.insert().values(
                    origin=failure.origin,
                    stage=failure.stage,
                    reason=failure.reason,
                    count=1,
                    first_seen=now,
                    last_seen=now,
                )
            )
        else:
            conn.execute(
                table.update()
                .where(table.c.origin == failure.origin)
                .values(stage=failure.stage, reason=failure.reason, count=row.count + 1, last_seen=now)
            )

    # -- reading -----------------------------------------------------------------------------------
    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.articles)).scalar_one()

    def get(self, article_id: str) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.articles).where(schema.articles.c.id == article_id)).mappings().first()
            if row is None:
                return None
            return self._to_document(conn, row)

    def documents(self, batch: int = 500) -> Iterator[Document]:
        """Every stored article with its record, in id order, streamed."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = (
                    conn.execute(
                        select(schema.articles)
                        .where(schema.articles.c.id > last)
                        .order_by(schema.articles.c.id)
                        .limit(batch)
                    )
                    .mappings()
                    .all()
                )
                if not rows:
                    return
                for row in rows:
                    yield self._to_document(conn, row)
            last = rows[-1]["id"]

    def _to_document(self, conn: Any, row: Any) -> Document:
        removed = conn.execute(
            select(schema.removed_lines.c.line, schema.removed_lines.c.kind)
            .where(schema.removed_lines.c.article_id == row["id"])
            .order_by(schema.removed_lines.c.position)
        ).all()
        doc = Document(raw="", **{k: row[k] for k in DOCUMENT_COLUMNS})
        doc.removed = [r.line for r in removed]
        doc.meta["removed_kinds"] = [r.kind for r in removed]
        ents: dict[str, dict] = {}
        q = (
            select(schema.mentions, schema.entities.c.canonical, schema.entities.c.type, schema.entities.c.wikidata)
            .join(schema.entities, schema.entities.c.id == schema.mentions.c.entity_id)
            .where(schema.mentions.c.article_id == row["id"])
            .order_by(schema.mentions.c.start, schema.mentions.c.id)  # the order they were stored in, on any backend
        )
        for m in conn.execute(q).mappings():
            ent = ents.setdefault(
                m["entity_id"],
                {
                    "id": m["entity_id"],
                    "wikidata": m["wikidata"],
                    "canonical": m["canonical"],
                    "type": m["type"],
                    "role": m["role"],
                    "mentions": [],
                },
            )
            ent["mentions"].append({"start": m["start"], "end": m["end"], "text": m["text"]})
        doc.entities = list(ents.values())
        f, e = schema.facts.c, schema.events.c
        doc.facts = [r.data for r in conn.execute(select(f.data).where(f.article_id == row["id"]).order_by(f.id))]
        doc.events = [r.data for r in conn.execute(select(e.data).where(e.article_id == row["id"]).order_by(e.id))]
        return doc

    def failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.failures).order_by(schema.failures.c.origin)).mappings().all()
            return [dict(r) for r in rows]

    def stats(self) -> dict[str, Any]:
        a = schema.articles
        with self.engine.connect() as conn:

            def count(table: Any) -> int:
                return conn.execute(select(func.count()).select_from(table)).scalar_one()

            by_lang = dict(conn.execute(select(a.c.lang, func.count()).group_by(a.c.lang)).all())
            by_source = dict(
                conn.execute(
                    select(a.c.source, func.count()).group_by(a.c.source).order_by(func.count().desc()).limit(10)
                ).all()
            )
            span = conn.execute(select(func.min(a.c.published), func.max(a.c.published))).one()
            return {
                "articles": count(a),
                "languages": {str(k): v for k, v in sorted(by_lang.items(), key=lambda kv: -kv[1])},
                "sources": {("(not stated)" if k is None else str(k)): v for k, v in by_source.items()},
                "published": {"first": span[0], "last": span[1]},
                "removed_lines": count(schema.removed_lines),
                "entities": count(schema.entities),
                "mentions": count(schema.mentions),
                "facts": count(schema.facts),
                "events": count(schema.events),
                "story_clusters": count(schema.clusters),
                "failures": count(schema.failures),
                "completed_sources": count(schema.sources),
            }


def open_store(url: str) -> Store:
    return Store(url)


# Dialects whose INSERT knows ON CONFLICT DO NOTHING.
ON_CONFLICT_DIALECTS = ("sqlite", "postgresql")


def insert_ignoring(dialect: str, table: Any, keys: list[str]) -> Any:
    """`INSERT ... ON CONFLICT (keys) DO NOTHING` into `table` for a dialect of ON_CONFLICT_DIALECTS."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        raise ValueError(f"{dialect} has no INSERT ... ON CONFLICT here (only {', '.join(ON_CONFLICT_DIALECTS)})")
    return insert(table).on_conflict_do_nothing(index_elements=keys)
