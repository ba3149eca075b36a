"""Metadata: title, author, published date, source and dateline.

Read from what the container gave (HTML meta, JSON fields, feed entries), from the
lines the cleaner set aside (bylines, date lines, source lines), and from phrases
in the body (`передает DKNews.kz`, `Trend reports`, a leading `ASTANA, Kazakhstan,`).
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

from caspian.document import Document
from caspian.lexicons import load, load_per_language
from caspian.nlp.dates import find_dates, parse_date
from caspian.nlp.textnorm import LOWER, UPPER
from caspian.settings import Settings
from caspian.stages.base import BaseStage
from caspian.stages.clean import NoiseLexicon

_DOMAIN = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
# `ASTANA, Kazakhstan, June 21.`, `NUR-SULTAN (AA) -`, `АСТАНА. ҚазАқпарат -`
_DATELINE_CAPS = re.compile(rf"^(?P<place>[{UPPER}]{{3,}}(?:[- ][{UPPER}]{{2,}})?)(?=\s*[,.(–—\-])")
# `Астана, 12 марта -`, `Ankara, 5 Mart (AA) -`
_DATELINE_TITLE = re.compile(rf"^(?P<place>[{UPPER}][{LOWER}]+(?:[- ][{UPPER}][{LOWER}]+)?)(?=\s*[,.]\s*\d)")


class SourceNames:
    def __init__(self) -> None:
        self.canonical = {alias.casefold(): canon for canon, aliases in load("sources").items() for alias in aliases}
        self.canonical.update({canon.casefold(): canon for canon in load("sources")})
        self.phrases = [
            re.compile(p) for data in load_per_language("noise").values() for p in data.get("source_phrases") or []
        ]

    def lookup(self, name: str) -> str | None:
        name = name.strip().strip("«»\"'.,;:()[] ").strip()
        if not name:
            return None
        return self.canonical.get(name.casefold()) or self.canonical.get(f"({name})".casefold())

    def normalise(self, name: str, strict: bool) -> str | None:
        """The canonical outlet name; an unknown name only if it looks like one (a domain, «quoted»)."""
        known = self.lookup(name)
        if known:
            return known
        cleaned = name.strip().strip(".,;:()[] ")
        if cleaned.startswith("«") and cleaned.endswith("»"):
            return cleaned[1:-1].strip() or None
        if _DOMAIN.match(cleaned):
            return cleaned
        return None if strict else (cleaned or None)

    def in_text(self, text: str) -> str | None:
        hits = []
        for pattern in self.phrases:
            for m in pattern.finditer(text):
                name = self.normalise(m.group("source"), strict=True)
                if name:
                    hits.append((m.start(), name))
        return min(hits)[1] if hits else None


def parse_given_date(value: str) -> str | None:
    """A date from a container field: RFC 822 (feeds), ISO 8601, or whatever dateparser reads."""
    value = value.strip()
    try:
        parsed = parsedate_to_datetime(value)
        return parsed.isoformat() if (parsed.hour or parsed.minute) else parsed.date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = find_dates(value)
    if found:
        return found[0].iso()
    parsed = parse_date(value, None)
    return parsed.isoformat() if parsed else None


class Metadata(BaseStage):
    name = "metadata"
    # the lines clean set aside (and meta["removed_kinds"], what each one was) and the clean body
    requires = ("text", "removed")
    assigns = ("title", "author", "published", "source", "dateline")

    def __init__(self, settings: Settings) -> None:
        self.options = self.options_from(settings)
        self.noise = NoiseLexicon()
        self.sources = SourceNames()

    def _author(self, doc: Document, kinds: list[str]) -> str | None:
        for line, kind in zip(doc.removed, kinds, strict=False):
            if kind == "byline":
                name = self.noise.byline_name(line) or (line if self.noise.is_name(line) else None)
                if name:
                    return name
        return None

    def _published(self, doc: Document, kinds: list[str]) -> str | None:
        for line, kind in zip(doc.removed, kinds, strict=False):
            if kind == "date_line":
                found = find_dates(line)
                if found:
                    return found[0].iso()
        return None

    def _source(self, doc: Document, kinds: list[str], given: dict[str, str]) -> str | None:
        for line, kind in zip(doc.removed, kinds, strict=False):
            if kind == "source_line" and ":" in line:
                name = self.sources.normalise(line.split(":", 1)[1], strict=False)
                if name:
                    # Prefer the outlet's own spelling when the body names it too (`DKNews.kz`).
                    return self.sources.in_text(doc.text) or name
        name = self.sources.in_text(doc.text)
        if name:
            return name
        if given.get("source"):
            return self.sources.normalise(given["source"], strict=False)
        if doc.url:
            host = urlparse(doc.url).hostname or ""
            host = host.removeprefix("www.")
            return (self.sources.lookup(host) or host) or None
        return None

    def _dateline(self, doc: Document) -> str | None:
        head = doc.text[:80]
        for pattern in (_DATELINE_CAPS, _DATELINE_TITLE):
            m = pattern.match(head)
            if m:
                place = m.group("place")
                canon = self.noise.places.get(place.casefold())
                if canon:
                    return canon
                if pattern is _DATELINE_CAPS and len(place) >= 4:
                    return place.title()
        return doc.meta.get("dateline_truncated")

    def __call__(self, doc: Document) -> Document:
        given = doc.meta.get("given", {})
        kinds = doc.meta.get("removed_kinds", [])
        doc.title = doc.title or given.get("title")
        doc.author = doc.author or self._author(doc, kinds) or given.get("author")
        if not doc.published:
            doc.published = self._published(doc, kinds)
        if not doc.published and given.get("published"):
            doc.published = parse_given_date(given["published"])
        doc.source = doc.source or self._source(doc, kinds, given)
        doc.dateline = doc.dateline or self._dateline(doc)
        return doc
