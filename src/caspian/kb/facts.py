"""Facts: the figures found in articles, each with its article's provenance.

The columns of a fact are typed here once (`StoredFact`, `FactRow`): the API's CSV, the CLI and
the export take their names and types from these.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypedDict, cast, get_type_hints

from sqlalchemy import func, or_, select

from caspian.kb.common import DB, Page, connect, date_conditions, page, rows
from caspian.store import Store, schema

A, F = schema.articles, schema.facts


class StoredFact(TypedDict):
    """A fact as stored: what was measured, the figure, and the span of the article that says it."""

    id: int
    article_id: str
    commodity: str | None
    metric: str | None
    value: float | None
    unit: str | None
    period: str | None
    modality: str | None
    geo: str | None
    quote: str | None
    start: int | None
    end: int | None
    confidence: float | None


class FactRow(StoredFact):
    """A fact with its article's title, language, date and source."""

    title: str | None
    lang: str | None
    published: str | None
    source: str | None


# Column names in order: the stored fact's, and a fact row's (the API's CSV columns).
FACT_COLUMNS: tuple[str, ...] = tuple(StoredFact.__annotations__)
ROW_COLUMNS: tuple[str, ...] = tuple(FactRow.__annotations__)
# The Python type of every column (`value`: float, `start`: int, `geo`: str ...), None allowed in all.
FIELD_TYPES: dict[str, type] = {
    name: next(t for t in hint.__args__ if t is not type(None)) if hasattr(hint, "__args__") else hint
    for name, hint in get_type_hints(FactRow).items()
}
# What `caspian facts` prints, in order: the figure, then its provenance (article, offsets, quote).
REPORT_COLUMNS: tuple[str, ...] = (
    "commodity",
    "metric",
    "value",
    "unit",
    "period",
    "modality",
    "geo",
    "confidence",
    "lang",
    "published",
    "article_id",
    "start",
    "end",
    "quote",
)
# The fields the facts explorer filters on (whole values).
FILTER_FIELDS = ("commodity", "metric", "geo", "modality", "period", "unit")
SELECTED = (*(F.c[name] for name in FACT_COLUMNS), A.c.title, A.c.lang, A.c.published, A.c.source)


@dataclass(frozen=True, slots=True)
class FactFilter:
    """Whole-value filters (the facts explorer and `/api/facts`); `since` / `until` bound the
    article's publication date (YYYY[-MM[-DD]]); `article`: one article's facts."""

    commodity: str | None = None
    metric: str | None = None
    geo: str | None = None
    modality: str | None = None
    period: str | None = None
    unit: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | None = None

    def conditions(self) -> list[Any]:
        conds = date_conditions(A.c.published, self.since, self.until)
        for name in FILTER_FIELDS:
            value = getattr(self, name)
            if value:
                conds.append(F.c[name] == value)
        if self.article:
            conds.append(F.c.article_id == self.article)
        return conds


@dataclass(frozen=True, slots=True)
class FactSearch:
    """The filters of `caspian facts`: commodity, metric, geo and modality match whole values
    case-insensitively; `period` matches by prefix (`2024` finds `2024`, `2024-Q1`,
    `2024-01/2024-11`); `lang` is the article's language."""

    commodity: str | None = None
    metric: str | None = None
    geo: str | None = None
    modality: str | None = None
    period: str | None = None
    lang: str | None = None

    def conditions(self) -> list[Any]:
        conds = []
        for name in ("commodity", "metric", "geo", "modality"):
            wanted = getattr(self, name)
            if wanted:
                conds.append(func.lower(F.c[name]) == wanted.casefold())
        if self.lang:
            conds.append(A.c.lang == self.lang)
        if self.period:
            conds.append(F.c.period.like(f"{self.period}%"))
        return conds


def fact_query() -> Any:
    """Fact rows joined to their article, newest article first (undated last)."""
    return (
        select(*SELECTED)
        .join(A, A.c.id == F.c.article_id)
        .order_by(A.c.published.is_(None), A.c.published.desc(), F.c.id)
    )


def list_facts(db: DB, flt: FactFilter, limit: int, offset: int) -> Page[FactRow]:
    """Facts matching `flt`, newest article first, one page of them."""
    with connect(db) as conn:
        return page(conn, fact_query().where(*flt.conditions()), limit, offset)


def iter_facts(store: Store, flt: FactFilter, batch: int = 500) -> Iterator[FactRow]:
    """Every fact matching `flt`, in id order, read in batches (a connection per batch) so memory
    stays flat. A bad filter raises QueryError here, before the first row is read."""
    conds = flt.conditions()

    def batches() -> Iterator[FactRow]:
        last = 0
        while True:
            with store.engine.connect() as conn:
                query = fact_query().where(*conds, F.c.id > last).order_by(None).order_by(F.c.id).limit(batch)
                found = rows(conn.execute(query))
            if not found:
                return
            yield from cast(list[FactRow], found)
            last = found[-1]["id"]

    return batches()


def find_facts(db: DB, flt: FactSearch, limit: int | None = None) -> list[FactRow]:
    """Facts matching `flt` (see FactSearch), newest article first, then by article and offset."""
    query = (
        select(*SELECTED)
        .join(A, A.c.id == F.c.article_id)
        .where(*flt.conditions())
        .order_by(A.c.published.desc(), F.c.article_id, F.c.start)
    )
    if limit:
        query = query.limit(limit)
    with connect(db) as conn:
        return cast(list[FactRow], rows(conn.execute(query)))


def fact_choices(db: DB) -> dict[str, list[str]]:
    """The values each explorer filter can take in this knowledge base (for the menus)."""
    out = {}
    with connect(db) as conn:
        for name in FILTER_FIELDS:
            col = F.c[name]
            out[name] = list(conn.execute(select(col).distinct().where(col.is_not(None)).order_by(col)).scalars())
    return out


def latest_facts(db: DB, limit: int = 10) -> list[FactRow]:
    """The facts of the newest articles."""
    with connect(db) as conn:
        return cast(list[FactRow], rows(conn.execute(fact_query().limit(limit))))


def facts_about(
    db: DB,
    canonical: str,
    entity_type: str | None = None,
    mentions: list[dict[str, Any]] | None = None,
    limit: int = 300,
    names: Iterable[str] = (),
) -> list[FactRow]:
    """Facts whose subject is the entity: its `geo` is `canonical` (a country, a place, the company or
    asset of a stake); for a FACILITY (facts carry no facility field) also the facts stated in a
    sentence that names it (`mentions`: the entity's mentions with `article_id`, `start`)."""
    conds = [F.c.geo.in_(sorted({canonical, *names}))]  # `names`: the entity's other names (`Kashagan`)
    with connect(db) as conn:
        found = rows(conn.execute(fact_query().where(or_(*conds)).limit(limit)))
        if entity_type == "FACILITY" and mentions:
            by_article: dict[str, list[int]] = {}
            for m in mentions:
                by_article.setdefault(m["article_id"], []).append(m["start"])
            ids = list(by_article)[:500]
            sentences = dict(conn.execute(select(A.c.id, A.c.sentences).where(A.c.id.in_(ids))).all())
            seen = {f["id"] for f in found}
            for fact in rows(conn.execute(fact_query().where(F.c.article_id.in_(ids)))):
                spans = [(a, b) for a, b in sentences.get(fact["article_id"]) or [] if a <= (fact["start"] or -1) < b]
                named = any(a <= start < b for a, b in spans for start in by_article[fact["article_id"]])
                if named and fact["id"] not in seen and len(found) < limit:
                    found.append(fact)
                    seen.add(fact["id"])
    return cast(list[FactRow], found)
