"""Stories: clusters of articles about one story across languages (found by the search package)."""

from __future__ import annotations

from typing import TypedDict, cast

from sqlalchemy import func, select

from caspian.kb.articles import LISTED, ArticleRow
from caspian.kb.common import DB, Page, connect, page, rows
from caspian.store import schema

A, C = schema.articles, schema.clusters


class Cluster(TypedDict):
    id: str
    size: int  # articles in the cluster
    latest: str | None  # the newest article's publication date
    label: str
    articles: list[ArticleRow]  # the newest few
    languages: list[str]  # theirs


def cluster_members(db: DB, cluster_id: str, limit: int) -> list[ArticleRow]:
    """The newest `limit` articles of a story cluster."""
    query = select(*LISTED).where(A.c.cluster_id == cluster_id).order_by(A.c.published.desc(), A.c.id).limit(limit)
    with connect(db) as conn:
        return cast(list[ArticleRow], rows(conn.execute(query)))


def list_clusters(db: DB, limit: int, offset: int, per_cluster: int = 8) -> Page[Cluster]:
    """Story clusters, newest first by their latest article, each with its newest articles and their
    languages; a cluster without a label takes its newest article's title."""
    latest = func.max(A.c.published)
    query = (
        select(A.c.cluster_id.label("id"), func.count().label("size"), latest.label("latest"), C.c.label)
        .outerjoin(C, C.c.id == A.c.cluster_id)
        .where(A.c.cluster_id.is_not(None))
        .group_by(A.c.cluster_id, C.c.label)
        .order_by(latest.is_(None), latest.desc(), A.c.cluster_id)
    )
    with connect(db) as conn:
        total, clusters = page(conn, query, limit, offset)
        for cluster in clusters:
            members = cluster_members(conn, cluster["id"], per_cluster)
            cluster["articles"] = members
            cluster["languages"] = sorted({m["lang"] for m in members if m["lang"]})
            cluster["label"] = cluster["label"] or (members[0]["title"] if members else cluster["id"])
    return Page(total, clusters)


def cluster_of_articles(db: DB) -> dict[str, str | None]:
    """{article id: its story cluster id, or None} for every stored article."""
    with connect(db) as conn:
        return {r.id: r.cluster_id for r in conn.execute(select(A.c.id, A.c.cluster_id))}


# Entity types that say what a story is about (countries and the like are in nearly every story).
_LABEL_TYPES = ("FACILITY", "ORG", "PERSON", "EVENT", "DOCUMENT")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def english_label(
    db: DB, article_ids: list[str], first_day: str | None, common: frozenset[str] = frozenset()
) -> str | None:
    """A story's title in English: its English article's title when it has one (the earliest), else
    made from its structured fields: the entities most of its articles name (their English canonical
    names; `common` ones left out) and the month of its first day. None when there is nothing to say."""
    if not article_ids:
        return None
    with connect(db) as conn:
        english = conn.execute(
            select(A.c.title)
            .where(A.c.id.in_(article_ids), A.c.lang == "en", A.c.title.is_not(None))
            .order_by(A.c.published.is_(None), A.c.published, A.c.id)
            .limit(1)
        ).scalar()
        if english:
            return str(english)
        M, E = schema.mentions, schema.entities
        named = conn.execute(
            select(E.c.canonical, func.count(func.distinct(M.c.article_id)).label("n"), func.min(M.c.start).label("at"))
            .join(E, E.c.id == M.c.entity_id)
            .where(M.c.article_id.in_(article_ids), E.c.type.in_(_LABEL_TYPES))
            .group_by(E.c.canonical)
            .order_by(func.count(func.distinct(M.c.article_id)).desc(), func.min(M.c.start), E.c.canonical)
        ).all()
        outlets = {
            str(x).casefold() for x in conn.execute(select(A.c.source).where(A.c.id.in_(article_ids))).scalars() if x
        }
    # the outlets that publish the reports say nothing about the story
    names = [r.canonical for r in named if r.canonical not in common and r.canonical.casefold() not in outlets][:3]
    if not names:
        return None
    when = ""
    if first_day and len(first_day) >= 7 and first_day[5:7].isdigit() and 1 <= int(first_day[5:7]) <= 12:
        when = f" ({_MONTHS[int(first_day[5:7]) - 1]} {first_day[:4]})"
    return ", ".join(names) + when
