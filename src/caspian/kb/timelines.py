"""Timelines (issue 15, item 5): mentions and events of an entity, a story or a topic by week or
month and language, with the undated counted in a group of their own ("date unknown") instead of
being sorted last or dropped.

A mention is dated by its article's publication day; an event by its own stated date, else by its
article's day (as `kb.events` dates events everywhere).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from sqlalchemy import select

from caspian.kb.common import DB, chunks, connect, day_of
from caspian.kb.entities import find_entity_ids
from caspian.kb.events import flatten
from caspian.store import schema

A, M, V, E = schema.articles, schema.mentions, schema.events, schema.entities

STEPS = ("month", "week")
UNKNOWN = "date unknown"


class Bucket(TypedDict):
    period: str  # 2024-06, or 2024-W25; "date unknown" for the undated group
    start: str | None  # first day of the period
    mentions: int
    events: int
    articles: int
    langs: dict[str, int]  # mentions (for a topic: articles) by language


class Timeline(TypedDict):
    subject: str
    kind: str  # entity, story or topic
    step: str
    buckets: list[Bucket]  # oldest first, no empty periods left out between the first and last
    unknown: Bucket  # what has no date


class TimelineError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    entity: str | None = None  # an entity id or any of its names
    story: str | None = None  # a story (cluster) id
    topic: str | None = None  # a topic of the taxonomy (lexicons/topics)
    step: str = "month"

    def check(self) -> None:
        given = [x for x in (self.entity, self.story, self.topic) if x]
        if len(given) != 1:
            raise TimelineError("give exactly one of entity, story or topic")
        if self.step not in STEPS:
            raise TimelineError(f"step must be one of {', '.join(STEPS)}, not {self.step!r}")


def period_of(day: date, step: str) -> tuple[str, date]:
    """The period a day falls in, and the period's first day."""
    if step == "week":
        year, week, weekday = day.isocalendar()
        return f"{year}-W{week:02d}", date.fromordinal(day.toordinal() - weekday + 1)
    return f"{day.year}-{day.month:02d}", date(day.year, day.month, 1)


def _following(first: date, step: str) -> date:
    if step == "week":
        return date.fromordinal(first.toordinal() + 7)
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def timeline(db: DB, query: TimelineQuery) -> Timeline:
    """The timeline of one entity, story or topic (see the module docstring)."""
    query.check()
    mentions: list[tuple[str, str | None, str | None]] = []  # (article, published, lang)
    events: list[tuple[str, str | None]] = []  # (article, day)
    with connect(db) as conn:
        if query.entity:
            ids = find_entity_ids(conn, query.entity)
            if not ids:
                raise TimelineError(f"no entity is named {query.entity!r}")
            subject = conn.execute(select(E.c.canonical).where(E.c.id == ids[0])).scalar() or query.entity
            names = {subject.casefold()}
            for (aliases,) in conn.execute(select(E.c.aliases).where(E.c.id.in_(ids))):
                names |= {n.casefold() for n in flatten(aliases)}
            found = select(M.c.article_id, A.c.published, A.c.lang).join(A, A.c.id == M.c.article_id)
            mentions = [tuple(r) for r in conn.execute(found.where(M.c.entity_id.in_(ids)))]
            rows = conn.execute(
                select(V.c.article_id, V.c.date, V.c.participants, A.c.published).join(A, A.c.id == V.c.article_id)
            )
            for article_id, when, participants, published in rows:
                if names & {str(p).casefold() for p in participants or []}:
                    events.append((article_id, when or published))
            kind = "entity"
        else:
            if query.story:
                arts = conn.execute(select(A.c.id, A.c.published, A.c.lang).where(A.c.cluster_id == query.story)).all()
                if not arts:
                    raise TimelineError(f"no story has the id {query.story!r}")
                subject, kind = query.story, "story"
            else:
                wanted = str(query.topic).casefold()
                arts = [
                    (i, p, lang)
                    for i, p, lang, topics in conn.execute(select(A.c.id, A.c.published, A.c.lang, A.c.topics))
                    if wanted in {str(t).casefold() for t in topics or []}
                ]
                subject, kind = str(query.topic), "topic"
            ids = [a[0] for a in arts]
            mentions = [(i, p, lang) for i, p, lang in arts]  # one per article: its reports by language
            for chunk in chunks(ids):
                found = select(V.c.article_id, V.c.date, A.c.published).join(A, A.c.id == V.c.article_id)
                events += [(a, d or p) for a, d, p in conn.execute(found.where(V.c.article_id.in_(chunk)))]
    return _buckets(subject, kind, query.step, mentions, events)


def _buckets(
    subject: str, kind: str, step: str, mentions: list[tuple[Any, ...]], events: list[tuple[str, str | None]]
) -> Timeline:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    langs: dict[str, Counter[str]] = defaultdict(Counter)
    articles: dict[str, set[str]] = defaultdict(set)
    starts: dict[str, date] = {}
    for article_id, published, lang in mentions:
        day = day_of(published)
        key = UNKNOWN
        if day:
            key, starts[key] = period_of(day, step)
        counts[key]["mentions"] += 1
        langs[key][lang or "other"] += 1
        articles[key].add(article_id)
    for article_id, when in events:
        day = day_of(when)
        key = UNKNOWN
        if day:
            key, starts[key] = period_of(day, step)
        counts[key]["events"] += 1
        articles[key].add(article_id)

    def bucket(key: str, first: date | None) -> Bucket:
        return Bucket(
            period=key,
            start=first.isoformat() if first else None,
            mentions=counts[key]["mentions"],
            events=counts[key]["events"],
            articles=len(articles[key]),
            langs=dict(sorted(langs[key].items())),
        )

    out: list[Bucket] = []
    if starts:
        first, last = min(starts.values()), max(starts.values())
        at = first
        while at <= last:  # every period between the first and the last, empty ones too
            key = period_of(at, step)[0]
            out.append(bucket(key, at))
            at = _following(at, step)
    return Timeline(subject=subject, kind=kind, step=step, buckets=out, unknown=bucket(UNKNOWN, None))
