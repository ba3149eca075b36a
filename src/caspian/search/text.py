"""Search-time analysis: words with offsets, one folded form across scripts, stems per language.

The same functions analyse articles for the index and queries for the look-up, so
whatever folds together at indexing time folds together at query time.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import snowballstemmer

from caspian.lexicons import load

APOSTROPHES = "'’‘ʻʼ`´"
WORD = re.compile(rf"\w+(?:[{APOSTROPHES}]\w+)*")
_APOSTROPHE = re.compile(rf"[{APOSTROPHES}]")
_STRESS = re.compile("[\u0300\u0301]")

# Letters that differ only in diacritics or by language-specific letters fold onto one base form.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ə": "e",
        "ß": "ss",
    }
)
# Latin letters that look Cyrillic, typed by mistake inside Cyrillic words ("бiр" with a Latin i).
_LOOKALIKE = str.maketrans("aceiopxy", "асеіорху")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z\u00c0-\u024f]")

SNOWBALL = {"ru": "russian", "tr": "turkish", "en": "english"}
# Stemmers tried on a query word, which carries no language, by its script.
QUERY_LANGS = {"cyrillic": ("ru", "kk"), "latin": ("en", "tr")}


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    surface: str


def tokens(text: str) -> Iterator[Token]:
    for m in WORD.finditer(text):
        yield Token(m.start(), m.end(), m.group())


def lower(word: str, lang: str | None = None) -> str:
    """Lower case without stress marks that keeps Turkish ı apart from i for the Turkish stemmer."""
    if not word.isascii():
        word = unicodedata.normalize("NFC", _STRESS.sub("", unicodedata.normalize("NFD", word)))
    if lang in ("tr", "az"):
        word = word.replace("I", "ı")
    return word.replace("İ", "i").lower()


def drop_apostrophe(word: str) -> str:
    """`Kazakistan'ın` -> `kazakistan` (a suffix after an apostrophe), `O'Neill` -> `oneill`."""
    parts = _APOSTROPHE.split(word)
    if len(parts) == 1:
        return word
    if len(parts[0]) == 1:
        return "".join(parts)
    return parts[0]


def _strip_marks(word: str) -> str:
    """Drop accents and stress marks, but keep the breve of й and ў (letters of their own)."""
    out = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch) and not (ch == "\u0306" and out and out[-1] in "иу"):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def fold(word: str) -> str:
    """The form a lower-cased word is indexed and matched under, in any script."""
    word = _strip_marks(word)
    cyr = len(_CYRILLIC.findall(word))
    if cyr and cyr >= len(_LATIN.findall(word)):
        word = word.translate(_LOOKALIKE)
    return word.translate(_FOLD)


def script(word: str) -> str | None:
    if _CYRILLIC.search(word):
        return "cyrillic"
    if _LATIN.search(word):
        return "latin"
    return None


_STEMMERS = threading.local()


def _snowball(lang: str) -> snowballstemmer.stemmer:
    """This thread's stemmer for `lang`: a Snowball stemmer object keeps state while it stems, so
    two threads (two web searches at once) must never share one."""
    cache = _STEMMERS.__dict__.setdefault("by_lang", {})
    if lang not in cache:
        cache[lang] = snowballstemmer.stemmer(SNOWBALL[lang])
    return cache[lang]


@cache
def _kazakh_rules() -> tuple[int, tuple[str, ...], tuple[tuple[str, ...], ...]]:
    data = load("search/kk_suffixes")
    steps = tuple(tuple(sorted(step["suffixes"], key=len, reverse=True)) for step in data["steps"])
    return int(data.get("min_stem", 3)), tuple(data.get("protect_endings") or ()), steps


def kazakh_stem(word: str) -> str:
    """Strip Kazakh endings in morphological order (relative, case, possessive, plural), each once."""
    min_stem, protected, steps = _kazakh_rules()
    for step in steps:
        if word.endswith(protected):
            break
        for suffix in step:
            if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
                word = word[: -len(suffix)]
                break
    return word


def stem(word: str, lang: str | None) -> str:
    """The folded stem of a word (surface form, apostrophe kept) in a language; the folded word if no stemmer."""
    low = drop_apostrophe(lower(word, lang))
    if lang == "ru":
        low = low.replace("ё", "е")
        low = _snowball(lang).stemWord(low)
    elif lang in SNOWBALL:
        low = _snowball(lang).stemWord(low)
    elif lang == "kk":
        low = kazakh_stem(low)
    return fold(low)


@lru_cache(maxsize=200_000)
def analyse_word(word: str, lang: str | None) -> tuple[str, str]:
    """(folded form, folded stem) of a word as it appears in an article of language `lang`."""
    return fold(drop_apostrophe(lower(word, lang))), stem(word, lang)


@lru_cache(maxsize=20_000)
def query_forms(word: str) -> tuple[str, ...]:
    """What a query word may match: its folded form and its stems under the languages of its script."""
    forms = [fold(drop_apostrophe(lower(word)))]
    for lang in QUERY_LANGS.get(script(word) or "", ()):
        s = stem(word, lang)
        if s and s not in forms:
            forms.append(s)
    return tuple(forms)


def analyse(text: str, lang: str | None) -> tuple[str, str]:
    """A text as two parallel token streams for the index: folded words and their stems."""
    folded, stems = [], []
    for tok in tokens(text):
        f, s = analyse_word(tok.surface, lang)
        folded.append(f)
        stems.append(s)
    return " ".join(folded), " ".join(stems)
