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
