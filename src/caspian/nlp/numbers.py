"""Numbers as news writes them in ru, kk, tr and en: digits with each locale's
separators, scale words, numbers in words, halves, ranges.

The words, scales and range markers come from `lexicons/facts/{lang}.yaml`
(`numbers:`); spans that only look like numbers (dates, times, phone and decree
numbers, ordinals, model names) from `masks` in `common.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from caspian.languages import FALLBACK, SUPPORTED
from caspian.lexicons import load_per_language

# Decimal and grouping conventions: en writes 1,860.5; tr 1.860,5; ru and kk 1 860,5
# (and, in practice, 1.5 with a decimal point too).
GROUPING = {"en": ",", "tr": "."}
_SPACES = " \u00a0\u202f\u2009"
_DIGITS = rf"(?:\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?![\d]|[.,]\d{{3}}(?!\d))(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
_TIGHT_DIGITS = r"\d+(?:[.,]\d+)*"
_GAP = re.compile(r"[\s\u00a0\u202f\u2009-]*")


@dataclass(frozen=True, slots=True)
class Number:
    start: int
    end: int
    value: float
    low: float | None = None
    high: float | None = None
    spelled: bool = False
    # A reading that had to repair the text, e.g. "1 milyon 860" read as 1.86 million.
    implied: bool = False
    scale: float = 1.0

    @property
    def is_range(self) -> bool:
        return self.low is not None


def parse_digits(token: str, lang: str) -> float | None:
    """`22,7` -> 22.7, `1 860` -> 1860, `1.860,5` -> 1860.5, `1,860.5` -> 1860.5;
    None for shapes no number has (`21.06.2024`)."""
    s = re.sub(f"[{_SPACES}]", "", token)
    if "." in s and "," in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        group = "," if dec == "." else "."
        head, _, tail = s.rpartition(dec)
        return _grouped(head, group, tail)
    for sep in (".", ","):
        if sep in s:
            parts = s.split(sep)
            if len(parts) > 2:
                return _grouped(s, sep, "")
            head, tail = parts
            if len(tail) == 3 and GROUPING.get(lang, "") == sep and 1 <= len(head) <= 3 and head != "0":
                return float(head + tail)
            return float(head + "." + tail)
    return float(s)


def _grouped(head: str, sep: str, frac: str) -> float | None:
    parts = head.split(sep)
    if not 1 <= len(parts[0]) <= 3 or any(len(p) != 3 for p in parts[1:]):
        return None
    return float("".join(parts) + ("." + frac if frac else ""))


@dataclass(frozen=True)
class NumberLexicon:
    lang: str
    pattern: re.Pattern[str]
    words: dict[str, float]
    scales: list[tuple[re.Pattern[str], float]]
    range_gap: re.Pattern[str]
    range_open: re.Pattern[str] | None
    and_gap: re.Pattern[str]
    # "с 5,5 до 9 млн тонн", "from 18 million to 39 million": a change, two figures, not a range
    change_open: re.Pattern[str] | None = None


def _alternation(forms: list[str], escape: bool) -> str:
    items = sorted(forms, key=len, reverse=True)
    return "|".join(re.escape(f) if escape else f for f in items) or "(?!)"


@cache
def number_lexicon(lang: str) -> NumberLexicon:
    data: dict[str, Any] = (load_per_language("facts").get(lang) or load_per_language("facts")[FALLBACK])["numbers"]
    words = {str(k).casefold(): float(v) for k, v in (data.get("words") or {}).items()}
    # Russian is written with `е` for `ё` as often as not (`трехсот`, `четырем`): both spellings count
    words |= {k.replace("ё", "е"): v for k, v in words.items() if "ё" in k}
    scales = {str(k): float(v) for k, v in (data.get("scales") or {}).items()}
    word_re = _alternation([w.replace(" ", r"\s+") for w in map(re.escape, words)], escape=False)
    scale_re = _alternation(list(scales), escape=False)
    hund_re = _alternation(data.get("hundreds") or [], escape=True)
    half_re = _alternation([re.escape(h).replace(r"\ ", r"\s+") for h in data.get("halves") or []], escape=False)
    before_re = _alternation(data.get("before_scale") or [], escape=True)
    pattern = re.compile(
        rf"(?P<num>(?<![\d.,]){_DIGITS if lang != 'en' else _TIGHT_DIGITS})"
        rf"|(?<![^\W\d_])(?P<half>{half_re})(?!\w)"
        rf"|(?<![^\W\d_])(?P<word>{word_re})(?!\w)"
        rf"|(?<![^\W\d_])(?P<hund>{hund_re})(?!\w)"
        rf"|(?<![^\W\d_])(?P<scale>{scale_re})(?!\w)"
        rf"|(?<!\w)(?P<bs>{before_re})(?=\s+(?:{scale_re}|{hund_re})(?!\w))",
        re.IGNORECASE,
    )
    rng = _alternation(data.get("range") or [], escape=True)
    opener = data.get("range_open") or []
    change = data.get("change_open") or []
    return NumberLexicon(
        lang=lang,
        pattern=pattern,
        words=words,
        scales=[(re.compile(rf"(?:{k})$", re.IGNORECASE), v) for k, v in scales.items()],
        range_gap=re.compile(rf"\s*(?:{rng})\s*$", re.IGNORECASE),
        range_open=re.compile(rf"(?<!\w)(?:{_alternation(opener, True)})\s*$", re.IGNORECASE) if opener else None,
        and_gap=re.compile(r"[\s\u00a0-]*(?:and\s+)?$" if lang == "en" else r"[\s\u00a0-]*$", re.IGNORECASE),
        change_open=re.compile(rf"(?<!\w)(?:{_alternation(change, True)})\s*$", re.IGNORECASE) if change else None,
    )


@cache
def _masks(lang: str) -> re.Pattern[str]:
    masks = list(load_per_language("facts")["common"].get("masks") or [])
    months: list[str] = []
    for data in load_per_language("dates").values():
        for names in (data.get("months") or {}).values():
            months += [n for n in names if len(n) >= 4]
    month_re = _alternation(months, escape=True)
    masks.append(rf"(?<!\w)(?:{month_re})\.?\s+[0-3]?\d(?!\d)(?:,?\s+(?:19|20)\d\d)?(?![\d.,]\d)")
    masks.append(rf"(?<![\d.,])[0-3]?\d\s+(?:{month_re})(?!\w)(?:\s+(?:19|20)\d\d)?")
    masks.append(
        r"(?-i:\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+[0-3]?\d\b)(?:-[0-3]?\d\b)?(?:,?\s+(?:19|20)\d\d)?"
    )
    masks.append(r"(?-i:(?<![\d.,])[0-3]?\d\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)")
    return re.compile("|".join(f"(?:{m})" for m in masks), re.IGNORECASE)


def masked_spans(text: str, lang: str) -> list[tuple[int, int]]:
    return [m.span() for m in _masks(lang).finditer(text)]


@dataclass(slots=True)
class _Group:
    start: int
    end: int
    tokens: list[tuple[str, str, float]]  # (kind, text, value)


def _scale_of(lex: NumberLexicon, text: str) -> float:
    for pattern, value in lex.scales:
        if pattern.match(text):
            return value
    return 1.0


def _evaluate(tokens: list[tuple[str, str, float]]) -> tuple[float, bool, float] | None:
    total = 0.0
    current: float | None = None
    last_scale = 0.0
    # the largest scale word written: "2 млн 895 мың" is written in millions (its `scale`)
    top_scale = 0.0
    after_scale_digits = False
    for kind, _, value in tokens:
        if kind in ("num", "word"):
            current = value if current is None else current + value
            after_scale_digits = kind == "num" and last_scale > 0
        elif kind == "hund":
            current = (current or 1.0) * 100
        elif kind == "half":
            current = (current or 0.0) + 0.5
        elif kind == "bs":
            current = 1.0
        elif kind == "scale":
            if current is None:
                return None
            if last_scale and value < last_scale:
                total += current * value
            else:
                total = (total + current) * value
            last_scale, current, after_scale_digits = value, None, False
            top_scale = max(top_scale, value)
    implied = False
    if current is not None:
        if last_scale >= 1e6 and after_scale_digits and current < 1000:
            # "1 milyon 860 ton varil": a figure under a thousand right after a million
            # is the thousands of a compound whose scale word was lost.
            total += current * last_scale / 1000
            implied = True
        else:
            total += current
    return total, implied, top_scale or 1.0


def find_numbers(text: str, lang: str, masks: list[tuple[int, int]] | None = None) -> list[Number]:
    lex = number_lexicon(lang if lang in SUPPORTED else FALLBACK)
    if masks is None:
        masks = masked_spans(text, lang)
    groups: list[_Group] = []
    for m in lex.pattern.finditer(text):
        kind = m.lastgroup or ""
        s, e = m.span()
        if any(ms <= s < me or ms < e <= me for ms, me in masks):
            continue
        surface = m.group(0)
        if kind == "num":
            value = parse_digits(surface, lang)
            if value is None:
                continue
        elif kind == "word":
            value = lex.words.get(re.sub(r"\s+", " ", surface.casefold()), 0.0)
        elif kind == "scale":
            value = _scale_of(lex, surface)
        else:
            value = 0.0
        token = (kind, surface, value)
        last = groups[-1] if groups else None
        if last and _joins(lex, text[last.end : s], last.tokens[-1][0], kind):
            last.tokens.append(token)
            last.end = e
        else:
            groups.append(_Group(s, e, [token]))
    numbers: list[Number] = []
    for g in groups:
        while g.tokens and g.tokens[0][0] in ("scale", "hund", "half"):
            g.tokens.pop(0)
        if not g.tokens or (g.tokens[0][0] == "bs" and len(g.tokens) == 1):
            continue
        result = _evaluate(g.tokens)
        if result is None:
            continue
        value, implied, scale = result
        spelled = all(k != "num" for k, _, _ in g.tokens)
        numbers.append(Number(g.start, g.end, value, spelled=spelled, implied=implied, scale=scale))
    return _ranges(text, lex, [_signed(text, n) for n in numbers])


_MINUS = re.compile(r"(?:(?<![\w\d.,])(?:minus|минус|eksi|минус)[\s-]?|(?:^|(?<=[\s($]))[-−])$", re.IGNORECASE)


def _signed(text: str, n: Number) -> Number:
    m = _MINUS.search(text, max(0, n.start - 7), n.start)
    if not m:
        return n
    return Number(m.start(), n.end, -n.value, spelled=n.spelled, implied=n.implied, scale=n.scale)


def _joins(lex: NumberLexicon, gap: str, prev: str, kind: str) -> bool:
    if not lex.and_gap.match(gap) or "\n" in gap:
        return False
    if kind in ("scale", "hund", "half"):
        return True
    if prev == "num" or prev == "bs":
        return False
    if prev == "word" and kind == "num":
        return False
    if prev in ("scale",) and kind in ("num", "word"):
        # tr "1 milyon 860 bin", ru "2 млрд 300 млн"; en "$2 million 300" is not a compound
        return lex.lang != "en"
    return not (kind == "word" and "and" in gap and prev not in ("hund", "scale"))


def _ranges(text: str, lex: NumberLexicon, numbers: list[Number]) -> list[Number]:
    out: list[Number] = []
    i = 0
    while i < len(numbers):
        a = numbers[i]
        if i + 1 < len(numbers) and numbers[i + 1].value >= 0:
            b = numbers[i + 1]
            gap = text[a.end : b.start]
            if len(gap) <= 5 and lex.range_gap.match(gap) and "\n" not in gap and _range_ok(text, lex, a, b, gap):
                low = _low_end(a, b)
                high = b.value
                out.append(
                    Number(
                        a.start,
                        b.end,
                        (low + high) / 2,
                        low=low,
                        high=high,
                        spelled=a.spelled and b.spelled,
                        implied=a.implied or b.implied,
                        scale=b.scale,
                    )
                )
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _low_end(a: Number, b: Number) -> float:
    """A range's lower end: "80–85 млн", the scale written once applies to both ends."""
    return a.value * b.scale if a.scale == 1.0 and b.scale > 1.0 else a.value


def _range_ok(text: str, lex: NumberLexicon, a: Number, b: Number, gap: str) -> bool:
    if _low_end(a, b) >= b.value:
        # a range rises: "yüzde 78,9 ile 21 milyon 688 bin ton" is a share and a tonnage ("ile": "with")
        return False
    if text[a.start : a.end].isdigit() and a.end - a.start == 4 and 1900 <= a.value <= 2100:
        # 2023-2024 is a span of years, "in 2018 to 3.9 million" no range at all
        return False
    if gap.strip() in ("-", "–", "—"):
        return True
    if lex.change_open is not None and lex.change_open.search(text[max(0, a.start - 12) : a.start]):
        # "с 5,5 до 9 млн тонн", "from 18 million to 39 million tons": where a figure goes from and to
        return False
    # a word separator ("до", "to", "ile") makes a range only where the language needs no
    # opener, or after one: "от 80 до 85"
    if lex.range_open is None or gap.strip().casefold() == "to":
        return True
    return bool(lex.range_open.search(text[max(0, a.start - 12) : a.start]))


def numbers_in(text: str, lang: str) -> list[tuple[str, float]]:
    """(surface, value) pairs, for tests and the REPL."""
    return [(text[n.start : n.end], n.value) for n in find_numbers(text, lang)]


__all__ = ["Number", "find_numbers", "masked_spans", "number_lexicon", "numbers_in", "parse_digits"]
