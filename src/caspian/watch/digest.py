"""The daily digest: what arrived since a moment, across languages. Top stories (articles grouped
by story, most languages and articles first), new and revised figures (a figure that differs from
what an earlier article stated for the same commodity, metric, geo, period and modality is shown
as a revision, with both sources), new events (merged across their reports), and the entities
whose mentions rose most against the period before. Every item links to its sentence."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from caspian.kb import events as kb_events
from caspian.kb import watch as kb_watch
from caspian.kb.digest import earlier_figures, facts_of, mention_counts, story_labels
from caspian.store import Store

UNITS = {"h": 3600, "d": 86400, "w": 7 * 86400}


def duration(text: str, units: dict[str, int]) -> int | None:
    """Seconds of a positive count and a unit letter of `units` (`12h` with {"h": 3600}), else None."""
    text = text.strip().lower()
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit() or int(text[:-1]) <= 0:
        return None
    return int(text[:-1]) * units[text[-1]]


def parse_since(text: str) -> timedelta:
    """`1d`, `12h`, `2w` as a duration; a clear error otherwise."""
    seconds = duration(text, UNITS)
    if seconds is None:
        raise ValueError(f"--since must look like 12h, 1d or 2w, not {text.strip().lower()!r}")
    return timedelta(seconds=seconds)


def link(article_id: str, start: int | None = None) -> str:
    return f"/articles/{article_id}" + (f"#at-{start}" if start is not None else "")


def build_digest(store: Store, since: timedelta, now: datetime | None = None, top: int = 10) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    start = now - since
    new = kb_watch.new_articles(store, start)
    ids = [a["id"] for a in new]
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in new:
        by_story[a["cluster_id"] or a["id"]].append(a)
    stories = sorted(
        by_story.values(), key=lambda arts: (-len({a["lang"] for a in arts}), -len(arts), arts[0]["title"] or "")
    )
    labels = story_labels(store, [a["cluster_id"] for a in new if a["cluster_id"]])  # in English
    facts = facts_of(store, ids)
    before = earlier_figures(store, facts)
    arrived = {a["id"]: a["ingested_at"] for a in new}
    figures = []
    for f in facts:
        key = (f["commodity"], f["metric"], f["geo"], f["period"], f["modality"])
        # A plan, forecast or limit that moved is a revision; two different "actual" figures under one
        # key are more often two quantities (a route's exports and the country's) than a correction.
        revisable = f["modality"] in ("target", "forecast", "limit")
        older = [
            o
            for o in (before.get(key, []) if revisable else [])
            if o["article_id"] != f["article_id"]
            and o["ingested_at"] <= arrived[f["article_id"]]
            and (o["value"] != f["value"] or o["unit"] != f["unit"])
        ]
        figures.append(
            {
                **{
                    k: f[k]
                    for k in ("commodity", "metric", "geo", "period", "modality", "value", "unit", "quote", "lang")
                },
                "link": link(f["article_id"], f["start"]),
                "revision_of": (
                    {
                        "value": older[0]["value"],
                        "unit": older[0]["unit"],
                        "link": link(older[0]["article_id"], older[0]["start"]),
                    }
                    if older
                    else None
                ),
            }
        )
    figures.sort(key=lambda x: (x["revision_of"] is None, x["commodity"] or "", x["metric"] or ""))
    events = [
        e
        for e in kb_events.merged_event_records(store, kb_events.EventFilter())
        if any(s["article_id"] in set(ids) for s in e["sources"])
    ]
    now_counts = mention_counts(store, start, now)
    then_counts = mention_counts(store, start - since, start)
    rising = sorted(
        ({"entity": name, "mentions": n, "before": then_counts.get(name, 0)} for name, n in now_counts.items()),
        key=lambda r: (-(r["mentions"] - r["before"]), -r["mentions"], r["entity"]),
    )[:top]
    return {
        "since": start.isoformat(),
        "until": now.isoformat(),
        "new_articles": len(new),
        "languages": dict(Counter(a["lang"] or "other" for a in new)),
        "stories": [
            {
                "title": labels.get(arts[0]["cluster_id"] or "") or arts[0]["title"],
                "articles": [
                    {
                        "id": a["id"],
                        "title": a["title"],
                        "lang": a["lang"],
                        "source": a["source"],
                        "link": link(a["id"]),
                    }
                    for a in arts
                ],
                "languages": sorted({a["lang"] or "other" for a in arts}),
            }
            for arts in stories[:top]
        ],
        "figures": figures[: top * 3],
        "events": [
            {
                "type": e["type"],
                "day": e["day"],
                "participants": e["participants"],
                "place": e["place"],
                "languages": e["languages"],
                "links": [link(s["article_id"], s["start"]) for s in e["sources"]],
            }
            for e in events[:top]
        ],
        "rising": rising,
    }


def digest_markdown(d: dict[str, Any], base_url: str = "") -> str:
    lines = [
        f"# Caspian digest: {d['since'][:16]} .. {d['until'][:16]}",
        "",
        f"{d['new_articles']} new articles " + ", ".join(f"{k} {v}" for k, v in sorted(d["languages"].items())),
        "",
    ]
    lines += ["## Top stories", ""]
    for s in d["stories"]:
        lines.append(f"- **{s['title'] or '(untitled)'}** ({', '.join(s['languages'])})")
        lines += [f"  - [{a['lang']}] [{a['title'] or a['id']}]({base_url}{a['link']})" for a in s["articles"]]
    lines += ["", "## New and revised figures", ""]
    for f in d["figures"]:
        old = f["revision_of"]
        rev = f" (revised from {old['value']:g} {old['unit']}, [earlier]({base_url}{old['link']}))" if old else ""
        what = f"{f['commodity']} {f['metric']} {f['geo'] or ''} {f['period'] or ''} {f['modality']}"
        lines.append(f"- {what}: **{f['value']:g} {f['unit']}**{rev} — [{f['quote']}]({base_url}{f['link']})")
    lines += ["", "## New events", ""]
    for e in d["events"]:
        lines.append(
            f"- {e['day'] or 'date unknown'} {e['type']}: {', '.join(e['participants'])}"
            + "".join(f" [{i + 1}]({base_url}{u})" for i, u in enumerate(e["links"]))
        )
    lines += ["", "## Entities rising", ""]
    lines += [f"- {r['entity']}: {r['mentions']} mentions (before: {r['before']})" for r in d["rising"]]
    return "\n".join(lines) + "\n"


def digest_html(d: dict[str, Any], base_url: str = "") -> str:
    """A standalone HTML page of the digest (for mail or a file); the web's /digest has its own template."""
    e = html.escape
    span = f"{e(d['since'][:16])} .. {e(d['until'][:16])}"
    parts = [
        '<!doctype html><meta charset="utf-8"><title>Caspian digest</title><h1>Caspian digest</h1>',
        f"<p>{span}: {d['new_articles']} new articles</p>",
    ]
    parts.append("<h2>Top stories</h2><ul>")
    for s in d["stories"]:
        items = "".join(
            f'<li>[{e(a["lang"] or "")}] <a href="{e(base_url + a["link"])}">{e(a["title"] or a["id"])}</a></li>'
            for a in s["articles"]
        )
        parts.append(f"<li><b>{e(s['title'] or '')}</b><ul>{items}</ul></li>")
    parts.append("</ul><h2>New and revised figures</h2><ul>")
    for f in d["figures"]:
        rev = f" (revised from {f['revision_of']['value']:g} {e(f['revision_of']['unit'])})" if f["revision_of"] else ""
        what = " ".join(e(f[k] or "") for k in ("commodity", "metric", "geo", "period"))
        value = f"<b>{f['value']:g} {e(f['unit'] or '')}</b>"
        parts.append(f'<li>{what}: {value}{rev} <a href="{e(base_url + f["link"])}">{e(f["quote"] or "")}</a></li>')
    parts.append("</ul><h2>New events</h2><ul>")
    for ev in d["events"]:
        parts.append(f"<li>{e(ev['day'] or 'date unknown')} {e(ev['type'])}: {e(', '.join(ev['participants']))}</li>")
    parts.append("</ul><h2>Entities rising</h2><ul>")
    parts += [f"<li>{e(r['entity'])}: {r['mentions']} (before {r['before']})</li>" for r in d["rising"]]
    parts.append("</ul>")
    return "".join(parts)
