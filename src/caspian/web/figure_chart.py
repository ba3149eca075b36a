"""The chart of a figures table, drawn on the server as SVG shapes (no script needed).

The rules of issue 15: a line never joins points of different period lengths (a quarter to a year)
nor crosses a gap (kb.figures.chart_series splits them); modality is drawn by style (actual solid,
target dashed, forecast dotted, limit dash-dot); an outlier is marked at the chart's edge with its
value instead of flattening the others (kb.figures.scale).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from caspian.kb.figures import FigureTable, chart_series, scale

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 260, 56, 12, 18, 28


def _mid(start: str, end: str) -> float:
    a, b = date.fromisoformat(start).toordinal(), date.fromisoformat(end).toordinal()
    return (a + b) / 2


def figure_chart(table: FigureTable, unit: str | None = None) -> dict[str, Any] | None:
    """Shapes of the chart of one unit of `table` (the first unit of its newest row by default):
    `lines` (points as an SVG `points` string, modality, kind), `dots` (x, y, label, modality),
    `outliers` (x, label), `yticks` and `xticks` (position, label). None when there is nothing."""
    series = chart_series(table)
    if not series:
        return None
    unit = unit or table["rows"][0]["unit"]
    series = [s for s in series if s["unit"] == unit]
    points = [p for s in series for p in s["points"]]
    if not points:
        return None
    low, high, outliers = scale([p[2] for p in points])
    span = high - low or 1.0
    x0, x1 = min(_mid(p[0], p[1]) for p in points), max(_mid(p[0], p[1]) for p in points)
    pad = max(30.0, (x1 - x0) * 0.05)
    x0, x1 = x0 - pad, x1 + pad
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(start: str, end: str) -> float:
        return round(LEFT + (_mid(start, end) - x0) / (x1 - x0) * inner_w, 1)

    def y(value: float) -> float:
        clipped = min(max(value, low), high)
        return round(TOP + (1 - (clipped - low) / span) * inner_h, 1)

    lines, dots, marks = [], [], []
    for s in series:
        kept = [p for p in s["points"] if p[2] not in outliers]
        if len(kept) > 1:
            lines.append(
                {
                    "points": " ".join(f"{x(a, b)},{y(v)}" for a, b, v in kept),
                    "modality": s["modality"],
                    "kind": s["kind"],
                }
            )
        for a, b, v in s["points"]:
            label = f"{s['modality']} {v:g} {unit} ({a} .. {b})"
            if v in outliers:
                marks.append({"x": x(a, b), "label": f"{v:g} {unit}: off the scale", "modality": s["modality"]})
            else:
                dots.append({"x": x(a, b), "y": y(v), "label": label, "modality": s["modality"], "kind": s["kind"]})
    yticks = [{"y": y(low + span * i / 4), "label": f"{low + span * i / 4:g}"} for i in range(5)]
    # a year's label at its middle (where a yearly figure is drawn), at most about eight of them
    first, last = date.fromordinal(int(x0)).year, date.fromordinal(int(x1)).year
    step = max(1, (last - first + 1) // 8)
    xticks = []
    for year in range(first, last + 1, step):
        at = LEFT + (_mid(f"{year}-01-01", f"{year}-12-31") - x0) / (x1 - x0) * inner_w
        if LEFT <= at <= WIDTH - RIGHT:
            xticks.append({"x": round(at, 1), "label": str(year)})
    units = sorted({r["unit"] for r in table["rows"]})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "right": WIDTH - RIGHT,
        "unit": unit,
        "units": units,
        "lines": lines,
        "dots": dots,
        "outliers": marks,
        "yticks": yticks,
        "xticks": xticks,
    }
