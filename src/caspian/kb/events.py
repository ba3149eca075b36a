"""Events (meetings, agreements, forums, statements) with their article, and THE cooperation graph.

The cooperation graph joins two participants of one MEETING, AGREEMENT or FORUM (an OTHER event,
an incident, says nothing about cooperation, and a STATEMENT has one speaker). Each edge counts
its events, remembers their types, first and last day, and keeps the ids of the events and
articles it came from, so every edge can be traced to its sources. The command line
(`caspian graph`), the API (`/api/graph`) and the graph page all show this one structure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from typing import Any, TypedDict, cast

from sqlalchemy import String, func, or_, select
from sqlalchemy import cast as sql_cast

from caspian.kb.common import DB, Page, chunks, connect, date_conditions, day_of, page, rows
from caspian.store import schema

A, E, M, V = schema.articles, schema.entities, schema.mentions, schema.events

# Event types that make an edge of the cooperation graph.
COOPERATION_TYPES = ("MEETING", "AGREEMENT", "FORUM")
# An event's day: its own date, else its article's publication date.
WHEN = func.coalesce(V.c.date, A.c.published)


class EventRow(TypedDict):
    id: int
    article_id: str
    type: str
    participants: list[str]
    place: str | None
    date: str | None
    start: int | None
    end: int | None
    summary: str | None
    when: str | None  # the event's date, else its article's
    title: str | None
    lang: str | None
    published: str | None


class EntityRef(TypedDict):
    id: str
    type: str


class GraphNode(TypedDict):
    id: str  # the participant's name as the events give it
    label: str
    entity: str | None  # the id of the entity of that canonical name, if stored
    type: str | None  # its entity type
    events: int  # cooperation events (of the edges shown) it took part in


class GraphEdge(TypedDict):
    source: str
    target: str
    weight: int  # events that joined the two (reports of one event in several articles count once)
    types: dict[str, int]  # how many of each event type
    first: str | None  # the first and last day among them
    last: str | None
    events: list[int]  # the ids of the reports (event rows) behind the edge, newest event first
    articles: list[str]  # article ids, newest first


class Graph(TypedDict):
    nodes: list[GraphNode]  # most events first
    edges: list[GraphEdge]  # heaviest first, then by names
    events: int  # the events behind the edges


@dataclass(frozen=True, slots=True)
class EventFilter:
    """`type`: one or more event types, comma-separated, any case; `since` / `until` (YYYY[-MM[-DD]])
    bound the event's day (its date, else its article's publication date); `article`: one
    article's events; `entity`: events with a participant written as any name of this entity
    (its id, canonical name, an alias or a mention's text; see `participant_names`)."""

    type: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | None = None
    entity: str | None = None

    def conditions(self) -> list[Any]:
        conds = date_conditions(WHEN, self.since, self.until)
        if self.type:
            conds.append(V.c.type.in_([t.strip().upper() for t in self.type.split(",") if t.strip()]))
        if self.article:
            conds.append(V.c.article_id == self.article)
        return conds


@dataclass(frozen=True, slots=True)
class GraphFilter:
    """`since` / `until` bound the events' days; `entity`: only the edges of this entity (any of its names)."""

    since: str | None = None
    until: str | None = None
    entity: str | None = None


def event_query() -> Any:
    """Event rows with their day (`when`) and their article's title, language and date, newest first."""
    when = WHEN.label("when")
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


def matching(conn: Any, flt: EventFilter) -> list[Any]:
    """The SQL conditions of `flt`; with an entity, the ids of the events naming it among them."""
    conds = flt.conditions()
    if flt.entity:
        names = participant_names(conn, flt.entity)
        query = select(V.c.id, V.c.participants).join(A, A.c.id == V.c.article_id).where(*conds)
        ids = [r.id for r in conn.execute(query) if names & {str(p).casefold() for p in r.participants or []}]
        conds.append(V.c.id.in_(ids))
    return conds


def list_events(db: DB, flt: EventFilter, limit: int, offset: int) -> Page[EventRow]:
    """Events matching `flt`, newest first (undated last), one page of them."""
    with connect(db) as conn:
        return page(conn, event_query().where(*matching(conn, flt)), limit, offset)


def event_records(db: DB, flt: EventFilter, limit: int | None = None) -> list[dict[str, Any]]:
    """Events as extracted (every field of the stored event) with `day` (the event's date, else
    its article's, as YYYY-MM-DD) and the article's id, title, language and path; newest article first."""
    with connect(db) as conn:
        query = (
            select(V.c.id, V.c.data, A.c.id, A.c.title, A.c.lang, A.c.published, A.c.path)
            .join(A, A.c.id == V.c.article_id)
            .where(*matching(conn, flt))
            .order_by(A.c.published.desc().nulls_last(), V.c.id)
        )
        if limit:
            query = query.limit(limit)
        found = conn.execute(query).all()
    out = []
    for event_id, data, article_id, title, lang, published, path in found:
        when = data.get("date") or published
        day = when[:10] if when else None
        out.append(
            {
                **data,
                "event_id": event_id,
                "day": day,
                "article_id": article_id,
                "title": title,
                "lang": lang,
                "path": path,
            }
        )
    return out


def events_in_articles(db: DB, article_ids: list[str]) -> list[EventRow]:
    """The events of these articles, oldest first (undated first)."""
    out: list[dict[str, Any]] = []
    with connect(db) as conn:
        for part in chunks(article_ids):
            out += rows(conn.execute(event_query().where(V.c.article_id.in_(part))))
    return cast(list[EventRow], sorted(out, key=lambda e: e["when"] or ""))


def participant_names(db: DB, query: str) -> set[str]:
    """The case-folded names an entity goes by: the query itself, and the canonical name of every
    entity whose id, canonical name, stored alias or mention text is the query (`KMG` -> kazmunaygas).

    Ids and names are compared in SQL (exact, then ASCII-case-insensitive); aliases, stored as
    JSON, are checked in Python only on the rows whose JSON text holds the query at all.
    """
    folded = query.casefold()
    names = {folded}
    variants = sorted({query, folded, query.lower(), query.upper(), query.title()})
    with connect(db) as conn:
        found = conn.execute(
            select(E.c.canonical).where(
                or_(
                    E.c.id.in_(variants),
                    E.c.canonical.in_(variants),
                    func.lower(E.c.canonical) == query.lower(),
                    E.c.id.in_(select(M.c.entity_id).where(M.c.text.in_(variants)).distinct()),
                )
            )
        ).scalars()
        names |= {c.casefold() for c in found}
        like = f"%{query.replace('%', '').replace('_', '')}%"
        for row in conn.execute(select(E.c.canonical, E.c.aliases).where(sql_cast(E.c.aliases, String).like(like))):
            aliases = row.aliases if isinstance(row.aliases, list) else flatten(row.aliases)
            if folded in {str(x).casefold() for x in aliases}:
                names.add(row.canonical.casefold())
    return names


def flatten(value: Any) -> list[str]:
    """The strings in a nested structure of dicts and lists."""
    if isinstance(value, dict):
        return [x for v in value.values() for x in flatten(v)]
    if isinstance(value, list):
        return [x for v in value for x in flatten(v)]
    return [str(value)] if value else []


def participant_entities(db: DB, names: set[str]) -> dict[str, EntityRef]:
    """{name: the id and type of the stored entity of that canonical name} for the names that have one."""
    if not names:
        return {}
    with connect(db) as conn:
        found = conn.execute(select(E.c.canonical, E.c.id, E.c.type).where(E.c.canonical.in_(sorted(names)))).all()
    return {r.canonical: {"id": r.id, "type": r.type} for r in found}


def participant_entity_ids(db: DB, names: set[str]) -> dict[str, str]:
    """{name: entity id} for the participant names that are an entity's canonical name."""
    return {name: ref["id"] for name, ref in participant_entities(db, names).items()}


# -- one event, many reports -------------------------------------------------------------------------
# Reports of one happening from several articles (and languages) are one event when they agree on
# its type, share most of their participants and fall on the same day (the event's date, or the
# article's date when the text gives none, within MERGE_DAYS).
MERGE_DAYS = 3


@dataclass
class MergedEvent:
    """One real-world event and the reports (event rows) it was read from."""

    type: str
    participants: set[str]
    day: str | None  # the stated date, else the first report's article date
    dated: bool  # whether `day` was stated by a report (not an article date)
    reports: list[int]  # event ids
    articles: list[str]  # article ids


def _days_apart(a: str | None, b: str | None) -> int | None:
    first, second = day_of(a), day_of(b)
    return abs((first - second).days) if first and second else None


def _same_happening(group: MergedEvent, kind: str, people: set[str], day: str | None, dated: bool) -> bool:
    if kind != group.type or not people or not group.participants:
        return False
    shared = len(people & group.participants)
    if shared < min(2, len(people), len(group.participants)) or shared * 2 < min(len(people), len(group.participants)):
        return False
    apart = _days_apart(day, group.day)
    if apart is None:
        return False
    return apart == 0 if (dated and group.dated) else apart <= MERGE_DAYS


def merge_reports(reports: list[tuple[int, str, str, list[str], str | None, bool]]) -> list[MergedEvent]:
    """(event id, article id, type, participants, day, dated) reports, oldest first, as events: a
    report joins the first earlier event it agrees with (`_same_happening`), else starts one.

    Only events within MERGE_DAYS of a report's day can agree with it, so events are looked up by
    day (and undated reports start events of their own): linear in the reports, not quadratic."""
    merged: list[MergedEvent] = []
    by_day: dict[tuple[str, date], list[int]] = {}  # (type, day) -> indexes into `merged`

    for event_id, article_id, kind, participants, day, dated in reports:
        people = {str(p) for p in participants or [] if p}
        when = day_of(day)
        near: list[int] = []
        if when is not None:
            for shift in range(-MERGE_DAYS, MERGE_DAYS + 1):
                near.extend(by_day.get((kind, when + timedelta(days=shift)), ()))
        found = next((i for i in sorted(near) if _same_happening(merged[i], kind, people, day, dated)), None)
        if found is None:
            merged.append(MergedEvent(kind, people, day, dated, [event_id], [article_id]))
            if when is not None:
                by_day.setdefault((kind, when), []).append(len(merged) - 1)
            continue
        group = merged[found]
        group.participants |= people
        group.reports.append(event_id)
        if article_id not in group.articles:
            group.articles.append(article_id)
        if dated and not group.dated:
            old = day_of(group.day)
            group.day, group.dated = day, True
            if old is not None and old != when:
                by_day[(kind, old)].remove(found)
                if when is not None:
                    by_day.setdefault((kind, when), []).append(found)
    return merged


def merged_event_records(db: DB, flt: EventFilter, limit: int | None = None) -> list[dict[str, Any]]:
    """One record per real-world event, its reports in every article and language merged
    (`merge_reports`): `id` (its first report's event id, so the link to an event stays the same
    as later reports join it), type, participants (all reports' together), day, place, the first
    report's summary, and `sources` (event id, article, language, title and span of each report);
    newest first."""
    reports = event_records(db, flt)
    reports.sort(key=lambda r: (r["day"] is None, r["day"] or "", r["article_id"], r.get("start") or 0))
    merged = merge_reports(
        [
            (i, r["article_id"], r["type"], r.get("participants") or [], r["day"], bool(r.get("date")))
            for i, r in enumerate(reports)
        ]
    )
    out = []
    for event in merged:
        told = [reports[i] for i in event.reports]
        out.append(
            {
                "id": min(r["event_id"] for r in told),
                "type": event.type,
                "participants": sorted(event.participants),
                "day": event.day,
                "dated": event.dated,
                "place": _reconciled_place(told),
                "places": sorted({str(r["place"]) for r in told if r.get("place")}),
                "summary": told[0].get("summary"),
                "languages": sorted({r["lang"] for r in told if r["lang"]}),
                "sources": [
                    {
                        "event_id": r["event_id"],
                        **{k: r.get(k) for k in ("article_id", "lang", "title", "start", "end", "summary", "date")},
                    }
                    for r in told
                ],
            }
        )
    out.sort(key=lambda e: (e["day"] is None, _desc(e["day"]), e["id"]))
    return out[:limit] if limit else out


def _reconciled_place(told: list[dict[str, Any]]) -> str | None:
    """The place most reports give (ties: the report with a stated date first, then the earliest);
    the others stay listed in `places`, so a disagreement is visible, not hidden."""
    places = [(str(r["place"]), not r.get("date"), i) for i, r in enumerate(told) if r.get("place")]
    if not places:
        return None
    counts = Counter(p for p, _, _ in places)
    return min(places, key=lambda p: (-counts[p[0]], p[1], p[2]))[0]


def merged_event(db: DB, event_id: int) -> dict[str, Any] | None:
    """The merged event one report (any of its event ids) belongs to, with all its sources; None
    when no event has that id. Reports merge only within a type, so only that type is read."""
    with connect(db) as conn:
        kind = conn.execute(select(V.c.type).where(V.c.id == event_id)).scalar()
    if kind is None:
        return None
    found = merged_event_records(db, EventFilter(type=kind))
    return next((e for e in found if any(s["event_id"] == event_id for s in e["sources"])), None)


def cooperation_graph(db: DB, flt: GraphFilter | None = None) -> Graph:
    """Who meets, signs and sits at forums with whom: participants of one event joined by an edge.

    Nodes are the participants with at least one edge (a participant alone at an event cooperated
    with nobody). With `flt.entity`, only the edges touching one of that entity's names.
    """
    flt = flt or GraphFilter()
    conds = EventFilter(type=",".join(COOPERATION_TYPES), since=flt.since, until=flt.until).conditions()
    when = WHEN.label("when")
    query = (
        select(V.c.id, V.c.article_id, V.c.type, V.c.participants, when, V.c.date.is_not(None).label("dated"))
        .join(A, A.c.id == V.c.article_id)
        .where(*conds)
        .order_by(when.is_(None), when, V.c.id)
    )
    edges: dict[tuple[str, str], GraphEdge] = {}
    days: dict[tuple[str, str], list[str]] = {}
    with connect(db) as conn:
        reports = [(r.id, r.article_id, r.type, r.participants, r.when, bool(r.dated)) for r in conn.execute(query)]
        # One edge per event, not per report: the same meeting told by three articles counts once.
        events = sorted(merge_reports(reports), key=lambda g: (g.day is None, _desc(g.day), -g.reports[0]))
        for ev in events:
            people = sorted(ev.participants)
            for pair in combinations(people, 2):
                edge = edges.get(pair)
                if edge is None:
                    edge = edges[pair] = {
                        "source": pair[0],
                        "target": pair[1],
                        "weight": 0,
                        "types": {},
                        "first": None,
                        "last": None,
                        "events": [],
                        "articles": [],
                    }
                    days[pair] = []
                edge["weight"] += 1
                edge["types"][ev.type] = edge["types"].get(ev.type, 0) + 1
                edge["events"].extend(ev.reports)
                edge["articles"].extend(a for a in ev.articles if a not in edge["articles"])
                if ev.day:
                    days[pair].append(ev.day[:10])
        if flt.entity:
            names = participant_names(conn, flt.entity)
            edges = {k: v for k, v in edges.items() if k[0].casefold() in names or k[1].casefold() in names}
        for pair, edge in edges.items():
            edge["first"], edge["last"] = (min(days[pair]), max(days[pair])) if days[pair] else (None, None)
        took_part: dict[str, set[int]] = {}
        first_report = {i: ev.reports[0] for ev in events for i in ev.reports}
        for edge in edges.values():
            for name in (edge["source"], edge["target"]):
                took_part.setdefault(name, set()).update(first_report[i] for i in edge["events"])
        refs = participant_entities(conn, set(took_part))
    counts = {name: len(ids) for name, ids in took_part.items()}
    nodes: list[GraphNode] = [
        {
            "id": name,
            "label": name,
            "entity": refs[name]["id"] if name in refs else None,
            "type": refs[name]["type"] if name in refs else None,
            "events": n,
        }
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    ordered = sorted(edges.values(), key=lambda e: (-e["weight"], e["source"], e["target"]))
    behind = {first_report[i] for e in ordered for i in e["events"]}
    return {"nodes": nodes, "edges": ordered, "events": len(behind)}


def _desc(day: str | None) -> tuple[int, ...]:
    return tuple(-ord(c) for c in (day or ""))
