"""Events and the cooperation graph, read from the knowledge base.

An edge joins two participants of one event (a meeting, an agreement, a forum they attended);
it counts the events, remembers their types and dates, and keeps the articles they came from,
so every edge can be traced to its sources. The JSON form (`nodes`, `edges`) is what the web
interface draws.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from sqlalchemy import String, cast, func, or_, select

from caspian.store import Store, schema

# Statements have one speaker: they say nothing about cooperation.
LINK_TYPES = ("MEETING", "AGREEMENT", "FORUM", "OTHER")


def _day(event_date: str | None, published: str | None) -> str | None:
    value = event_date or published
    return value[:10] if value else None


def events(
    store: Store,
    type_: str | None = None,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Events with their article's provenance, newest first; `entity` matches a participant name or alias."""
    e, a = schema.events, schema.articles
    query = (
        select(e.c.data, a.c.id, a.c.title, a.c.lang, a.c.published, a.c.path)
        .join(a, a.c.id == e.c.article_id)
        .order_by(a.c.published.desc().nulls_last(), e.c.id)
    )
    if type_:
        query = query.where(e.c.type == type_.upper())
    names = entity_names(store, entity) if entity else None
    out: list[dict[str, Any]] = []
    with store.engine.connect() as conn:
        for data, article_id, title, lang, published, path in conn.execute(query):
            day = _day(data.get("date"), published)
            if since and (day is None or day < since):
                continue
            if until and (day is None or day > until):
                continue
            if names is not None and not names & {p.casefold() for p in data.get("participants", [])}:
                continue
            out.append({**data, "day": day, "article_id": article_id, "title": title, "lang": lang, "path": path})
            if limit and len(out) >= limit:
                break
    return out


def entity_names(store: Store, query: str) -> set[str]:
    """The case-folded names an entity goes by: the query itself, and the canonical name of every
    entity whose id, canonical name, stored alias or mention text is the query (`KMG` -> KazMunayGas).

    Ids and names are compared in SQL (exact, then ASCII-case-insensitive); aliases, stored as
    JSON, are checked in Python only on the rows whose JSON text holds the query at all.
    """
    folded = query.casefold()
    names = {folded}
    ent, men = schema.entities, schema.mentions
    variants = sorted({query, folded, query.lower(), query.upper(), query.title()})
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(ent.c.canonical).where(
                or_(
                    ent.c.id.in_(variants),
                    ent.c.canonical.in_(variants),
                    func.lower(ent.c.canonical) == query.lower(),
                    ent.c.id.in_(select(men.c.entity_id).where(men.c.text.in_(variants)).distinct()),
                )
            )
        ).scalars()
        names |= {c.casefold() for c in rows}
        like = f"%{query.replace('%', '').replace('_', '')}%"
        for row in conn.execute(select(ent.c.canonical, ent.c.aliases).where(cast(ent.c.aliases, String).like(like))):
            aliases = row.aliases if isinstance(row.aliases, list) else _flatten(row.aliases)
            if folded in {str(x).casefold() for x in aliases}:
                names.add(row.canonical.casefold())
    return names


def _flatten(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _flatten(v)]
    if isinstance(value, list):
        return [x for v in value for x in _flatten(v)]
    return [str(value)] if value else []


@dataclass
class Edge:
    source: str
    target: str
    count: int = 0
    types: dict[str, int] = field(default_factory=dict)
    dates: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "count": self.count,
            "types": self.types,
            "first": min(self.dates) if self.dates else None,
            "last": max(self.dates) if self.dates else None,
            "articles": self.articles,
        }


def cooperation_graph(
    store: Store, entity: str | None = None, since: str | None = None, until: str | None = None
) -> dict[str, Any]:
    """Who met, signed or took part with whom. With `entity`, only that entity's edges (its neighbourhood)."""
    edges: dict[tuple[str, str], Edge] = {}
    degree: dict[str, int] = defaultdict(int)
    for ev in events(store, since=since, until=until):
        if ev["type"] not in LINK_TYPES:
            continue
        people = sorted(set(ev.get("participants", [])))
        for a, b in combinations(people, 2):
            edge = edges.setdefault((a, b), Edge(a, b))
            edge.count += 1
            edge.types[ev["type"]] = edge.types.get(ev["type"], 0) + 1
            if ev["day"]:
                edge.dates.append(ev["day"])
            if ev["article_id"] not in edge.articles:
                edge.articles.append(ev["article_id"])
    if entity:
        names = entity_names(store, entity)
        edges = {k: v for k, v in edges.items() if k[0].casefold() in names or k[1].casefold() in names}
    for a, b in edges:
        degree[a] += edges[(a, b)].count
        degree[b] += edges[(a, b)].count
    types = _types(store, set(degree))
    nodes = [{"id": n, "label": n, "type": types.get(n), "weight": w} for n, w in sorted(degree.items())]
    ordered = sorted(edges.values(), key=lambda e: (-e.count, e.source, e.target))
    return {"nodes": nodes, "edges": [e.as_dict() for e in ordered]}


def _types(store: Store, names: set[str]) -> dict[str, str]:
    ent = schema.entities
    if not names:
        return {}
    with store.engine.connect() as conn:
        rows = conn.execute(select(ent.c.canonical, ent.c.type).where(ent.c.canonical.in_(sorted(names))))
        return {canonical: etype for canonical, etype in rows}
