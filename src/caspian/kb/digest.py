"""Reads of the daily digest (`caspian.watch.digest`): the facts of some articles, what earlier
articles stated for the same figures, and mentions per entity in a time window (by ingest time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select

from caspian.kb.common import DB, chunks, connect, iso, rows
from caspian.kb.facts import fact_query
from caspian.store import schema

A, F, M, E, C = schema.articles, schema.facts, schema.mentions, schema.entities, schema.clusters


def story_labels(db: DB, cluster_ids: list[str]) -> dict[str, str]:
    """The stories' labels (in English: `kb.stories.english_label` wrote them), by story id."""
    ids = sorted(set(cluster_ids))
    if not ids:
        return {}
    with connect(db) as conn:
        return {i: label for i, label in conn.execute(select(C.c.id, C.c.label).where(C.c.id.in_(ids))) if label}


def facts_of(db: DB, article_ids: list[str]) -> list[dict[str, Any]]:
    """The facts of these articles (with their article's fields, `kb.facts.fact_query`), by article and offset."""
    out: list[dict[str, Any]] = []
    with connect(db) as conn:
        for chunk in chunks(article_ids):
            query = fact_query().where(F.c.article_id.in_(chunk)).order_by(None).order_by(F.c.article_id, F.c.start)
            out += rows(conn.execute(query))
    return out


def earlier_figures(db: DB, facts: list[dict[str, Any]]) -> dict[tuple, list[dict[str, Any]]]:
    """For each (commodity, metric, geo, period, modality) of `facts` with a period, every figure
    stated for it (article, value, unit, start, when the article was ingested as ISO text), newest first."""
    keys = {(f["commodity"], f["metric"], f["geo"], f["period"], f["modality"]) for f in facts if f["period"]}
    out: dict[tuple, list[dict[str, Any]]] = {}
    if not keys:
        return out
    with connect(db) as conn:
        for key in keys:
            commodity, metric, geo, period, modality = key
            cond = and_(
                F.c.commodity == commodity,
                F.c.metric == metric,
                F.c.period == period,
                F.c.modality == modality,
                F.c.geo == geo if geo is not None else F.c.geo.is_(None),
            )
            query = (
                select(F.c.article_id, F.c.value, F.c.unit, F.c.start, A.c.published, A.c.ingested_at)
                .join(A, A.c.id == F.c.article_id)
                .where(cond)
                .order_by(A.c.ingested_at.desc())
            )
            found = rows(conn.execute(query))
            for r in found:
                r["ingested_at"] = iso(r["ingested_at"])
            if found:
                out[key] = found
    return out


def mention_counts(db: DB, start: datetime, end: datetime) -> dict[str, int]:
    """Mentions per entity (canonical name) in the articles ingested in [start, end)."""
    query = (
        select(E.c.canonical, func.count())
        .select_from(M.join(A, A.c.id == M.c.article_id).join(E, E.c.id == M.c.entity_id))
        .where(A.c.ingested_at >= start, A.c.ingested_at < end)
        .group_by(E.c.canonical)
    )
    with connect(db) as conn:
        return {name: int(n) for name, n in conn.execute(query)}
