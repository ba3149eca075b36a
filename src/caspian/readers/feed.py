"""RSS and Atom feeds: one article per entry, its HTML content reduced to text."""

from __future__ import annotations

from collections.abc import Iterator

import feedparser
import lxml.html

from caspian.document import Document, Failure


def html_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fromstring(fragment)
    except (lxml.etree.ParserError, ValueError):
        return fragment.strip()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def read_feed(data: bytes, path: str) -> Iterator[Document | Failure]:
    if not data.strip():
        yield Failure(path, "empty feed")
        return
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        yield Failure(path, f"malformed feed: {why}" if why else "feed holds no entries")
        return
    site = (parsed.get("feed") or {}).get("title")
    for number, entry in enumerate(entries, start=1):
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry["content"]), key=len)
        content = content or entry.get("summary", "") or entry.get("description", "")
        text = html_text(content)
        if not text:
            yield Failure(f"{path}#{number}", "feed entry has no text")
            continue
        given = {
            "title": (entry.get("title") or "").strip() or None,
            "published": entry.get("published") or entry.get("updated"),
            "author": entry.get("author"),
            "source": site,
            "lang": (entry.get("language") or (parsed.get("feed") or {}).get("language")),
        }
        yield Document(
            raw=text,
            path=path,
            item=number,
            url=entry.get("link"),
            meta={"given": {k: str(v).strip() for k, v in given.items() if v}},
        )
