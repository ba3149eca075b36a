"""One table of figures: for a commodity, metric and geo, one row per period with the actual,
target, forecast and limit side by side, who stated each, how many sources, and where they disagree.

The analyst's question "what were Kazakhstan's 2024 oil output, target and forecast, and who said
each" is one row here. Figures in other units are converted on request, with the factor shown
(`convert`); a conversion that needs a period's length (Mt a year to mb/d) is done only when the
period is known. Facts without a period are kept apart (`undated`), never sorted into a row.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict, cast

from sqlalchemy import func, select

from caspian.kb.common import DB, connect, rows
from caspian.kb.facts import SELECTED
from caspian.store import schema

A, F, M, E = schema.articles, schema.facts, schema.mentions, schema.entities

MODALITIES = ("actual", "target", "forecast", "limit")
# Barrels in a tonne of crude when none is given: the usual world average (light crudes such as
# CPC Blend run near 7.8-8.0, Urals about 7.3); the analyst can state the grade's own figure.
DEFAULT_BBL_PER_T = 7.33
# Cubic metres of natural gas from a tonne of LNG (bcm per Mt): the usual conversion factor.
BCM_PER_MT_LNG = 1.36


class Statement(TypedDict):
    """One source of a figure: its value (converted if asked), the span that says it, who stated it."""

    fact_id: int
    value: float
    unit: str
    stated_value: float
    stated_unit: str
    article_id: str
    title: str | None
    lang: str | None
    published: str | None
    source: str | None
    quote: str | None
    start: int | None
    end: int | None
    stated_by: str | None  # the person (else the organisation) named in the fact's sentence
    stated_by_type: str | None


class Cell(TypedDict):
    """One modality of one period: the figure most sources give, and every source."""

    value: float
    unit: str
    sources: int
    values: list[float]  # distinct values, most stated first
    disagreement: bool  # the sources give more than one value
    statements: list[Statement]


class FigureRow(TypedDict):
    period: str
    kind: str  # year, quarter, months (a span of months), month, day
    days: int
    start: str  # first and last day of the period (YYYY-MM-DD)
    end: str
    unit: str
    actual: Cell | None
    target: Cell | None
    forecast: Cell | None
    limit: Cell | None


class Conversion(TypedDict):
    source: str
    target: str
    factor: str  # how, in words, with the number used
    per_period: bool  # depends on the period's length


class FigureTable(TypedDict):
    commodity: str
    metric: str
    geo: str | None
    unit: str | None  # the unit asked for, if any
    rows: list[FigureRow]
    undated: list[Statement]  # facts whose period is not known
    conversions: list[Conversion]
    not_converted: int  # facts left out: their unit could not be brought to the one asked for


@dataclass(frozen=True, slots=True)
class FigureFilter:
    commodity: str
    metric: str
    geo: str | None = None
    unit: str | None = None  # convert every figure to this unit when it can be
    bbl_per_t: float = DEFAULT_BBL_PER_T


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:\.\.(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?)?$")


def period_span(period: str | None) -> tuple[date, date, str] | None:
    """The first and last day of a period (`2024`, `2024-03`, `2024-01-01`, `2024-01..2024-03`)
    and its kind; None for anything else."""
    m = _PERIOD.match((period or "").strip())
    if not m:
        return None
    y1, m1, d1, y2, m2, d2 = m.groups()
    try:
        first = date(int(y1), int(m1 or 1), int(d1 or 1))
        if y2:
            last_month = int(m2 or 12)
            last_year = int(y2)
            last = date(last_year, last_month, int(d2) if d2 else calendar.monthrange(last_year, last_month)[1])
        elif d1:
            last = first
        elif m1:
            last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
        else:
            last = date(first.year, 12, 31)
    except ValueError:
        return None
    if last < first:
        return None
    if y2:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        whole = first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]
        kind = "quarter" if whole and months == 3 and first.month in (1, 4, 7, 10) else "months" if whole else "days"
        if whole and months == 12 and first.month == 1:
            kind = "year"
    else:
        kind = "day" if d1 else "month" if m1 else "year"
    return first, last, kind


# Units of one family convert by a fixed factor: unit -> (base unit, factor to the base).
_SAME = {
    "t": ("t", 1.0),
    "Mt": ("t", 1e6),
    "b/d": ("b/d", 1.0),
    "kb/d": ("b/d", 1e3),
    "mb/d": ("b/d", 1e6),
    "bbl": ("bbl", 1.0),
    "m3": ("m3", 1.0),
    "bcm": ("m3", 1e9),
    "MW": ("W", 1e6),
    "GW": ("W", 1e9),
    "GWh": ("Wh", 1e9),
    "TWh": ("Wh", 1e12),
}


# Units of changes and shares, not of levels: left out of a table unless asked for (`unit="%"`).
RELATIVE = ("%", "x")
# Units a table can be converted to.
UNITS = (*_SAME, *RELATIVE)


def convert(
    value: float, unit: str, target: str, commodity: str, days: int | None, bbl_per_t: float
) -> tuple[float, Conversion] | None:
    """`value` in `unit` as `target`, with how; None when the two cannot be related (or a rate and
    an amount meet without a known period length)."""
    if unit == target:
        return value, Conversion(source=unit, target=target, factor="same unit", per_period=False)
    a, b = _SAME.get(unit), _SAME.get(target)
    if a and b and a[0] == b[0]:
        factor = a[1] / b[1]
        return value * factor, Conversion(source=unit, target=target, factor=f"× {factor:g}", per_period=False)
    if commodity in ("oil", "condensate") and a and b and {a[0], b[0]} == {"t", "b/d"} and days:
        if a[0] == "t":  # an amount over the period to a daily rate
            tonnes = value * a[1]
            rate = tonnes * bbl_per_t / days / b[1]
            how = f"× {bbl_per_t:g} bbl/t ÷ days in the period"
            return rate, Conversion(source=unit, target=target, factor=how, per_period=True)
        barrels = value * a[1] * days
        amount = barrels / bbl_per_t / b[1]
        how = f"× days in the period ÷ {bbl_per_t:g} bbl/t"
        return amount, Conversion(source=unit, target=target, factor=how, per_period=True)
    if commodity in ("lng", "gas") and a and b and {a[0], b[0]} == {"t", "m3"}:
        if a[0] == "t":
            out = value * a[1] / 1e6 * BCM_PER_MT_LNG * 1e9 / b[1]
            how = f"× {BCM_PER_MT_LNG:g} bcm per Mt of LNG"
        else:
            out = value * a[1] / 1e9 / BCM_PER_MT_LNG * 1e6 / b[1]
            how = f"÷ {BCM_PER_MT_LNG:g} bcm per Mt of LNG"
        return out, Conversion(source=unit, target=target, factor=how, per_period=False)
    return None


def _speakers(conn: Any, facts: list[dict[str, Any]]) -> dict[int, tuple[str, str]]:
    """Who states each fact: the person named in its sentence nearest before the figure (else the
    nearest after), else such an organisation (not the outlet that publishes the article). Read
    from the stored mentions; no guess beyond the sentence."""
    ids = sorted({f["article_id"] for f in facts})
    if not ids:
        return {}
    sentences = dict(conn.execute(select(A.c.id, A.c.sentences).where(A.c.id.in_(ids))).all())
    found: dict[str, list[tuple[int, str, str, str]]] = {}
    query = select(M.c.article_id, M.c.start, E.c.canonical, E.c.type, M.c.text).join(E, E.c.id == M.c.entity_id)
    for article_id, start, canonical, kind, text in conn.execute(
        query.where(M.c.article_id.in_(ids), E.c.type.in_(["PERSON", "ORG"]))
    ):
        found.setdefault(article_id, []).append((start, canonical, kind, text))
    out: dict[int, tuple[str, str]] = {}
    for fact in facts:
        at = fact["start"]
        if at is None:
            continue
        span = next(((a, b) for a, b in sentences.get(fact["article_id"]) or [] if a <= at < b), None)
        if span is None:
            continue
        outlet = (fact.get("source") or "").casefold()
        inside = [
            m
            for m in found.get(fact["article_id"], [])
            if span[0] <= m[0] < span[1] and not (m[2] == "ORG" and outlet in (m[1].casefold(), m[3].casefold()))
        ]
        for kind in ("PERSON", "ORG"):
            named = [m for m in inside if m[2] == kind]
            before = [m for m in named if m[0] < at]
            pick = max(before) if before else min(named) if named else None
            if pick:
                out[fact["id"]] = (pick[1], kind)
                break
    return out


def figure_table(db: DB, flt: FigureFilter) -> FigureTable:
    """The table of `flt.commodity` / `flt.metric` (and `flt.geo`): one row per period and unit,
    newest period first; see the module docstring."""
    conds = [func.lower(F.c.commodity) == flt.commodity.casefold(), func.lower(F.c.metric) == flt.metric.casefold()]
    if flt.geo:
        conds.append(func.lower(F.c.geo) == flt.geo.casefold())
    with connect(db) as conn:
        found = cast(
            list[dict[str, Any]], rows(conn.execute(select(*SELECTED).join(A, A.c.id == F.c.article_id).where(*conds)))
        )
        speakers = _speakers(conn, found)
    cells: dict[tuple[str, str], dict[str, list[Statement]]] = {}
    spans: dict[str, tuple[date, date, str]] = {}
    undated: list[Statement] = []
    conversions: dict[tuple[str, str, str], Conversion] = {}
    not_converted = 0
    for fact in found:
        if fact["value"] is None or not fact["unit"]:
            continue
        if fact["unit"] in RELATIVE and flt.unit != fact["unit"]:
            continue  # a change or a share (+8 %, 3 times) is no level of the quantity: asked for by unit
        span = period_span(fact["period"])
        days = (span[1] - span[0]).days + 1 if span else None
        value, unit = float(fact["value"]), str(fact["unit"])
        if flt.unit:
            done = convert(value, unit, flt.unit, flt.commodity.casefold(), days, flt.bbl_per_t)
            if done is None:
                not_converted += 1
                continue
            value, how = done
            unit = flt.unit
            if how["source"] != how["target"]:
                conversions[(how["source"], how["target"], how["factor"])] = how
        who = speakers.get(fact["id"])
        statement = Statement(
            fact_id=fact["id"],
            value=round(value, 6),
            unit=unit,
            stated_value=float(fact["value"]),
            stated_unit=str(fact["unit"]),
            article_id=fact["article_id"],
            title=fact["title"],
            lang=fact["lang"],
            published=fact["published"],
            source=fact["source"],
            quote=fact["quote"],
            start=fact["start"],
            end=fact["end"],
            stated_by=who[0] if who else None,
            stated_by_type=who[1] if who else None,
        )
        if span is None:
            undated.append(statement)
            continue
        spans[fact["period"]] = span
        modality = fact["modality"] if fact["modality"] in MODALITIES else "actual"
        cells.setdefault((fact["period"], unit), {}).setdefault(modality, []).append(statement)
    out: list[FigureRow] = []
    for (period, unit), by_modality in cells.items():
        first, last, kind = spans[period]
        row = FigureRow(
            period=period,
            kind=kind,
            days=(last - first).days + 1,
            start=first.isoformat(),
            end=last.isoformat(),
            unit=unit,
            actual=None,
            target=None,
            forecast=None,
            limit=None,
        )
        for modality, statements in by_modality.items():
            counts = Counter(s["value"] for s in statements)
            values = [v for v, _ in counts.most_common()]
            statements.sort(key=lambda s: (s["published"] is None, s["published"] or ""), reverse=False)
            row[modality] = Cell(  # type: ignore[literal-required]
                value=values[0],
                unit=unit,
                sources=len({s["article_id"] for s in statements}),
                values=values,
                disagreement=len(values) > 1,
                statements=statements,
            )
        out.append(row)
    out.sort(key=lambda r: (r["end"], r["days"]), reverse=True)
    return FigureTable(
        commodity=flt.commodity,
        metric=flt.metric,
        geo=flt.geo,
        unit=flt.unit,
        rows=out,
        undated=undated,
        conversions=sorted(conversions.values(), key=lambda c: (c["source"], c["target"])),
        not_converted=not_converted,
    )


def chart_series(table: FigureTable) -> list[dict[str, Any]]:
    """Lines to draw: one per modality, unit and period kind (a quarterly figure is never joined to
    a yearly one), broken where a period is missing between two points (never drawn across a gap).
    Each series: modality, unit, kind, points [(start, end, value)]."""
    groups: dict[tuple[str, str, str, int], list[tuple[str, str, float]]] = {}
    for row in sorted(table["rows"], key=lambda r: r["start"]):
        for modality in MODALITIES:
            cell = row[modality]  # type: ignore[literal-required]
            if cell:
                length = row["days"] if row["kind"] in ("months", "days") else 0
                groups.setdefault((modality, row["unit"], row["kind"], length), []).append(
                    (row["start"], row["end"], cell["value"])
                )
    series = []
    for (modality, unit, kind, _), points in groups.items():
        run: list[tuple[str, str, float]] = []
        for point in points:
            if run and not _next_to(run[-1], point, kind):
                series.append({"modality": modality, "unit": unit, "kind": kind, "points": run})
                run = []
            run.append(point)
        if run:
            series.append({"modality": modality, "unit": unit, "kind": kind, "points": run})
    return series


def _next_to(a: tuple[str, str, float], b: tuple[str, str, float], kind: str) -> bool:
    """Whether period `b` follows `a` with no period of the same kind missing between them."""
    end, start = date.fromisoformat(a[1]), date.fromisoformat(b[0])
    if kind in ("year", "quarter", "month", "months"):
        # the next period starts within a month of the previous one's end (the same length follows)
        gap_months = (start.year - end.year) * 12 + start.month - end.month
        return gap_months <= 1 if kind != "year" else start.year - end.year <= 1
    return (start - end).days <= 1


def scale(values: list[float]) -> tuple[float, float, list[float]]:
    """The value range a chart draws (from the quartiles, 1.5 IQR either side, and never cutting
    a value that is not an outlier), and the outliers it marks at its edge instead of drawing to
    scale (a reserves figure of 253 Mt among yearly outputs of 90)."""
    if not values:
        return 0.0, 1.0, []
    ordered = sorted(values)
    if len(ordered) < 4:
        return min(0.0, ordered[0]), ordered[-1] or 1.0, []
    q1, q3 = ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]
    spread = q3 - q1 or abs(q3) * 0.1 or 1.0
    low_fence, high_fence = q1 - 3 * spread, q3 + 3 * spread
    inside = [v for v in ordered if low_fence <= v <= high_fence]
    outliers = [v for v in ordered if v < low_fence or v > high_fence]
    return min(0.0, inside[0]), inside[-1] or 1.0, outliers
