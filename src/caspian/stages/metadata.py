"""Metadata: title, author, published date, source and dateline.

Read from what the container gave (HTML meta, JSON fields, feed entries), from the
lines the cleaner set aside (bylines, date lines, source lines), and from phrases
in the body (`передает DKNews.kz`, `Trend reports`, a leading `ASTANA, Kazakhstan,`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

from caspian.document import Document
from caspian.lexicons import load, load_per_language
from caspian.nlp.dates import find_dates, parse_date, partial_date, year_of_dateline
from caspian.nlp.textnorm import LOWER, UPPER
from caspian.settings import Settings
from caspian.stages.base import BaseStage
from caspian.stages.clean import NoiseLexicon

_DOMAIN = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
# `ASTANA, Kazakhstan, June 21.`, `NUR-SULTAN (AA) -`, `АСТАНА. ҚазАқпарат -`
_DATELINE_CAPS = re.compile(rf"^(?P<place>[{UPPER}]{{3,}}(?:[- ][{UPPER}]{{2,}})?)(?=\s*[,.(–—\-])")
# `Астана, 12 марта -`, `Ankara, 5 Mart (AA) -`
_DATELINE_TITLE = re.compile(rf"^(?P<place>[{UPPER}][{LOWER}]+(?:[- ][{UPPER}][{LOWER}]+)?)(?=\s*[,.]\s*\d)")


# A wire story's closing credit in brackets: `(Reporting by Olga Dzyubenko; Editing by Dmitry Antonov)`,
# `(Ольга Петрова. Редактор Дмитрий Соколов)`: the first name is the reporter, the author.
_CREDIT = re.compile(
    r"^\((?:(?:additional\s+)?(?:reporting|writing|reporting and writing)\s+by|"
    r"подготовил[аи]?|репортаж|текст|haber|hazırlayan)?\s*:?\s*(?P<name>[^.;,()]+?)\s*"
    r"(?:[.;,]\s*(?:(?:editing|edited|writing)\s+by|редактор[ы]?|редактировал[аи]?|editör|редактор)\b[^()]*)?\)$",
    re.IGNORECASE,
)
# `Telegram-канал Central Asia Now`, `Telegram channel X`, `сайт X`: the kind of outlet before its name.
_OUTLET_KIND = re.compile(
    r"^(?:(?:telegram|телеграм)[- ]?(?:канал|channel|kanalı|арнасы)|(?:сайт|портал|агентство|газета|телеканал)\b|"
    r"(?:website|portal|news agency|channel)\b|(?:haber sitesi|haber ajansı)\b)\s*",
    re.IGNORECASE,
)
# How long before its dateline a dated event of the text may be for the event's year to be the
# dateline's: news reports what happened in the last weeks (`15 декабря` over `7 декабря 2022 года`).
RECENT_DAYS = 45
_TR_SUFFIX = re.compile(r"['’](?:[a-zçğıöşü]{1,4})$")
_NAME_STRIP = "«»\"'.,;:()[]/| "


class SourceNames:
    """Outlets (`lexicons/sources.yaml`) and the phrases that name them (`source_phrases` of the noise lexicons).

    A source is given as the text writes it (`ТАСС`, `TASS`, `ҚазТАГ`, `Zakon.kz`): the outlet that
    the text names. The outlets of `source_canonical` (noise/common.yaml) are given by their
    canonical name whatever form the text uses; an outlet known only from the URL is given by its
    canonical name too.
    """

    def __init__(self) -> None:
        data = load("sources")
        self.canonical = {alias.casefold(): canon for canon, aliases in data.items() for alias in aliases or []}
        self.canonical.update({canon.casefold(): canon for canon in data})
        per_lang = load_per_language("noise")
        self.phrases = [re.compile(p) for d in per_lang.values() for p in d.get("source_phrases") or []]
        self.always_canonical = {name.casefold() for d in per_lang.values() for name in d.get("source_canonical") or []}

    def lookup(self, name: str) -> str | None:
        name = name.strip().strip(_NAME_STRIP).strip()
        if not name:
            return None
        return self.canonical.get(name.casefold()) or self.canonical.get(f"({name})".casefold())

    def as_written(self, name: str) -> str:
        """`«Мой ГОРОД»` -> `Мой ГОРОД`, `/ТАСС/` -> `ТАСС`, `AA'ya` -> `AA`."""
        name = name.strip().strip(_NAME_STRIP).strip()
        return _TR_SUFFIX.sub("", name).strip(_NAME_STRIP)

    def normalise(self, name: str, strict: bool) -> str | None:
        """The outlet as the text names it; an unknown name only if it looks like one (a domain, «quoted»)."""
        cleaned = name.strip().strip(".,;:()[]/| ").strip()
        written = self.as_written(cleaned)
        if not written:
            return None
        known = self.lookup(written)
        if known:
            # the canonical spelling when the text's differs only in case (`dknews.kz` -> `DKNews.kz`)
            same = known.casefold() == written.casefold()
            return known if same or known.casefold() in self.always_canonical else written
        if cleaned.startswith("«") and cleaned.endswith("»"):
            return written
        if _DOMAIN.match(written):
            return written
        return None if strict else written

    def in_agency(self, agency: str) -> str | None:
        """`Корр. ТАСС Иван Иванов` (a correspondent in the dateline's agency slot) -> `ТАСС`."""
        words = agency.split()
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                if len(words) > size and self.lookup(" ".join(words[i : i + size])):
                    return self.normalise(" ".join(words[i : i + size]), strict=True)
        return None

    def in_text(self, text: str) -> str | None:
        hits = []
        for pattern in self.phrases:
            for m in pattern.finditer(text):
                words = m.group("source").split()
                # `Bilgiyi TASS ajansı duyurdu`: a capitalised word before the name is no part of it
                for i in range(len(words)):
                    name = self.normalise(" ".join(words[i:]), strict=True)
                    if name:
                        hits.append((m.start(), name))
                        break
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


def year_of_recent_date(text: str, partial: str) -> str | None:
    """The full date of a day and month without a year (`--12-15`) when the text dates an event
    within RECENT_DAYS before it in one year only (`7 декабря 2022 года` under `15 декабря`;
    `28 января 2026 года` under `28 января`): news reports what happened in the last weeks.
    Two candidate years, or none: the date stays partial."""
    month, day = int(partial[2:4]), int(partial[5:7])
    years = set()
    for found in find_dates(text):
        event = found.value.date()
        for year in (event.year, event.year + 1):  # `3 января` over `28 декабря 2023 года`
            try:
                stated = date(year, month, day)
            except ValueError:
                continue
            if timedelta(0) <= stated - event <= timedelta(days=RECENT_DAYS):
                years.add(year)
    if len(years) != 1:
        return None
    return date(years.pop(), month, day).isoformat()


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
                # `Металлургия и сырьё | Автор: Ирина Белова`, `By Assel Satubaldina | 19 October 2022`:
                # the byline is one piece of a header line
                name = name or next((n for p in line.split("|") if (n := self.noise.byline_name(p.strip()))), None)
                if name:
                    return name
        for line, kind in zip(doc.removed, kinds, strict=False):
            if kind == "source_line":
                # `Kaynak: AA | Muhabir: Handan Kazancı`: a byline shares the source line
                for piece in line.split("|")[1:]:
                    name = self.noise.byline_name(piece.strip())
                    if name:
                        return name
        for line in doc.removed:
            # `Selin Akgül | 14 Kasım 2024, 10:18 | Okunma: 5.204`: a header line of name, date and counter
            pieces = [p.strip() for p in line.split("|")]
            if len(pieces) >= 2 and self.noise.is_name(pieces[0]) and any(find_dates(p) for p in pieces[1:]):
                return pieces[0]
        for line in doc.removed:
            m = _CREDIT.match(line)
            if m and self.noise.is_name(m.group("name")):
                return m.group("name")
        parts = doc.meta.get("dateline_parts") or {}
        credit = parts.get("credit")
        if credit and self.noise.is_name(credit):
            return credit  # `Алматы, 5 қыркүйек. ҚазТАГ – Толқын Тәшімов.`
        agency = parts.get("agency") or ""
        outlet = self.sources.in_agency(agency)
        if outlet:
            # `/Корр. ТАСС Иван Иванов/`: the correspondent after the agency's name
            rest = agency.split(outlet, 1)[-1].strip(" ,.")
            if self.noise.is_name(rest):
                return rest
        return None

    def _published(self, doc: Document, kinds: list[str]) -> str | None:
        for line, kind in zip(doc.removed, kinds, strict=False):
            # `By Assel Satubaldina | 19 October 2022 | 1,046 views`: a header line of pieces, one a date
            if kind == "date_line" or (kind in ("byline", "counter", "page_tools") and "|" in line):
                found = find_dates(line)
                if found:
                    return found[0].iso()
        for line, kind in zip(doc.removed, kinds, strict=False):
            if kind == "source_line":
                found = find_dates(line)  # `Source: Xinhua News Agency, January 25, 2010`
                if found:
                    return found[0].iso()
        return None

    def _partial(self, doc: Document, kinds: list[str]) -> str | None:
        """The day and month (`--09-05`) of the dateline, else of a date line without a year
        (`15 декабря | 18:20`, `12:40, 7 маусым`)."""
        day_month = (doc.meta.get("dateline_parts") or {}).get("day_month")
        if not day_month:
            lines = zip(doc.removed, kinds, strict=False)
            day_month = next((line for line, kind in lines if kind == "date_line"), None)
        if not day_month:
            return None
        partial = partial_date(day_month)
        if partial:
            doc.meta["published_partial"] = partial
        return partial

    def _source_line_name(self, line: str) -> str | None:
        value = line.split(":", 1)[1].split("|", 1)[0]
        found = find_dates(value)
        if found:
            value = value[: found[0].start]
        value = _OUTLET_KIND.sub("", value.strip(" ,;–—-"))
        return self.sources.normalise(value.strip(" ,;–—-"), strict=False)

    def _source(self, doc: Document, kinds: list[str], given: dict[str, str]) -> str | None:
        for line, kind in zip(doc.removed, kinds, strict=False):
            if kind == "source_line" and ":" in line:
                name = self._source_line_name(line)
                if name:
                    return name
        for line, kind in zip(doc.removed, kinds, strict=False):
            if kind != "other_headline" and "|" in line:
                # `12.08.2025 | 10:15 | BAQ.KZ`, `Qazaqstan TV | 3 мин оқу`: a known outlet as one piece of a
                # header line
                for piece in line.split("|"):
                    if self.sources.lookup(piece):
                        return self.sources.normalise(piece, strict=True)
        agency = (doc.meta.get("dateline_parts") or {}).get("agency")
        if agency:
            name = self.sources.in_agency(agency) or self.sources.normalise(agency, strict=False)
            if name:
                return name
        name = self.sources.in_text(doc.text)
        if name:
            return name
        for line, kind in zip(doc.removed, kinds, strict=False):
            # `Abai.kz` alone on a line below the story: the site signs its text
            if kind in ("tags", "other_headline") and _DOMAIN.match(line.strip(" .")):
                return self.sources.normalise(line.strip(" ."), strict=True)
        if given.get("source"):
            return self.sources.normalise(given["source"], strict=False)
        if doc.url:
            host = urlparse(doc.url).hostname or ""
            host = host.removeprefix("www.")
            return (self.sources.lookup(host) or host) or None
        return None

    def _dateline(self, doc: Document) -> str | None:
        place = (doc.meta.get("dateline_parts") or {}).get("place")
        if place:
            return place
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
        if not doc.published:
            partial = self._partial(doc, kinds)
            year = (doc.meta.get("dateline_parts") or {}).get("year")
            if partial and year:
                doc.published = f"{year}-{partial[2:]}"  # `ASTANA, March 12, 2024 –`: a full date
                doc.meta.pop("published_partial", None)
            elif partial:
                doc.published = year_of_dateline(doc.text, partial) or year_of_recent_date(doc.text, partial)
                if doc.published:
                    doc.meta.pop("published_partial", None)
        doc.source = doc.source or self._source(doc, kinds, given)
        doc.dateline = doc.dateline or self._dateline(doc)
        return doc
