"""Words, stems, transliteration and name keys: the text side of matching and resolution."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

from anyascii import anyascii

from caspian.entities.gazetteer import gazetteer_data

# A word, an optional `+` (OPEC+), and a suffix after an apostrophe (Kazakistan'ın, Kazakhstan's).
_WORD = re.compile(r"(?P<w>[^\W_]+\+?)(?P<suf>['’][^\W_]+)?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class Token(NamedTuple):
    start: int
    end: int  # end of the word itself, before an apostrophe suffix
    text: str
    suffix_end: int  # end including the apostrophe suffix


@lru_cache(maxsize=8)
def tokenize(text: str) -> list[Token]:
    """Words with offsets (the last few texts are remembered: recognition and resolution share them)."""
    return [Token(m.start(), m.end("w"), m.group("w"), m.end()) for m in _WORD.finditer(text)]


def coverage(length: int, spans: list[tuple[int, int]]) -> bytearray:
    """A mask of the characters some span covers."""
    mask = bytearray(length + 1)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().replace("ё", "е")


@cache
def _inflection() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...], int]:
    data = gazetteer_data("inflection")

    def longest_first(items: object) -> tuple[str, ...]:
        return tuple(sorted({fold(e) for e in items or []}, key=len, reverse=True))  # type: ignore[union-attr]

    per_lang = {lang: longest_first(items) for lang, items in (data.get("endings") or {}).items()}
    per_lang["*"] = longest_first([e for items in per_lang.values() for e in items])
    return per_lang, longest_first(data.get("nominative")), int(data.get("min_stem", 3))


_UNVOICED = {"г": "к", "ғ": "қ", "б": "п"}


def _strip(word: str, endings: tuple[str, ...], min_stem: int) -> list[str]:
    return [word[: -len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= min_stem]


@lru_cache(maxsize=200_000)  # bounded: a long backfill meets millions of distinct words
def word_stems(word: str, lang: str = "*") -> frozenset[str]:
    """A text word's keys: itself, with a case ending of `lang` off, and either with a nominative
    ending off (see `lexicons/gazetteer/inflection.yaml`)."""
    per_lang, nominative, min_stem = _inflection()
    w = fold(word)
    once = _strip(w, per_lang.get(lang, per_lang["*"]), min_stem)
    twice = [s for form in (w, *once) for s in _strip(form, nominative, min_stem)]
    if lang in ("kk", "*"):
        # Kazakh voices a stem's last к, қ, п before a vowel ending: агенттік -> агенттігі,
        # министрлік -> министрлігі, Ақтөбе stays; the stem with the ending off gets its own letter back
        twice += [s[:-1] + _UNVOICED[s[-1]] for s in (*once, *twice) if s[-1] in _UNVOICED and _CYRILLIC.search(s)]
    return frozenset([w, *once, *twice])


@lru_cache(maxsize=100_000)
def alias_key(word: str) -> str:
    """An alias word's key: for Cyrillic, its stem with a nominative ending off (Турция -> турц); Latin
    words stay whole, because Turkish and English add endings (after an apostrophe or not) but never
    change a name's own letters (Bakü, Bakü'de, Bakanı must not meet at `bak`)."""
    w = fold(word)
    if not _CYRILLIC.search(w):
        return w
    _, nominative, min_stem = _inflection()
    return min(_strip(w, nominative, min_stem), key=len, default=w)


def is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 6


def case_compatible(alias_word: str, word: str, first: bool = True) -> bool:
    """Abbreviations need capitals throughout; a capitalised first alias word needs a capitalised
    word (later words may be lower-cased in the text: `Zhambyl region`)."""
    if is_abbreviation(alias_word):
        return word.upper() == word
    if first and alias_word[:1].isupper():
        return word[:1].isupper()
    return True


# --- transliteration and name keys ---


@cache
def _translit_table() -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    data = gazetteer_data("translit")
    letters = {k.casefold(): v for k, v in (data.get("letters") or {}).items()}
    seqs = [(re.compile(a), b) for a, b in data.get("sequences") or []]
    return letters, seqs


def transliterate_word(word: str) -> str:
    """Cyrillic (Russian, Kazakh) to the Latin spelling English news uses; anyascii for other scripts."""
    if not _CYRILLIC.search(word):
        return anyascii(word)
    letters, seqs = _translit_table()
    low = word.casefold()
    for pattern, repl in seqs:
        low = pattern.sub(repl, low)
    out = "".join(letters.get(c, anyascii(c)) for c in low)
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


def transliterate(text: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda m: transliterate_word(m.group(0)), text)


@cache
def _turkish_rules() -> tuple[tuple[str, ...], dict[str, str], dict[str, str]]:
    rules = gazetteer_data("rules")
    return (
        tuple(rules.get("foreign_name_endings") or ()),
        dict(rules.get("tr_to_english") or {}),
        dict(rules.get("tr_place_to_english") or {}),
    )


_KAZAKH_SS = re.compile(r"(?<=[аәеёиоөуұүыіэюяАӘЕЁИОӨУҰҮЫІЭЮЯ])[сС](?=[аәеёиоөуұүыіэюя])")


def latin_name(text: str, lang: str, etype: str) -> str:
    """An unknown name in the Latin letters English news gives it. Cyrillic is transliterated
    (`transliterate`). Turkish text (rules.yaml): a person with a Russian or Central Asian ending
    takes the English spelling of that name (`Sanjar Jarkeşov` -> Sanzhar Zharkeshov); a place or
    facility the English spelling of Turkish letters (`Zarafşan` -> Zarafshan, `Ereğli` -> Eregli);
    other names lose their diacritics as English news writes them (`Mesut İlter` -> Mesut Ilter; the
    dev and independent gold; independent2 keeps them, docs/eval-disagreements.md)."""
    if lang == "kk" and etype == "PERSON":
        # a Kazakh name's `с` between vowels is written `ss` in English (Хасенов -> Khassenov, Есімханов ->
        # Yessimkhanov, Қасым -> Kassym; the gold sets and the gazetteer's own names)
        text = _KAZAKH_SS.sub(lambda m: m.group(0) + m.group(0).lower(), text)
    if lang != "tr" or _CYRILLIC.search(text):
        return transliterate(text)
    foreign, to_english, place = _turkish_rules()
    if etype == "PERSON" and any(fold(w).endswith(foreign) for w in text.split()):
        return transliterate("".join(to_english.get(c, c) for c in text))
    if etype in ("PERSON", "ORG", "DOCUMENT", "EVENT"):
        return transliterate(text)
    return transliterate("".join(place.get(c, c) for c in text))


def strip_name_ending(word: str, lang: str) -> str:
    """`Хасенова` -> `Хасенов`: the case ending off an unknown name (a heuristic; see translit.yaml)."""
    endings = (gazetteer_data("translit").get("name_endings") or {}).get(lang) or []
    low = fold(word)
    for ending in sorted(endings, key=len, reverse=True):
        if low.endswith(ending) and len(low) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


_SKELETON_SUBS = (
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("ts", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("q", "k"),
    ("x", "h"),
    ("w", "v"),
    ("y", "i"),
)
_VOWELS = "aeiou"


@lru_cache(maxsize=100_000)
def skeleton(name: str) -> str:
    """A spelling-independent key of a name: Хасенов, Khassenov and Hasenov give the same one."""
    s = re.sub(r"[^a-z ]+", "", anyascii(fold(name)).lower())
    for a, b in _SKELETON_SUBS:
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)
    # `i` between vowels is a glide spelled or not (Tokayev / Токаев)
    s = re.sub(rf"(?<=[{_VOWELS}])i(?=[{_VOWELS}])", "", s)
    return " ".join(s.split())
