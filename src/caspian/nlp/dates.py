"""Find publication-style dates in short spans and parse them.

Candidate spans are found with patterns built from the month lexicons
(`lexicons/dates/*.yaml`), then parsed by dateparser with the language set.
dateparser alone reads whole texts too eagerly (a view counter `1023` becomes a
year) and is slow on long input, so it only ever sees a recomposed candidate span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache

import dateparser

from caspian.languages import SUPPORTED
from caspian.lexicons import load_per_language

MIN_YEAR = 1991


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    value: datetime
    has_time: bool
    has_tz: bool
    lang: str

    def iso(self) -> str:
        """`2024-06-21`, or `2024-06-21T20:28:00+04:00` when the text gives the time."""
        if not self.has_time:
            return self.value.date().isoformat()
        value = self.value if self.has_tz else self.value.replace(tzinfo=None)
        return value.isoformat()


@cache
def _month_table() -> tuple[dict[str, tuple[int, str]], list[str]]:
    table: dict[str, tuple[int, str]] = {}
    year_words: list[str] = []
    for lang, data in load_per_language("dates").items():
        for number, names in (data.get("months") or {}).items():
            for name in names:
                table.setdefault(name.casefold(), (int(number), lang))
        year_words += data.get("year_words") or []
    return table, year_words


def month_names() -> list[str]:
    """Every month name and inflected form the date lexicons know, lower case."""
    return list(_month_table()[0])


def month_number(name: str) -> int | None:
    """1-12 for a month name of any of our languages (`сентября`, `қыркүйек`, `Mar.`), else None."""
    found = _month_table()[0].get(name.casefold().rstrip("."))
    return found[0] if found else None


_DAY_MONTH = re.compile(r"(?P<d1>[0-3]?\d)\s+(?P<m1>[^\W\d_]+\.?)|(?P<m2>[^\W\d_]+\.?)\s+(?P<d2>[0-3]?\d)\b")


def partial_date(text: str) -> str | None:
    """A day and month without a year, as ISO 8601 leaves the year out: `5 сентября` -> `--09-05`."""
    m = _DAY_MONTH.search(text)
    if not m:
        return None
    day = int(m.group("d1") or m.group("d2"))
    month = month_number(m.group("m1") or m.group("m2"))
    if month is None or not 1 <= day <= 31:
        return None
    try:
        date(2000, month, day)  # a leap year: 29 February is a real date
    except ValueError:
        return None
    return f"--{month:02d}-{day:02d}"


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@cache
def _completed_periods() -> list[tuple[re.Pattern[str], int]]:
    """`completed_periods` of the date lexicons: a period of a year that is over (`first half of 2024`)."""
    months = "|".join(sorted((re.escape(m) for m in month_names()), key=len, reverse=True))
    out = []
    for data in load_per_language("dates").values():
        for pattern, end in data.get("completed_periods") or []:
            out.append((re.compile(pattern.replace("MONTH", f"(?:{months})"), re.IGNORECASE), int(end)))
    return out


def year_of_dateline(text: str, partial: str, lag: int = 4) -> str | None:
    """The full date of a dateline without a year (`--08-01`), where the text makes the year certain.

    Certain means: the latest year the text names is Y, and the text reports a period of Y that
    was over shortly before the dateline (`в январе — июне 2019 года` under `Москва, 1 августа`,
    `in the first six months of 2024` under `ASTANA, July 16`): results are reported after their
    period, within `lag` months. Otherwise None: the partial date stays partial.
    """
    month, day = int(partial[2:4]), int(partial[5:7])
    years = [int(y) for y in _YEAR.findall(text) if MIN_YEAR <= int(y) <= date.today().year + 1]
    if not years:
        return None
    latest = max(years)
    for pattern, end in _completed_periods():
        for m in pattern.finditer(text):
            if int(m.group("y")) != latest:
                continue
            last = end or (month_number(m.group("mon")) if m.groupdict().get("mon") else 0) or 0
            if last and last < month <= last + lag:
                try:
                    return date(latest, month, day).isoformat()
                except ValueError:
                    return None
    return None


_TIME = r"(?:[,\s]+(?:в\s+|saat\s+|at\s+)?(?P<hh>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::[0-5]\d)?)?"
_TZ = r"(?:\s*\(?\s*(?:UTC|GMT)\s*(?P<tz>[+\-−]\s*\d{1,2}(?::?\d{2})?)?\s*\)?)?"


@cache
def _patterns() -> list[re.Pattern[str]]:
    table, year_words = _month_table()
    months = "|".join(sorted((re.escape(m) for m in table), key=len, reverse=True))
    year_word = "|".join(sorted((re.escape(w) for w in year_words), key=len, reverse=True))
    yw = rf"(?:\s*(?:{year_word}))?" if year_word else ""
    day = r"(?P<d>[0-3]?\d)"
    mon = rf"(?P<mon>{months})\.?"
    year = r"(?P<y>(?:19|20)\d\d)"
    flags = re.IGNORECASE
    return [
        # 2024-06-21T20:28:00+04:00, 2024-06-21 20:28
        re.compile(
            r"(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
            r"(?:Z|[+\-]\d\d:?\d\d)?)?)",
            flags,
        ),
        # 21 June 2024 20:28 (UTC +04:00); 12 марта 2024 г., 10:15; 12 Mart 2024
        re.compile(rf"\b{day}\s+{mon}\s*,?\s+{year}{yw}{_TIME}{_TZ}", flags),
        # June 21, 2024 10:15
        re.compile(rf"\b{mon}\s+{day},?\s+{year}{_TIME}{_TZ}", flags),
        # 2024 жылғы 12 наурыз, 09:40
        re.compile(rf"\b{year}{yw}\s+{day}\s+{mon}{_TIME}{_TZ}", flags),
        # 12.03.2024 10:15, 12/03/2024, 12-03-2024
        re.compile(rf"\b{day}(?P<sep>[./-])(?P<mm>[01]?\d)(?P=sep){year}\b{_TIME}{_TZ}", flags),
        # 2024.03.12, 2024/03/12 10:15
        re.compile(rf"\b{year}(?P<sep>[./])(?P<mm>[01]?\d)(?P=sep){day}\b{_TIME}{_TZ}", flags),
    ]


def _tz(text: str | None) -> timezone | None:
    if not text:
        return None
    text = text.replace("−", "-").replace(" ", "")
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:-2] or 0) if len(digits) > 2 else int(digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    if hours > 14 or minutes >= 60:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


@cache
def parse_date(span: str, lang: str | None) -> datetime | None:
    """A full date (day, month, year) in `span` as dateparser reads it, day first; None if it cannot."""
    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    # Without a language: the four we read, not dateparser's ~200 (loading those takes 2 s per process).
    langs = [lang] if lang and lang != "common" else list(SUPPORTED)
    try:
        return dateparser.parse(span, languages=langs, settings=settings)
    except (ValueError, OverflowError):
        return None


def find_dates(text: str, today: date | None = None) -> list[DateMatch]:
    """Every full date (day, month, year) in `text`, validated, left to right."""
    table, _ = _month_table()
    last_year = (today or date.today()).year + 1
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            groups = m.groupdict()
            if groups.get("iso"):
                try:
                    value = datetime.fromisoformat(groups["iso"])
                except ValueError:
                    value = None
                lang = "common"
                has_time = "T" in groups["iso"] or " " in groups["iso"]
                has_tz = value is not None and value.tzinfo is not None
            else:
                if groups.get("mon"):
                    month, lang = table[groups["mon"].casefold().rstrip(".")]
                else:
                    month, lang = int(groups["mm"]), "common"
                day, year = int(groups["d"]), int(groups["y"])
                has_time = groups.get("hh") is not None
                # Recompose a plain span dateparser reads in every language we know.
                span = f"{day:02d}.{month:02d}.{year}" + (f" {groups['hh']}:{groups['mi']}" if has_time else "")
                value = parse_date(span, None)
                tz = _tz(groups.get("tz"))
                has_tz = tz is not None
                if value is not None and tz is not None:
                    value = value.replace(tzinfo=tz)
            if value is None or not (MIN_YEAR <= value.year <= last_year):
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMatch(m.start(), m.end(), value, has_time, has_tz, lang))
    return sorted(found, key=lambda d: d.start)
