"""The languages Caspian reads in depth, declared once: what each one uses, by name.

Language detection covers more codes (`Settings.languages`); these four are the ones with
lexicons, rules and models of their own. Every other code is read as `FALLBACK` where a stage
needs one of these (facts, events) or is left as it is (segment, which only needs the script).

The table holds names, not objects: which segmenter, recogniser and stemmer each language gets is
decided here, and the modules that implement them (stages, NER, search) read it; this module
imports none of them.

`lang_at` is the one answer to "which language is this offset of a document in": the language of
the paragraph around it (`Document.paragraph_langs`, set by the language stage), else the
document's, else a default; its parameters say which languages count and what to fall back to.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal, Protocol


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    code: str  # ISO 639-1
    name: str
    script: str  # "cyrillic" or "latin"
    lexicon: str  # the file stem in the per-language lexicon folders: lexicons/{facts,events,...}/{lexicon}.yaml
    segmenter: str  # "razdel" (Cyrillic punctuation rules) or "rules" (stages/segment.py's splitter)
    recognizer: str  # what the accurate NER runs on it (ner/accurate.py)
    stemmer: str  # the search stemmer (search/text.py): "snowball:<language>" or "kk_suffixes"


LANGUAGES: dict[str, LanguageInfo] = {
    "ru": LanguageInfo("ru", "Russian", "cyrillic", "ru", "razdel", "natasha+e5", "snowball:russian"),
    "kk": LanguageInfo("kk", "Kazakh", "cyrillic", "kk", "razdel", "e5", "kk_suffixes"),
    "tr": LanguageInfo("tr", "Turkish", "latin", "tr", "rules", "e5", "snowball:turkish"),
    "en": LanguageInfo("en", "English", "latin", "en", "rules", "e5", "snowball:english"),
}
SUPPORTED: tuple[str, ...] = tuple(LANGUAGES)  # ("ru", "kk", "tr", "en")
# The language a text that is in none of SUPPORTED is read as, where a stage needs one of them.
FALLBACK = "en"

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# How much of a text `by_script` looks at.
SCRIPT_SAMPLE = 2000


class HasLanguages(Protocol):
    """What `lang_at` reads of a document (`caspian.document.Document` has it)."""

    text: str
    lang: str | None
    paragraph_langs: list[dict[str, Any]]


def by_script(text: str) -> str:
    """A guess from the script alone: `ru` for Cyrillic text, else `en`."""
    return "ru" if _CYRILLIC.search(text[:SCRIPT_SAMPLE]) else "en"


def lang_at(
    doc: HasLanguages,
    offset: int | None = None,
    *,
    known: Collection[str] | None = SUPPORTED,
    default: str | None = FALLBACK,
    unknown_paragraph: Literal["document", "default"] = "document",
) -> str:
    """The language of the text at `offset` of `doc.text`.

    - The paragraph around `offset` (the first `paragraph_langs` span with start <= offset <= end)
      gives it, if its language is in `known`. `offset=None` skips the paragraphs: the document's
      language.
    - Else the document's language (`doc.lang`), if in `known`. A paragraph in a language not in
      `known` falls through to the document's language with `unknown_paragraph="document"`, and
      straight to the default with `unknown_paragraph="default"`.
    - Else `default`; `default=None` guesses from the script of the document's text (`by_script`).

    `known=None` takes any language the paragraph or the document has (a paragraph's language
    as it is, the document's if it is set).
    """
    if offset is not None:
        for span in doc.paragraph_langs:
            if span["start"] <= offset <= span["end"]:
                lang = span["lang"]
                if known is None or lang in known:
                    return lang
                if unknown_paragraph == "default":
                    return _default(doc, default)
                break
    if doc.lang and (known is None or doc.lang in known):
        return doc.lang
    return _default(doc, default)


def _default(doc: HasLanguages, default: str | None) -> str:
    return by_script(doc.text) if default is None else default
