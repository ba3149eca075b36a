"""Read queries behind the API and the pages: SQLAlchemy Core, every value a bound parameter."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from sqlalchemy import and_, distinct, func, or_, select
from sqlalchemy.engine import Connection

from caspian.store import schema

A, E, M, F, V, C = (schema.articles, schema.entities, schema.mentions, schema.facts, schema.events, schema.clusters)

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# Event types that make an edge of the cooperation graph.
COOPERATION_TYPES = ("MEETING", "AGREEMENT", "FORUM")
ARTICLE_COLUMNS = (A.c.id, A.c.title, A.c.lang, A.c.source, A.c.published, A.c.path, A.c.url, A.c.dateline)
FACT_COLUMNS = (
    F.c.id,
    F.c.article_id,
    F.c.commodity,
    F.c.metric,
    F.c.value,
    F.c.unit,
    F.c.period,
    F.c.modality,
    F.c.geo,
    F.c.quote,
    F.c.start,
    F.c.end,
    F.c.confidence,
)
FACT_FILTERS = ("commodity", "metric", "geo", "modality", "period", "unit")


class QueryError(ValueError):
    """A request parameter that cannot be used as given; the message says what to send."""


def check_date(value: str | None, name: str) -> str | None:
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise QueryError(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def _since_until(column: Any, since: str | None, until: str | None) -> list[Any]:
    """Conditions on a text date column compared at the precision of the bound given."""
    conds = []
    since, until = check_date(since, "since"), check_date(until, "until")
    if since:
        conds.append(func.substr(column, 1, len(since)) >= since)
    if until:
        conds.append(func.substr(column, 1, len(until)) <= until)
    return conds


def _rows(result: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in result.mappings()]


def _page(conn: Connection, query: Any, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    total = conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    return total, _rows(conn.execute(query.limit(limit).offset(offset)))


# -- articles --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ArticleFilters:
    lang: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None
    cluster: str | None = None

    def conditions(self) -> list[Any]:
        conds = _since_until(A.c.published, self.since, self.until)
        if self.lang:
            conds.append(A.c.lang.in_([x.strip() for x in self.lang.split(",") if x.strip()]))
        if self.source:
            conds.append(A.c.source == self.source)
        if self.entity:
            conds.append(A.c.id.in_(select(M.c.article_id).where(M.c.entity_id == self.entity)))
        if self.cluster:
            conds.append(A.c.cluster_id == self.cluster)
        return conds


def list_articles(conn: Connection, filters: ArticleFilters, limit: int, offset: int) -> tuple[int, list[dict]]:
    query = (
        select(*ARTICLE_COLUMNS, A.c.cluster_id)
        .where(*filters.conditions())
        .order_by(A.c.published.is_(None), A.c.published.desc(), A.c.id)
    )
    return _page(conn, query, limit, offset)


def article_extras(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """What the record lacks and a page shows: path, cluster, removed-line kinds, ingest time."""
    row = conn.execute(select(A.c.path, A.c.item, A.c.cluster_id, A.c.ingested_at).where(A.c.id == article_id)).first()
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


def article_texts(conn: Connection, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        out.update(conn.execute(select(A.c.id, A.c.text).where(A.c.id.in_(ids[i : i + 500]))).tuples().all())
    return out


# -- entities --------------------------------------------------------------------------------------
def list_entities(
    conn: Connection, type_: str | None, name: str | None, limit: int, offset: int
) -> tuple[int, list[dict]]:
    counts = (
        select(
            M.c.entity_id,
            func.count().label("mentions"),
            func.count(distinct(M.c.article_id)).label("articles"),
        )
        .group_by(M.c.entity_id)
        .subquery()
    )
    query = select(
        E.c.id,
        E.c.canonical,
        E.c.type,
        E.c.wikidata,
        func.coalesce(counts.c.mentions, 0).label("mentions"),
        func.coalesce(counts.c.articles, 0).label("articles"),
    ).outerjoin(counts, counts.c.entity_id == E.c.id)
    if type_:
        query = query.where(E.c.type == type_.upper())
    if name:
        query = query.where(func.lower(E.c.canonical).contains(name.lower(), autoescape=True))
    query = query.order_by(func.coalesce(counts.c.mentions, 0).desc(), E.c.canonical)
    return _page(conn, query, limit, offset)


def entity_detail(conn: Connection, entity_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(E).where(E.c.id == entity_id)).mappings().first()
    if row is None:
        return None
    mentions = _rows(
        conn.execute(
            select(M.c.article_id, M.c.start, M.c.end, M.c.text, M.c.role, A.c.lang, A.c.published, A.c.title)
            .join(A, A.c.id == M.c.article_id)
            .where(M.c.entity_id == entity_id)
            .order_by(A.c.published, M.c.start)
        )
    )
    names = _names_by_lang(mentions)
    aliases = sorted({*row["aliases"], *(m["text"] for m in mentions)} - {row["canonical"]})
    article_ids = list(dict.fromkeys(m["article_id"] for m in mentions))
    return {
        "id": row["id"],
        "canonical": row["canonical"],
        "type": row["type"],
        "wikidata": row["wikidata"],
        "aliases": aliases,
        "names": names,
        "roles": _roles(mentions),
        "timeline": _timeline(mentions),
        "articles": _articles_by_id(conn, article_ids[-100:]),
        "events": _entity_events(conn, article_ids, mentions, {row["canonical"], *aliases}),
        "facts": _entity_facts(conn, article_ids, row["canonical"]),
        "neighbours": _neighbours(conn, entity_id, article_ids),
    }


def _names_by_lang(mentions: list[dict]) -> dict[str, list[dict]]:
    by_lang: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        by_lang[m["lang"] or "other"][m["text"]] += 1
    return {
        lang: [{"text": t, "count": n} for t, n in counter.most_common()] for lang, counter in sorted(by_lang.items())
    }


def _roles(mentions: list[dict]) -> list[dict]:
    roles: dict[str, dict] = {}
    for m in mentions:
        if not m["role"]:
            continue
        r = roles.setdefault(m["role"], {"role": m["role"], "first": m["published"], "last": m["published"], "n": 0})
        r["n"] += 1
        if m["published"]:
            r["first"] = min(filter(None, (r["first"], m["published"])))
            r["last"] = max(filter(None, (r["last"], m["published"])))
    return sorted(roles.values(), key=lambda r: (r["first"] or "", r["role"]))


def _timeline(mentions: list[dict]) -> list[dict]:
    months = Counter((m["published"] or "")[:7] for m in mentions if m["published"])
    return [{"month": k, "mentions": v} for k, v in sorted(months.items())]


def _articles_by_id(conn: Connection, ids: list[str]) -> list[dict]:
    if not ids:
        return []
    rows = _rows(conn.execute(select(*ARTICLE_COLUMNS).where(A.c.id.in_(ids))))
    return sorted(rows, key=lambda r: (r["published"] or "", r["id"]), reverse=True)


def _entity_events(
    conn: Connection, article_ids: list[str], mentions: list[dict], names: set[str], limit: int = 200
) -> list[dict]:
    """Events naming the entity as a participant, or whose span holds one of its mentions."""
    if not article_ids:
        return []
    folded = {n.casefold() for n in names}
    spans = defaultdict(list)
    for m in mentions:
        spans[m["article_id"]].append((m["start"], m["end"]))
    found = []
    for ev in events_in_articles(conn, article_ids):
        named = any(str(p).casefold() in folded for p in ev["participants"] or [])
        inside = ev["start"] is not None and any(
            ev["start"] <= s and e <= (ev["end"] or 0) for s, e in spans[ev["article_id"]]
        )
        if named or inside:
            found.append(ev)
    return found[-limit:]


def events_in_articles(conn: Connection, article_ids: list[str]) -> list[dict]:
    out: list[dict] = []
    for i in range(0, len(article_ids), 500):
        out += _rows(conn.execute(_event_query().where(V.c.article_id.in_(article_ids[i : i + 500]))))
    return sorted(out, key=lambda e: e["when"] or "")


def _entity_facts(conn: Connection, article_ids: list[str], canonical: str) -> list[dict]:
    """Facts about the entity as a place (geo), then facts in the articles that mention it."""
    conds = [F.c.geo == canonical]
    if article_ids:
        conds.append(F.c.article_id.in_(article_ids[:500]))
    return _rows(conn.execute(_fact_query().where(or_(*conds)).limit(300)))


def _neighbours(conn: Connection, entity_id: str, article_ids: list[str], limit: int = 20) -> list[dict]:
    if not article_ids:
        return []
    query = (
        select(E.c.id, E.c.canonical, E.c.type, func.count(distinct(M.c.article_id)).label("articles"))
        .join(E, E.c.id == M.c.entity_id)
        .where(M.c.article_id.in_(article_ids[:500]), M.c.entity_id != entity_id)
        .group_by(E.c.id, E.c.canonical, E.c.type)
        .order_by(func.count(distinct(M.c.article_id)).desc(), E.c.canonical)
        .limit(limit)
    )
    return _rows(conn.execute(query))


def resolve_entity(conn: Connection, given: str | None) -> str | None:
    """An entity id from an id or a canonical name (any case); the input itself when none matches."""
    if not given or not given.strip():
        return None
    given = given.strip()
    if conn.execute(select(E.c.id).where(E.c.id == given)).first():
        return given
    found = conn.execute(select(E.c.id).where(func.lower(E.c.canonical) == given.lower()).limit(1)).scalar()
    return found or given


def entity_names(conn: Connection, limit: int = 300) -> list[str]:
    """Canonical names of the most mentioned entities, for the search form's suggestions."""
    counts = select(M.c.entity_id, func.count().label("n")).group_by(M.c.entity_id).subquery()
    query = select(E.c.canonical).join(counts, counts.c.entity_id == E.c.id).order_by(counts.c.n.desc()).limit(limit)
    return list(conn.execute(query).scalars())


def entity_ids_by_name(conn: Connection, names: set[str]) -> dict[str, str]:
    if not names:
        return {}
    rows = conn.execute(select(E.c.canonical, E.c.id).where(E.c.canonical.in_(sorted(names)))).all()
    return {r.canonical: r.id for r in rows}


# -- facts -----------------------------------------------------------------------------------------
def _fact_query() -> Any:
    return (
        select(*FACT_COLUMNS, A.c.title, A.c.lang, A.c.published, A.c.source)
        .join(A, A.c.id == F.c.article_id)
        .order_by(A.c.published.is_(None), A.c.published.desc(), F.c.id)
    )


def fact_conditions(filters: dict[str, str | None], since: str | None, until: str | None) -> list[Any]:
    conds = _since_until(A.c.published, since, until)
    for name in FACT_FILTERS:
        value = filters.get(name)
        if value:
            conds.append(F.c[name] == value)
    article = filters.get("article")
    if article:
        conds.append(F.c.article_id == article)
    return conds


def list_facts(conn: Connection, conds: list[Any], limit: int, offset: int) -> tuple[int, list[dict]]:
    return _page(conn, _fact_query().where(*conds), limit, offset)


def iter_facts(engine: Any, conds: list[Any], batch: int = 500) -> Iterator[dict]:
    """Every matching fact, read in batches by id so memory stays flat."""
    last = 0
    while True:
        with engine.connect() as conn:
            query = _fact_query().where(*conds, F.c.id > last).order_by(None).order_by(F.c.id).limit(batch)
            rows = _rows(conn.execute(query))
        if not rows:
            return
        yield from rows
        last = rows[-1]["id"]


def fact_choices(conn: Connection) -> dict[str, list[str]]:
    """The values each fact filter can take in this knowledge base (for the explorer's menus)."""
    out = {}
    for name in FACT_FILTERS:
        col = F.c[name]
        out[name] = [v for v in conn.execute(select(col).distinct().where(col.is_not(None)).order_by(col)).scalars()]
    return out


# -- events and the graph --------------------------------------------------------------------------
def _event_query() -> Any:
    when = func.coalesce(V.c.date, A.c.published).label("when")
    return (
        select(
            V.c.id,
            V.c.article_id,
            V.c.type,
            V.c.participants,
            V.c.place,
            V.c.date,
            V.c.start,
            V.c.end,
            V.c.summary,
            when,
            A.c.title,
            A.c.lang,
            A.c.published,
        )
        .join(A, A.c.id == V.c.article_id)
        .order_by(when.is_(None), when.desc(), V.c.id)
    )


def event_conditions(type_: str | None, since: str | None, until: str | None, article: str | None = None) -> list:
    when = func.coalesce(V.c.date, A.c.published)
    conds = _since_until(when, since, until)
    if type_:
        conds.append(V.c.type.in_([t.strip().upper() for t in type_.split(",") if t.strip()]))
    if article:
        conds.append(V.c.article_id == article)
    return conds


def list_events(conn: Connection, conds: list[Any], limit: int, offset: int) -> tuple[int, list[dict]]:
    return _page(conn, _event_query().where(*conds), limit, offset)


def cooperation_graph(
    conn: Connection, since: str | None, until: str | None, types: tuple[str, ...] = COOPERATION_TYPES, limit=5000
) -> dict[str, Any]:
    """Who meets and signs with whom: participants of the same event joined by an edge."""
    conds = [*event_conditions(",".join(types), since, until)]
    rows = _rows(conn.execute(_event_query().where(*conds).limit(limit)))
    weights: Counter = Counter()
    seen: dict[tuple[str, str], list[int]] = defaultdict(list)
    degree: Counter = Counter()
    for ev in rows:
        people = sorted({str(p) for p in ev["participants"] or [] if p})
        degree.update(people)
        for a, b in combinations(people, 2):
            weights[(a, b)] += 1
            seen[(a, b)].append(ev["id"])
    ids = entity_ids_by_name(conn, set(degree))
    nodes = [{"id": name, "label": name, "entity": ids.get(name), "events": n} for name, n in degree.most_common()]
    edges = [
        {"source": a, "target": b, "weight": w, "events": seen[(a, b)][:20]} for (a, b), w in weights.most_common()
    ]
    return {"nodes": nodes, "edges": edges, "events": len(rows)}


# -- clusters and the dashboard --------------------------------------------------------------------
def list_clusters(conn: Connection, limit: int, offset: int, per_cluster: int = 8) -> tuple[int, list[dict]]:
    """Story clusters, newest first by their latest article, each with its articles and languages."""
    latest = func.max(A.c.published)
    query = (
        select(A.c.cluster_id.label("id"), func.count().label("size"), latest.label("latest"), C.c.label)
        .outerjoin(C, C.c.id == A.c.cluster_id)
        .where(A.c.cluster_id.is_not(None))
        .group_by(A.c.cluster_id, C.c.label)
        .order_by(latest.is_(None), latest.desc(), A.c.cluster_id)
    )
    total, clusters = _page(conn, query, limit, offset)
    for cluster in clusters:
        members = _rows(
            conn.execute(
                select(*ARTICLE_COLUMNS)
                .where(A.c.cluster_id == cluster["id"])
                .order_by(A.c.published.desc(), A.c.id)
                .limit(per_cluster)
            )
        )
        cluster["articles"] = members
        cluster["languages"] = sorted({m["lang"] for m in members if m["lang"]})
        cluster["label"] = cluster["label"] or (members[0]["title"] if members else cluster["id"])
    return total, clusters


def latest_facts(conn: Connection, limit: int = 10) -> list[dict]:
    return _rows(conn.execute(_fact_query().limit(limit)))


def language_mix(conn: Connection) -> list[dict]:
    rows = conn.execute(select(A.c.lang, func.count()).group_by(A.c.lang).order_by(func.count().desc())).all()
    total = sum(n for _, n in rows) or 1
    return [{"lang": lang or "other", "articles": n, "share": round(n / total, 4)} for lang, n in rows]


def article_ids_with(conn: Connection, entity: str | None, commodity: str | None, ids: list[str]) -> set[str]:
    """The subset of `ids` that mentions `entity` and has a fact on `commodity` (each when given)."""
    keep = set(ids)
    if entity and keep:
        mentioning = select(M.c.article_id).where(M.c.entity_id == entity, M.c.article_id.in_(keep))
        keep &= set(conn.execute(mentioning).scalars())
    if commodity and keep:
        keep &= set(
            conn.execute(
                select(F.c.article_id).where(and_(F.c.commodity == commodity, F.c.article_id.in_(keep)))
            ).scalars()
        )
    return keep
