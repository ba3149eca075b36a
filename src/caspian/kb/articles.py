"""Articles: listings with filters, one article with its provenance, texts, counts and the language mix."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from sqlalchemy import func, select

from caspian.document import Document
from caspian.kb.common import DB, Page, chunks, connect, date_conditions, page, rows
from caspian.store import Store, schema

A, M, F = schema.articles, schema.mentions, schema.facts
# The columns of an article in a listing (its text, record and provenance are in `get_article`).
LISTED = (A.c.id, A.c.title, A.c.lang, A.c.source, A.c.published, A.c.path, A.c.url, A.c.dateline)


class ArticleRow(TypedDict):
    id: str
    title: str | None
    lang: str | None
    source: str | None
    published: str | None
    path: str
    url: str | None
    dateline: str | None


class ListedArticle(ArticleRow):
    cluster_id: str | None


class RemovedLine(TypedDict):
    line: str
    kind: str | None


class ArticleExtras(TypedDict):
    """What the record lacks and a page shows."""

    path: str
    item: int | None
    cluster_id: str | None
    ingested_at: str | None
    removed: list[RemovedLine]


class ArticleDetail(ArticleExtras):
    record: dict[str, Any]


class LanguageShare(TypedDict):
    lang: str
    articles: int
    share: float


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """`lang`: comma-separated codes; `since` / `until`: YYYY[-MM[-DD]] on the publication date;
    `entity`: an entity id the article mentions; `cluster`: a story cluster id."""

    lang: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None
    cluster: str | None = None

    def conditions(self) -> list[Any]:
        conds = date_conditions(A.c.published, self.since, self.until)
        if self.lang:
            conds.append(A.c.lang.in_([x.strip() for x in self.lang.split(",") if x.strip()]))
        if self.source:
            conds.append(A.c.source == self.source)
        if self.entity:
            conds.append(A.c.id.in_(select(M.c.article_id).where(M.c.entity_id == self.entity)))
        if self.cluster:
            conds.append(A.c.cluster_id == self.cluster)
        return conds


def newest_first(query: Any) -> Any:
    return query.order_by(A.c.published.is_(None), A.c.published.desc(), A.c.id)


def list_articles(db: DB, flt: ArticleFilter, limit: int, offset: int) -> Page[ListedArticle]:
    """Articles matching `flt`, newest first (undated last), one page of them."""
    query = newest_first(select(*LISTED, A.c.cluster_id).where(*flt.conditions()))
    with connect(db) as conn:
        return page(conn, query, limit, offset)


def articles_by_id(db: DB, ids: list[str]) -> list[ArticleRow]:
    """The listed columns of these articles, newest first."""
    if not ids:
        return []
    with connect(db) as conn:
        found = rows(conn.execute(select(*LISTED).where(A.c.id.in_(ids))))
    return cast(list[ArticleRow], sorted(found, key=lambda r: (r["published"] or "", r["id"]), reverse=True))


def article_extras(db: DB, article_id: str) -> ArticleExtras | None:
    """Path, item, cluster, ingest time and the removed lines with their kinds; None if no such article."""
    with connect(db) as conn:
        row = conn.execute(
            select(A.c.path, A.c.item, A.c.cluster_id, A.c.ingested_at).where(A.c.id == article_id)
        ).first()
        if row is None:
            return None
        kinds = conn.execute(
            select(schema.removed_lines.c.line, schema.removed_lines.c.kind)
            .where(schema.removed_lines.c.article_id == article_id)
            .order_by(schema.removed_lines.c.position)
        ).all()
    return {
        "path": row.path,
        "item": row.item,
        "cluster_id": row.cluster_id,
        "ingested_at": row.ingested_at.isoformat() if row.ingested_at else None,
        "removed": [{"line": r.line, "kind": r.kind} for r in kinds],
    }


def get_document(store: Store, article_id: str) -> Document | None:
    """The stored article as a Document (record, entities, facts, events), or None."""
    return store.get(article_id)


def get_article(store: Store, article_id: str) -> ArticleDetail | None:
    """One article: its PRODUCT.md record (`record`) and its provenance (path, item, cluster,
    ingest time, removed lines)."""
    doc = store.get(article_id)
    if doc is None:
        return None
    extras = article_extras(store, article_id) or {}
    return cast(ArticleDetail, {"record": doc.record(), **extras})


def iter_documents(store: Store, batch: int = 500) -> Iterator[Document]:
    """Every stored article as a Document, in id order, streamed in batches."""
    return store.documents(batch=batch)


def article_texts(db: DB, ids: list[str]) -> dict[str, str]:
    """{id: clean text} of these articles."""
    out: dict[str, str] = {}
    with connect(db) as conn:
        for part in chunks(ids):
            out.update({r.id: r.text for r in conn.execute(select(A.c.id, A.c.text).where(A.c.id.in_(part)))})
    return out


def article_ids(db: DB, limit: int | None = None) -> list[str]:
    """Article ids in id order (the first `limit`)."""
    query = select(A.c.id).order_by(A.c.id)
    if limit is not None:
        query = query.limit(limit)
    with connect(db) as conn:
        return list(conn.execute(query).scalars())


def article_ids_with(db: DB, entity: str | None, commodity: str | None, ids: list[str]) -> set[str]:
    """The subset of `ids` that mentions `entity` (an id) and has a fact on `commodity` (each when given)."""
    keep = set(ids)
    with connect(db) as conn:
        if entity and keep:
            mentioning = select(M.c.article_id).where(M.c.entity_id == entity, M.c.article_id.in_(keep))
            keep &= set(conn.execute(mentioning).scalars())
        if commodity and keep:
            with_fact = select(F.c.article_id).where(F.c.commodity == commodity, F.c.article_id.in_(keep))
            keep &= set(conn.execute(with_fact).scalars())
    return keep


def count(store: Store) -> int:
    """How many articles are stored."""
    return store.count()


def stats(store: Store) -> dict[str, Any]:
    """What the knowledge base holds: counts per table, languages, top sources, date span."""
    return store.stats()


def failures(store: Store) -> list[dict[str, Any]]:
    """Inputs that failed, with the stage, the reason and how often."""
    return store.failures()


def language_mix(db: DB) -> list[LanguageShare]:
    """Articles per language, most first, with each language's share of all."""
    with connect(db) as conn:
        found = conn.execute(select(A.c.lang, func.count()).group_by(A.c.lang).order_by(func.count().desc())).all()
    total = sum(n for _, n in found) or 1
    return [{"lang": lang or "other", "articles": n, "share": round(n / total, 4)} for lang, n in found]
