"""Facts: quantitative energy facts (commodity, metric, value, unit, period, modality, geo).

Each number with an energy unit, a currency, a percentage or a multiple becomes a
candidate; the cue lexicons in `lexicons/facts/{lang}.yaml` type it from its
clause, then its sentence, then (for the commodity) the sentence before. A
candidate with no commodity in reach is no fact. The quote is the clause around
the number, so `quote == text[start:end]`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from caspian.document import Document
from caspian.lexicons import load_per_language
from caspian.nlp.numbers import masked_spans, number_lexicon
from caspian.nlp.units import Quantity, find_quantities, normalise
from caspian.pipeline import STAGES
from caspian.settings import Settings

LANGS = ("ru", "kk", "tr", "en")
FACT_KINDS = {"mass", "uranium_mass", "volume", "oil_volume", "boe", "energy", "power", "money", "percent", "multiple"}
# kinds that name their commodity; the others need a cue word in reach
UNIT_COMMODITY = {"oil_volume": "oil", "boe": "oil", "volume": "gas", "energy": "electricity", "power": "electricity"}
UNIT_METRIC = {"power": "capacity"}
MODALITY_ORDER = ("limit", "target", "forecast")
_CLAUSE_BREAK = re.compile(r"[,;:\"«»“”()]|\s[–—-]\s|\.\s")
_QUOTE_TRIM = " \t\n\"'«»“”.,;:()"


@dataclass(frozen=True)
class Cues:
    commodity: list[tuple[str, re.Pattern[str]]]
    metric: list[tuple[str, re.Pattern[str]]]
    modality: list[tuple[str, re.Pattern[str]]]
    period: dict[str, Any]
    period_res: dict[str, list[re.Pattern[str]]]
    months: list[tuple[re.Pattern[str], int]]


def _compile(forms: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?<!\\w)(?:{f})" for f in forms), re.IGNORECASE)


@cache
def cues(lang: str) -> Cues:
    data = load_per_language("facts")[lang if lang in LANGS else "en"]
    period = data.get("period") or {}
    keys = ("this_year", "last_year", "next_year", "year", "until", "quarter", "half", "months_to_date")
    return Cues(
        commodity=[(k, _compile(v)) for k, v in (data.get("commodity") or {}).items()],
        metric=[(k, _compile(v)) for k, v in (data.get("metric") or {}).items()],
        modality=[(k, _compile(v)) for k, v in (data.get("modality") or {}).items()],
        period=period,
        period_res={k: [re.compile(f"(?<!\\w){f}", re.IGNORECASE) for f in period.get(k) or []] for k in keys},
        months=[(re.compile(f"^{k}", re.IGNORECASE), int(v)) for k, v in (period.get("months") or {}).items()],
    )


@cache
def _geo() -> tuple[list[str], re.Pattern[str]]:
    geo = load_per_language("facts")["common"].get("geo") or {}
    names = list(geo)
    groups = (f"(?P<g{i}>{'|'.join(forms)})" for i, forms in enumerate(geo.values()))
    return names, re.compile(f"(?<!\\w)(?:{'|'.join(groups)})")


def geo_mentions(text: str) -> list[tuple[int, str]]:
    names, pattern = _geo()
    return [(m.start(), names[int((m.lastgroup or "g0")[1:])]) for m in pattern.finditer(text)]


@cache
def _per_markers() -> dict[str, re.Pattern[str]]:
    per = load_per_language("facts")["units"].get("per") or {}
    return {k: re.compile("|".join(f"(?<!\\w)(?:{f})(?!\\w)" for f in v), re.IGNORECASE) for k, v in per.items()}


def _nearest(found: list[tuple[int, str]], pos: int) -> str | None:
    return min(found, key=lambda item: abs(item[0] - pos))[1] if found else None


def _hits(table: list[tuple[str, re.Pattern[str]]], text: str, offset: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for label, pattern in table:
        for m in pattern.finditer(text):
            # a longer, earlier-listed cue (нефтепродукт) shadows a shorter one inside it (нефт)
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            out.append((offset + m.start(), label))
    return out


@STAGES.register("facts")
class Facts:
    name = "facts"

    def __init__(self, settings: Settings) -> None:
        self.options = settings.options("facts")
        for lang in LANGS:
            cues(lang)
        _geo()
        _per_markers()

    def _lang_at(self, doc: Document, offset: int) -> str:
        for span in doc.paragraph_langs:
            if span["start"] <= offset <= span["end"]:
                return span["lang"]
        return doc.lang or "en"

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        if not text:
            doc.facts = []
            return doc
        article_geo = _ArticleGeo(doc)
        facts: list[dict[str, Any]] = []
        seen: set[tuple] = set()
        sentences = doc.sentences or [[0, len(text)]]
        for i, (s, e) in enumerate(sentences):
            lang = self._lang_at(doc, s)
            lang = lang if lang in LANGS else "en"
            sentence = text[s:e]
            if not any(ch.isdigit() for ch in sentence) and not self._has_number_word(sentence, lang):
                continue
            previous = text[sentences[i - 1][0] : sentences[i - 1][1]] if i else ""
            for q in find_quantities(sentence, lang, masked_spans(sentence, lang)):
                fact = self._fact(doc, q, sentence, s, previous, lang, article_geo)
                if fact is None:
                    continue
                key = (fact["commodity"], fact["metric"], round(fact["value"], 6), fact["unit"], fact["modality"])
                if key in seen:
                    continue
                seen.add(key)
                facts.append(fact)
        doc.facts = facts
        return doc

    @staticmethod
    def _has_number_word(sentence: str, lang: str) -> bool:
        return bool(number_lexicon(lang).pattern.search(sentence))

    def _fact(
        self, doc: Document, q: Quantity, sentence: str, offset: int, previous: str, lang: str, article_geo: _ArticleGeo
    ) -> dict[str, Any] | None:
        if q.unit is None or q.unit.kind not in FACT_KINDS:
            return None
        lex = cues(lang)
        cs, ce = _clause(sentence, q.start, q.end)
        clause = sentence[cs:ce]
        pos = q.start
        confidence = 0.9

        commodity = _nearest(_hits(lex.commodity, clause, cs), pos) or _nearest(_hits(lex.commodity, sentence, 0), pos)
        if commodity is None and q.unit.kind in UNIT_COMMODITY:
            commodity = UNIT_COMMODITY[q.unit.kind]
        if q.unit.kind == "uranium_mass":
            commodity = "uranium"
        if commodity is None and q.unit.kind in ("mass", "oil_volume"):
            commodity = _nearest(_hits(lex.commodity, previous, -len(previous)), 0)
            confidence -= 0.15
        if commodity is None:
            return None

        metric = _nearest(_hits(lex.metric, clause, cs), pos) or _nearest(_hits(lex.metric, sentence, 0), pos)
        if metric is None and q.per_unit is not None and q.unit.kind == "money":
            metric = "price"
        metric = metric or UNIT_METRIC.get(q.unit.kind)
        if metric is None:
            if q.unit.kind in ("percent", "multiple", "money"):
                return None
            metric, confidence = "other", confidence - 0.2

        modality = _modality(lex, clause) or _modality(lex, sentence) or "actual"
        if modality == "limit" and metric in ("production", "export", "other"):
            metric = "quota"

        per = q.per or _per_before(clause, q.start - cs)
        if per and per != q.per:
            q.per = per
        normal = normalise(q, uranium=commodity == "uranium")
        if normal is None:
            return None
        value, unit = normal

        period = _period(lex, clause, doc.published) or _period(lex, sentence, doc.published)
        if period is None and q.per in ("year", "month") and q.unit.kind not in ("percent", "money"):
            period = f"per {q.per}"

        geo = _nearest(geo_mentions(sentence), pos) or article_geo.value

        if q.repaired or q.number.implied:
            confidence -= 0.2
        if q.number.is_range:
            confidence -= 0.1
        start, end = _trim(doc.text, offset + cs, offset + ce)
        return {
            "commodity": commodity,
            "metric": metric,
            "value": value,
            "unit": unit,
            "period": period,
            "modality": modality,
            "geo": geo,
            "quote": doc.text[start:end],
            "start": start,
            "end": end,
            "confidence": round(max(confidence, 0.1), 2),
        }


class _ArticleGeo:
    """The place the article mentions most, computed only when a fact needs it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._value: str | bool | None = False

    @property
    def value(self) -> str | None:
        if self._value is False:
            counts = Counter(name for _, name in geo_mentions((self.doc.title or "") + "\n" + self.doc.text))
            self._value = counts.most_common(1)[0][0] if counts else None
        return self._value  # type: ignore[return-value]


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    cs = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, start):
        # a decimal comma or a thousands separator is no clause break
        if m.group(0) in (",", ".") and m.end() < len(sentence) and sentence[m.end() : m.end() + 1].isdigit():
            continue
        cs = m.end()
    ce = len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence, end):
        if m.group(0) in (",", ".") and sentence[m.end() : m.end() + 1].isdigit():
            continue
        ce = m.start() + (1 if m.group(0).startswith(".") else 0)
        break
    return cs, ce


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _QUOTE_TRIM:
        start += 1
    while end > start and text[end - 1] in _QUOTE_TRIM:
        end -= 1
    return start, end


def _modality(lex: Cues, text: str) -> str | None:
    found = {label for label, pattern in lex.modality if pattern.search(text)}
    return next((m for m in MODALITY_ORDER if m in found), None)


def _per_before(clause: str, pos: int) -> str | None:
    window = clause[max(0, pos - 40) : pos]
    for per, pattern in _per_markers().items():
        if pattern.search(window):
            return per
    return None


def _published_year(published: str | None) -> int | None:
    m = re.match(r"((?:19|20)\d\d)", published or "")
    return int(m.group(1)) if m else None


def _month(lex: Cues, word: str) -> int | None:
    return next((n for pattern, n in lex.months if pattern.search(word)), None)


def _ordinal(lex: Cues, word: str) -> int | None:
    if word.isdigit():
        return int(word)
    for key, value in (lex.period.get("ordinals") or {}).items():
        if word.casefold().startswith(str(key).casefold()):
            return int(value)
    return None


def _period(lex: Cues, text: str, published: str | None) -> str | None:
    pub = _published_year(published)
    year: int | None = None
    relative = False
    for key, shift in (("this_year", 0), ("last_year", -1), ("next_year", 1)):
        if any(p.search(text) for p in lex.period_res[key]):
            relative = True
            year = pub + shift if pub else None
            break
    if not relative:
        for p in lex.period_res["year"]:
            m = p.search(text)
            if m:
                year = int(m.group("y"))
                break
    for p in lex.period_res["until"]:
        m = p.search(text)
        if m and (month := _month(lex, m.group("m"))):
            if year is None:
                return None
            return f"until {year}-{month:02d}"
    if year is None:
        return None
    for key, fmt in (("quarter", "{y}-Q{n}"), ("half", "{y}-H{n}")):
        for p in lex.period_res[key]:
            m = p.search(text)
            if m and (n := _ordinal(lex, m.group(1))):
                return fmt.format(y=year, n=n)
    for p in lex.period_res["months_to_date"]:
        m = p.search(text)
        if m and (n := _ordinal(lex, m.group("n")) or _word_number(m.group("n"))) and 1 <= n <= 12:
            return f"{year}-01/{year}-{n:02d}"
    return str(year)


def _word_number(word: str) -> int | None:
    for lang in LANGS:
        value = number_lexicon(lang).words.get(word.casefold())
        if value is not None and value == int(value):
            return int(value)
    return None
