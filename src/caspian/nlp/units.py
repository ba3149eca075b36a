"""Quantities: a number with its unit, currency or rate, and their normalisation.

Unit forms live in `lexicons/facts/units.yaml`. Conversion between units of one
dimension goes through pint, with the units it lacks (bcm, boe) defined here. Oil
converts through pint's `oil_barrel` (42 gallons, 159 litres): pint's plain `barrel`
is the 119-litre US barrel.

Output units (PRODUCT.md) follow one rule, by magnitude:
  mass: t below 1e6 t, Mt from there (t/d for daily rates)
  oil:  bbl; daily rates b/d below 1e3, kb/d below 1e6, mb/d from there
  gas:  m3 below 1e8 m3, bcm from there
  electricity: GWh below 1 TWh, TWh from there; MW and GW as written (kW and W to MW)
  money: the currency in base units ("$2 billion" -> 2000000000 USD)
A rate per year or month keeps the amount's unit; the stage puts the rate in `period`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from caspian.lexicons import load_per_language
from caspian.nlp.numbers import Number, find_numbers, masked_spans, number_lexicon

if TYPE_CHECKING:
    import pint


@dataclass(frozen=True)
class Unit:
    key: str
    kind: str
    name: str
    pint: str | None = None
    per: str | None = None
    # the unit a fact reports when this one is outside the product's list (a somoni sum is `other`)
    contract: str | None = None


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    value: float
    number: Number
    unit: Unit | None = None
    per: str | None = None
    # e.g. "per barrel" in "$58 per barrel"; a Unit or, for counted nouns, the noun
    per_unit: Unit | str | None = None
    noun: str | None = None
    # "1 milyon 860 ton varil": a mass word right before a barrel word is a typo
    repaired: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """A normalised unit name, comparable with NewsQuant's `normalized_unit`."""
        base = self.unit.name if self.unit else (self.noun or "-")
        if self.per_unit is not None:
            per = self.per_unit.name if isinstance(self.per_unit, Unit) else self.per_unit
            return f"{base} per {per}"
        if self.per and (self.unit is None or self.unit.per is None):
            return f"{base} per {self.per}"
        return base


# an approximation word written between a number and its unit (Kazakh puts it after the number)
_APPROX_GAP = re.compile(r"[\s\u00a0]+(?:жуық|шамасында|тарта)(?=[\s\u00a0])", re.IGNORECASE)


@cache
def _units() -> tuple[list[Unit], re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, list[str]]]:
    data: dict[str, Any] = load_per_language("facts")["units"]
    units: list[Unit] = []
    after: list[str] = []
    before: list[str] = []
    for i, entry in enumerate(data["units"]):
        units.append(
            Unit(entry["key"], entry["kind"], entry["name"], entry.get("pint"), entry.get("per"), entry.get("contract"))
        )
        if entry.get("after"):
            forms = "|".join(_bounded(f) for f in entry["after"])
            after.append(f"(?P<u{i}>{forms})")
        if entry.get("before"):
            forms = "|".join(f"(?<![^\\W\\d_])(?:{f})" if f[:1].isalpha() else f"(?:{f})" for f in entry["before"])
            before.append(f"(?P<u{i}>{forms})")
    per = {k: list(v) for k, v in (data.get("per") or {}).items()}
    after_re = re.compile(r"[\s\u00a0]?-?(?:" + "|".join(after) + ")", re.IGNORECASE)
    before_re = re.compile(r"(?:" + "|".join(before) + r")[\s\u00a0]?$", re.IGNORECASE)
    per_forms = "|".join(f"(?P<{k}>{'|'.join(_bounded(f) for f in v)})" for k, v in per.items())
    per_re = re.compile(rf"\s*(?:{per_forms})", re.IGNORECASE)
    return units, after_re, before_re, per_re, per


def _bounded(form: str) -> str:
    # word-like forms end at a word boundary; symbols (%, $, ", °) need none
    return f"(?:{form})(?!\\w)" if re.search(r"[\w*?)\]]$", form) and not form.endswith(r"\$") else f"(?:{form})"


def unit_by_key(key: str) -> Unit:
    for unit in _units()[0]:
        if unit.key == key:
            return unit
    raise KeyError(key)


_PER_UNIT = re.compile(
    r"(?:\s*(?:per|a|an|/|each)\s+(?=\S)|\s*/)(?!\w+\s+(?:earlier|ago|before|later|after)\b)", re.IGNORECASE
)
_NOUN = re.compile(r"[\s\u00a0-]*([A-Za-z][a-z]+(?:-[a-z]+)?)")
_NOT_NOUN = re.compile(r"(?:ing|ed|er|ly|est)$", re.IGNORECASE)
_IRREGULAR = {"people": "people", "men": "man", "women": "woman", "children": "child", "feet": "foot", "mice": "mouse"}


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(str(w).casefold() for w in load_per_language("facts")["en"].get("count_stop_words") or [])


def lemma(word: str) -> str:
    """A plain English singular: `workers` -> `worker`, `countries` -> `country`."""
    w = word.casefold()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and re.search(r"(?:ch|sh|x|ss|zz)es$", w):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not re.search(r"(?:ss|us|is)$", w):
        return w[:-1]
    return w


def find_quantities(
    text: str, lang: str, masks: list[tuple[int, int]] | None = None, nouns: bool = False, ranges: bool = False
) -> list[Quantity]:
    """Every number in `text` with the unit or currency written beside it.

    `nouns`: for a number with no unit, take the counted noun after it as its unit
    (`13000 workers` -> worker), as NewsQuant annotates English counts.
    `ranges`: read "from $2,415 to $2,315" and "between 15kHz and 17kHz" as one range.
    """
    units, after_re, before_re, per_re, _ = _units()
    masks = masked_spans(text, lang) if masks is None else masks
    out: list[Quantity] = []
    for n in find_numbers(text, lang, masks):
        q = Quantity(n.start, n.end, n.value, n)
        m = before_re.search(text, max(0, n.start - 8), n.start)
        if m:
            q.unit = units[_group_index(m)]
            q.start = m.start()
        m = after_re.match(text, n.end)
        if m is None and (gap := _APPROX_GAP.match(text, n.end)):
            # "33 миллионға жуық тоннасы" (nearly 33 million of its tonnes): the approximation between
            m = after_re.match(text, gap.end())
        if m and q.unit is None:
            q.unit = units[_group_index(m)]
            q.end = m.end()
            q.repaired = _repair_mass_barrel(text, q, after_re, units)
        if q.unit is not None:
            q.per = q.unit.per
        m = per_re.match(text, q.end)
        if m and q.unit is not None:
            q.per = m.lastgroup
            q.end = m.end()
        elif q.unit is not None and q.unit.kind in ("money", "other_money", "other", "multiple"):
            m = _PER_UNIT.match(text, q.end)
            if m:
                rest = after_re.match(" " + text[m.end() : m.end() + 40])
                if rest:
                    q.per_unit = units[_group_index(rest)]
                    q.end = m.end() + rest.end() - 1
                elif nouns:
                    noun = _noun_phrase(text, m.end(), 1.0, after_re)
                    if isinstance(noun, str):
                        q.per_unit = noun
        if q.unit is None and nouns:
            noun = _noun_phrase(text, q.end, q.value, after_re)
            if isinstance(noun, int):
                q.unit = units[noun]
            else:
                q.noun = noun
        if q.unit is None and q.per_unit is None and (_is_year(text, q) or (nouns and _is_name(text, q))):
            continue
        out.append(q)
    _share_units(text, lang, out)
    _share_elliptic(text, out)
    out = _multiplier_words(text, out, masks)
    return _merge_ranges(text, out) if ranges else out


@cache
def _multipliers() -> tuple[re.Pattern[str] | None, list[float], Unit | None]:
    data: dict[str, Any] = load_per_language("facts")["units"]
    words = {str(k): float(v) for k, v in (data.get("multiplier_words") or {}).items()}
    if not words:
        return None, [], None
    pattern = re.compile("|".join(f"(?<!\\w)(?P<m{i}>{w})(?!\\w)" for i, w in enumerate(words)), re.IGNORECASE)
    unit = next((u for u in _units()[0] if u.kind == "multiple" and u.name == "times"), None)
    return pattern, list(words.values()), unit


def has_multiplier_word(text: str) -> bool:
    pattern = _multipliers()[0]
    return pattern is not None and pattern.search(text) is not None


def _multiplier_words(text: str, qs: list[Quantity], masks: list[tuple[int, int]]) -> list[Quantity]:
    """A multiple written as one word ("вдвое", "утроить", "doubling") is a figure of unit x."""
    pattern, values, unit = _multipliers()
    if pattern is None or unit is None:
        return qs
    added = []
    for m in pattern.finditer(text):
        if any(q.start < m.end() and m.start() < q.end for q in qs) or any(
            s < m.end() and m.start() < e for s, e in masks
        ):
            continue
        value = values[int((m.lastgroup or "m0")[1:])]
        added.append(Quantity(m.start(), m.end(), value, Number(m.start(), m.end(), value, spelled=True), unit))
    return sorted(qs + added, key=lambda q: q.start) if added else qs


_ELLIPTIC_END = re.compile(r"\s*[,;)]")
# how far an enumeration of bare figures may run before the one that writes the unit
ELLIPSIS_REACH = 120


def _share_elliptic(text: str, qs: list[Quantity]) -> None:
    """ "в феврале — 300 тыс., в марте — 450 тыс., в апреле — 490 тыс. б/с": in a list, figures with a
    scale word and no unit take the unit written once at the end of the list."""
    for i, a in enumerate(qs):
        if a.unit is not None or a.noun is not None or a.number.scale <= 1.0 or not _ELLIPTIC_END.match(text, a.end):
            continue
        for b in qs[i + 1 :]:
            if b.start - a.end > ELLIPSIS_REACH:
                break
            if b.unit is not None:
                if b.number.scale > 1.0 and not b.number.is_range:
                    a.unit, a.per = b.unit, b.per
                break
            if b.number.scale <= 1.0:
                break


def _share_units(text: str, lang: str, qs: list[Quantity]) -> None:
    """ "с 5,5 до 9 млн тонн", "from 18 million to 39 million tons", "between 25,000 and 26,500 tonnes":
    the first figure of a change or range takes the unit (and the scale) written once after the second."""
    lex = number_lexicon(lang)
    for a, b in itertools.pairwise(qs):
        if a.unit is not None or a.noun is not None or b.unit is None or a.number.is_range:
            continue
        gap = text[a.end : b.start]
        if len(gap) > 5 or "\n" in gap or not lex.range_gap.match(gap):
            continue
        before = text[max(0, a.start - 12) : a.start]
        if not any(p is not None and p.search(before) for p in (lex.change_open, lex.range_open)):
            continue
        a.unit, a.per = b.unit, b.per
        if a.number.scale == 1.0 and b.number.scale > 1.0:
            a.value *= b.number.scale


_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|and)\s*$", re.IGNORECASE)
_SHARED_GAP = re.compile(r"\s*-?\s*(?:or|and|to|-|–)\s+$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:from|between)\s+$", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w.&]*|[A-Z])\s$")
_CHANGE_BEFORE = re.compile(r"(?:\bby|rose|fell|up|down|increased|decreased|gained|lost)\s+$", re.IGNORECASE)


def _merge_ranges(text: str, qs: list[Quantity]) -> list[Quantity]:
    for a, b in itertools.pairwise(qs):
        # "7- or 8-inch", "eight or nine euros": the first number shares the unit
        if a.unit is None and a.noun is None and b.unit is not None and _SHARED_GAP.match(text[a.end : b.start]):
            a.unit, a.per, a.per_unit = b.unit, b.per, b.per_unit
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        gap = text[prev.end : q.start] if prev else ""
        if (
            prev is not None
            and prev.unit is not None
            and q.unit in (prev.unit, None)
            and not prev.number.is_range
            and _RANGE_GAP.match(gap)
            and _is_range_gap(text, prev, q, gap)
            and q.value > prev.value
        ):
            low, high = prev.value, q.value
            if prev.number.scale == 1.0 and q.number.scale > 1.0:
                low *= q.number.scale
            merged = Number(
                prev.number.start,
                q.number.end,
                (low + high) / 2,
                low=low,
                high=high,
                scale=max(prev.number.scale, q.number.scale),
            )
            out[-1] = Quantity(prev.start, q.end, merged.value, merged, prev.unit, prev.per or q.per, q.per_unit)
            continue
        out.append(q)
    return out


def _is_range_gap(text: str, prev: Quantity, q: Quantity, gap: str) -> bool:
    """`$2-3 billion`, `from 5% to 7%`, `between 15kHz and 17kHz` are ranges; `fell 0.4 per cent to
    13176` (a change, then a level) and `rose by $43.6 billion to $419.2 billion` are not."""
    opened = bool(_RANGE_OPEN.search(text[: prev.start]))
    if "and" in gap:
        return opened
    if gap.strip() in ("-", "–", "—"):
        return True
    # "X to Y": a range when opened by from/between, or when both ends carry the same unit
    return opened or (q.unit is not None and not _CHANGE_BEFORE.search(text[: prev.start]))


def _noun_phrase(text: str, pos: int, value: float, after_re: re.Pattern[str]) -> str | int | None:
    """The counted noun after a bare number: a lemma, a unit index, or None.

    Up to three words, ending at the first plural (`50 different products`); a
    singular noun only counts after one (`one man`)."""
    words: list[str] = []
    for _ in range(3):
        m = _NOUN.match(text, pos)
        if not m or m.group(1).casefold() in _stop_words() or not m.group(1)[0].islower():
            break
        unit = after_re.match(text, pos)
        if unit and unit.end() == m.end():
            return _group_index(unit)
        words.append(m.group(1))
        pos = m.end()
        if lemma(m.group(1)) != m.group(1).casefold() or m.group(1).casefold() == "people":
            return " ".join(lemma(w) for w in words)
    if words and (value == 1 or (len(words) > 1 and not _NOT_NOUN.search(words[0]))):
        return lemma(words[0])
    return None


def _is_year(text: str, q: Quantity) -> bool:
    n = q.number
    surface = text[n.start : n.end]
    return not n.is_range and surface.isdigit() and len(surface) == 4 and 1900 <= n.value <= 2100


def _is_name(text: str, q: Quantity) -> bool:
    """`Big 12`, `iPhone 11`, `Game 2`, `S&P 500`: a bare number after a capitalised word."""
    before = text[max(0, q.start - 30) : q.start]
    if not _NAME_BEFORE.search(before):
        return False
    word = before.split()[-1] if before.split() else ""
    sentence_start = len(before.rstrip()) - len(word) <= 0 and q.start - len(word) - 1 <= 0
    return not sentence_start and not word.endswith((".", ":"))


def _group_index(m: re.Match[str]) -> int:
    return int((m.lastgroup or "u0")[1:])


def _repair_mass_barrel(text: str, q: Quantity, after_re: re.Pattern[str], units: list[Unit]) -> bool:
    if q.unit is None or q.unit.kind != "mass":
        return False
    m = after_re.match(text, q.end)
    if m and units[_group_index(m)].kind == "oil_volume":
        q.unit = units[_group_index(m)]
        q.end = m.end()
        return True
    return False


@cache
def registry() -> pint.UnitRegistry:
    import pint  # ~0.4 s to import: loaded on the first conversion, not by every command

    ureg = pint.UnitRegistry()
    # pint's `oil_barrel` is the 42-gallon (159-litre) oil barrel; its plain `barrel` is not
    ureg.define("boe = oil_barrel")
    ureg.define("bcm = 1e9 * meter ** 3")
    return ureg


@cache
def _factor(expr: str) -> pint.Quantity:
    return registry().parse_expression(expr)


def _convert(value: float, expr: str, target: str) -> float:
    return float((value * _factor(expr)).to(target).magnitude)


def normalise(q: Quantity, uranium: bool = False) -> tuple[float, str] | None:
    """The value and PRODUCT.md unit of an energy quantity; None for other units."""
    result = _normalise(q, uranium)
    return None if result is None else (float(f"{result[0]:.10g}"), result[1])


def _written_scale(q: Quantity, base: float) -> float:
    """The magnitude a figure is written in: its largest scale word ("млн", "billion") times what its
    unit carries ("Mt", "bcm", "млн куб. м"), or a scale taken from the other end of a change ("с 5,5
    до 9 млн тонн"). A figure spelt to its last digits ("63 473 894") is written in units. `base` is
    the figure in tonnes or m³."""
    scale = q.number.scale
    if q.value and q.number.value and not q.number.is_range:
        scale = max(scale, abs(q.value / q.number.value))
    unit_factor = abs(base / q.value) if q.value else 1.0
    return scale * unit_factor


def _normalise(q: Quantity, uranium: bool) -> tuple[float, str] | None:
    unit = q.unit
    if unit is None:
        return None
    kind, value = unit.kind, q.value
    # a unit that carries its own rate (b/d) keeps it: "122 тыс. б/с в месяц" is still a daily rate
    daily = unit.per == "day" or q.per == "day"
    if kind == "money":
        return value, unit.contract or unit.key
    if kind == "percent":
        return value, "%"
    if kind == "multiple":
        return value, "x"
    if unit.pint is None:
        return None
    if kind in ("mass", "uranium_mass"):
        tonnes = _convert(value, unit.pint, "tonne")
        if kind == "uranium_mass" or uranium:
            return tonnes, "tU"
        if daily:
            return tonnes, "t/d"
        # a mass keeps the magnitude the text writes it in (the eval conventions): "63,5 млн тонн" and
        # "29 milyon 787 bin ton" are Mt, while "63 473 894 тонны" (spelt to its last digits) and
        # "850 тыс. тонн" are t with the full value
        mega = abs(tonnes) >= 1e6 and _written_scale(q, tonnes) >= 1e6
        return (tonnes / 1e6, "Mt") if mega else (tonnes, "t")
    if kind == "oil_volume":
        if daily:
            bd = _convert(value, unit.pint if unit.per else f"({unit.pint}) / day", "oil_barrel / day")
            if abs(bd) >= 1e6:
                return bd / 1e6, "mb/d"
            return (bd / 1e3, "kb/d") if abs(bd) >= 1e3 else (bd, "b/d")
        return _convert(value, unit.pint, "oil_barrel"), "bbl"
    if kind == "boe":
        return _convert(value, unit.pint, "boe"), "boe"
    if kind == "volume":
        m3 = _convert(value, unit.pint, "meter ** 3")
        # billions of cubic metres are bcm; "231 million cubic meters", "22,88 milyon metreküp" stay m3
        return (m3 / 1e9, "bcm") if _written_scale(q, m3) >= 1e9 else (m3, "m3")
    if kind == "energy":
        gwh = _convert(value, unit.pint, "gigawatt_hour")
        return (gwh / 1e3, "TWh") if abs(gwh) >= 1e3 else (gwh, "GWh")
    if kind == "power":
        if unit.key in ("MW", "GW"):
            # both are contract units: "1,000 MW" stays as written
            return value, unit.key
        mw = _convert(value, unit.pint, "megawatt")
        return (mw / 1e3, "GW") if abs(mw) >= 1e3 else (mw, "MW")
    return None


__all__ = [
    "Quantity",
    "Unit",
    "find_quantities",
    "has_multiplier_word",
    "lemma",
    "normalise",
    "registry",
    "unit_by_key",
]
