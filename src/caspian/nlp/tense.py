"""The tense of the verbs in a stretch of text: an achieved figure is governed by a past verb
("получили 7,3 млн тонн", "carried 1.28 bcm", "923 bin ton sevk edildi", "өндірілді"), a planned or
expected one by a future, conditional or necessity form ("добудет", "will reach", "-acak", "-мақ").

Russian is read through the pymorphy dictionaries natasha ships (`Tense=Past|Fut` of a finite verb
or a short passive participle); without natasha it falls back to the endings in `ru.yaml`.
Turkish, Kazakh and English are read from their suffixes and auxiliaries, listed per language under
`tense:` in `lexicons/facts/{lang}.yaml` (`past`, `future`, `not_verbs`, `not_governing`).

`verb_signals(text, lang)` returns `(start, end, "past" | "future")` for each verb form found.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from caspian.languages import FALLBACK, SUPPORTED
from caspian.lexicons import load_per_language
from caspian.nlp.morph import morph_vocab

_RU_WORD = re.compile(r"[А-Яа-яЁё]+")


def _compile(forms: list[str] | None) -> re.Pattern[str] | None:
    if not forms:
        return None
    return re.compile("|".join(f"(?<!\\w)(?:{f})(?!\\w)" for f in forms), re.IGNORECASE)


@cache
def _lexicon(lang: str) -> dict[str, Any]:
    data = load_per_language("facts")[lang if lang in SUPPORTED else FALLBACK].get("tense") or {}
    return {
        "past": _compile(data.get("past")),
        "future": _compile(data.get("future")),
        "not_verbs": {str(w).casefold() for w in data.get("not_verbs") or []},
        "plan_verbs": _compile([rf"\w*(?:{p})\w*" for p in data.get("not_governing") or []]),
    }


@lru_cache(maxsize=50_000)
def _ru_tense(word: str) -> str | None:
    vocab = morph_vocab()
    if vocab is None:
        return None
    forms = vocab.parse(word.lower())
    if not forms:
        return None
    form = forms[0]
    if form.pos not in ("VERB", "AUX"):
        return None
    tense = form.feats.get("Tense")
    verb_form = form.feats.get("VerbForm")
    if verb_form == "Fin" and tense == "Past":
        return "past"
    if verb_form == "Fin" and tense == "Fut":
        return "future"
    # a short passive participle is a predicate: "добыто", "получено", "отгружено"
    short = word.lower().endswith(("но", "на", "ны", "то", "та", "ты", "ен", "ан", "ят", "ыт"))
    if verb_form == "Part" and tense == "Past" and form.feats.get("Voice") == "Pass" and short:
        return "past"
    return None


def warm() -> None:
    """Load the dictionaries and the suffix lists now (a stage's start), not on the first figure."""
    morph_vocab()
    for lang in SUPPORTED:
        _lexicon(lang)


@lru_cache(maxsize=4096)
def verb_signals(text: str, lang: str) -> tuple[tuple[int, int, str], ...]:
    """Verb forms that mark the text as achieved ("past") or planned or expected ("future")."""
    lex = _lexicon(lang)
    out: list[tuple[int, int, str]] = []
    plan = lex["plan_verbs"]
    if lang == "ru" and morph_vocab() is not None:
        for m in _RU_WORD.finditer(text):
            word = m.group(0)
            if len(word) < 3:
                continue
            tense = _ru_tense(word)
            if tense is None:
                continue
            if tense == "past" and plan is not None and plan.fullmatch(word):
                continue
            out.append((m.start(), m.end(), tense))
        return tuple(out)
    for label in ("past", "future"):
        pattern = lex[label]
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            word = m.group(0)
            if word.casefold() in lex["not_verbs"]:
                continue
            if label == "past" and plan is not None and plan.fullmatch(word):
                continue
            out.append((m.start(), m.end(), label))
    return tuple(sorted(out))
