"""The bars of a timeline (kb.timelines), drawn on the server as SVG shapes: one bar per period,
stacked by language, and the "date unknown" group as a bar of its own after a gap (never placed
on the time axis)."""

from __future__ import annotations

from typing import Any

from caspian.kb.timelines import Timeline

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 200, 40, 12, 12, 30
LANG_ORDER = ("ru", "kk", "tr", "en")


def timeline_chart(found: Timeline) -> dict[str, Any] | None:
    """Rectangles (x, y, w, h, lang, label) of every period's mentions by language (for a story or
    a topic: its articles), the unknown group's, and labels for about ten periods."""
    periods = [*found["buckets"], found["unknown"]]
    if not any(b["mentions"] for b in periods):
        return None
    top = max(b["mentions"] for b in periods) or 1
    slots = len(found["buckets"]) + 2  # a gap, then the unknown group
    width = (WIDTH - LEFT - RIGHT) / slots
    inner_h = HEIGHT - TOP - BOTTOM
    bars, labels = [], []
    every = max(1, len(found["buckets"]) // 10)
    for i, b in enumerate(periods):
        slot = i if i < len(found["buckets"]) else slots - 1
        x = LEFT + slot * width
        y = TOP + inner_h
        langs = sorted(
            b["langs"].items(), key=lambda kv: (LANG_ORDER.index(kv[0]) if kv[0] in LANG_ORDER else 9, kv[0])
        )
        for lang, n in langs:
            h = n / top * inner_h
            y -= h
            label = f"{b['period']}: {n} in {lang}"
            bars.append(
                {
                    "x": round(x + 1, 1),
                    "y": round(y, 1),
                    "w": round(max(width - 2, 1), 1),
                    "h": round(h, 1),
                    "lang": lang,
                    "label": label,
                }
            )
        if i % every == 0 or slot == slots - 1:
            labels.append({"x": round(x + width / 2, 1), "label": b["period"]})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bottom": HEIGHT - BOTTOM,
        "left": LEFT,
        "top": top,
        "bars": bars,
        "labels": labels,
    }
