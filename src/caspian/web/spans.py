"""An article's text cut into runs, each run covered by the same entity, fact and event spans.

Spans may nest or cross (an event holds mentions, a fact holds a place name), so the text is
split at every span boundary and each run carries all the spans over it; the template escapes
each run's text and draws its spans as classes, with the canonical / normalised values on hover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any


@dataclass(slots=True)
class Span:
    start: int
    end: int
    kind: str  # entity | fact | event
    label: str  # what hover shows
    css: str  # e.g. "ent-ORG", "fact", "event"
    href: str | None = None
    anchor: str | None = None


@dataclass(slots=True)
class Run:
    start: int
    text: str
    spans: list[Span] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)

    @property
    def classes(self) -> str:
        return " ".join(sorted({s.css for s in self.spans}))

    @property
    def title(self) -> str:
        return "\n".join(dict.fromkeys(s.label for s in self.spans))

    @property
    def href(self) -> str | None:
        return next((s.href for s in self.spans if s.href), None)


def fact_label(f: dict[str, Any]) -> str:
    value = f.get("value")
    shown = f"{value:g}" if isinstance(value, int | float) else str(value)
    where = ", ".join(str(x) for x in (f.get("modality"), f.get("period"), f.get("geo")) if x)
    return f"{f.get('commodity')} {f.get('metric')}: {shown} {f.get('unit') or ''}".strip() + (
        f" ({where})" if where else ""
    )


def event_label(e: dict[str, Any]) -> str:
    who = ", ".join(str(p) for p in e.get("participants") or [])
    extra = ", ".join(str(x) for x in (e.get("place"), e.get("date")) if x)
    return f"{e.get('type')}: {who}" + (f" ({extra})" if extra else "")


def record_spans(record: dict[str, Any]) -> list[Span]:
    spans = []
    for ent in record.get("entities", []):
        label = f"{ent['canonical']} · {ent['type']}" + (f" · {ent['role']}" if ent.get("role") else "")
        for m in ent.get("mentions", []):
            href = f"/entities/{ent['id']}"
            spans.append(Span(m["start"], m["end"], "entity", label, f"ent ent-{ent['type']}", href))
    for i, f in enumerate(record.get("facts", [])):
        if f.get("start") is not None and f.get("end") is not None:
            spans.append(Span(f["start"], f["end"], "fact", fact_label(f), "fact", anchor=f"fact-{i}"))
    for i, e in enumerate(record.get("events", [])):
        if e.get("start") is not None and e.get("end") is not None:
            spans.append(Span(e["start"], e["end"], "event", event_label(e), "event", anchor=f"event-{i}"))
    return spans


def runs(text: str, spans: list[Span]) -> list[Run]:
    """`text` split at every span boundary; spans outside the text are dropped, not trusted."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out = []
    for a, b in pairwise(cuts):
        covering = [s for s in valid if s.start <= a and b <= s.end]
        anchors = [s.anchor for s in valid if s.start == a and s.anchor]
        out.append(Run(a, text[a:b], covering, anchors))
    return out
