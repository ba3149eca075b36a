"""Russian names of places and organisations in the nominative: `Черноморском регионе` →
`Черноморский регион`, `Атырауской области` → `Атырауская область`, `Министерства энергетики` →
`Министерство энергетики` (only the head noun and the adjectives before it change; the words after
the head are its dependents and keep their case).

pymorphy (through natasha's `MorphVocab`, which ships its dictionaries and runs on Python 3.11+,
where pymorphy2's own analyzer fails) parses each word; natasha is the optional `[natasha]` extra,
and without it the phrase is returned unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from caspian.nlp.morph import morph_vocab

_CYRILLIC_WORD = re.compile(r"^[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*$")


def _cased_like(original: str, new: str) -> str:
    if original.isupper() and len(original) > 1:
        return new.upper()
    return new[:1].upper() + new[1:] if original[:1].isupper() else new


@lru_cache(maxsize=20_000)
def nominative(phrase: str) -> str:
    """The phrase with its head noun (the first noun) and the adjectives before it in the nominative;
    unchanged when it is not plain Cyrillic words, when its shape is not adjectives + noun + anything,
    or when the morphology is not installed."""
    words = phrase.split(" ")
    vocab = morph_vocab()
    if vocab is None or not all(_CYRILLIC_WORD.match(w) for w in words):
        return phrase
    parses = [vocab.parse(w.lower()) for w in words]
    # An unknown adjective (`Атырауской`) may be guessed a noun first: take an adjective reading
    # where there is one, and for the head noun the reading whose case the adjectives share.
    forms = [
        next((f for f in ps if f.pos == "ADJ"), ps[0]) if i < len(words) - 1 else ps[0] for i, ps in enumerate(parses)
    ]
    head = next((i for i, f in enumerate(forms) if f.pos in ("NOUN", "PROPN")), None)
    if head is None:
        return phrase
    if head > 0:
        case = forms[head - 1].feats.get("Case")
        forms[head] = next(
            (f for f in parses[head] if f.pos in ("NOUN", "PROPN") and f.feats.get("Case") == case), forms[head]
        )
    if forms[head].feats.get("Case") == "Nom" or any(f.pos != "ADJ" for f in forms[:head]):
        return phrase
    number = forms[head].feats.get("Number", "Sing")
    agree = {"Nom", number} | (
        {forms[head].feats["Gender"]} if number == "Sing" and "Gender" in forms[head].feats else set()
    )
    out = []
    for i, (word, form) in enumerate(zip(words, forms, strict=True)):
        if i > head:
            out.append(word)
            continue
        new = form.inflect(agree if i < head else {"Nom", number})
        if new is None:
            return phrase
        out.append(_cased_like(word, new.word))
    return " ".join(out)
