"""Segment: sentences with character offsets into `text`.

razdel for Cyrillic text (Russian, and Kazakh, whose punctuation rules are the same
and which has no spaCy language); for Latin-script languages a rule splitter with
per-language abbreviations from `lexicons/abbreviations.yaml` (spaCy's sentencizer
would need a model per language for the same result).
"""

from __future__ import annotations

import re

from razdel import sentenize

from caspian.document import Document
from caspian.languages import lang_at
from caspian.lexicons import load
from caspian.nlp.textnorm import UPPER
from caspian.settings import Settings
from caspian.stages.base import BaseStage

CYRILLIC_LANGS = {"ru", "kk", "uk", "ky", "be", "bg", "mk", "sr", "tg", "mn"}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_BOUNDARY = re.compile(rf"[.!?…]+[\"'»)]*\s+(?=[\"'«(]?[{UPPER}0-9])")
_TOKEN_BEFORE = re.compile(r"(\S+)$")


class RuleSplitter:
    def __init__(self) -> None:
        self.abbrev = {lang: {a.casefold() for a in items} for lang, items in load("abbreviations").items()}

    def split(self, text: str, lang: str) -> list[tuple[int, int]]:
        abbrev = self.abbrev.get(lang, set()) | self.abbrev.get("en", set())
        spans: list[tuple[int, int]] = []
        start = 0
        for m in _BOUNDARY.finditer(text):
            before = _TOKEN_BEFORE.search(text[start : m.start()])
            token = before.group(1) if before else ""
            word = token.casefold().strip("(\"'«")
            # `Dr. Smith`, `A. Mehrabian`, Turkish ordinals `12. Kazenergy`
            is_abbrev = word in abbrev or (len(word) == 1 and word.isalpha()) or word.isdigit()
            if m.group(0)[0] == "." and is_abbrev:
                continue
            end = m.start() + len(m.group(0).rstrip())
            spans.append((start, end))
            start = m.end()
        if start < len(text) and text[start:].strip():
            spans.append((start, len(text.rstrip())))
        return spans


class Segment(BaseStage):
    name = "segment"
    requires = ("text", "lang", "paragraph_langs")
    assigns = ("sentences",)

    def __init__(self, settings: Settings) -> None:
        self.options = self.options_from(settings)
        self.rules = RuleSplitter()

    def __call__(self, doc: Document) -> Document:
        sentences: list[list[int]] = []
        start = 0
        for para in doc.text.split("\n"):
            if para.strip():
                # any language detection gives (only the script matters here), else `other`
                lang = lang_at(doc, start, known=None, default="other")
                cyrillic = lang in CYRILLIC_LANGS or (lang == "other" and _CYRILLIC.search(para))
                if cyrillic:
                    spans = [(s.start, s.stop) for s in sentenize(para)]
                else:
                    spans = self.rules.split(para, lang)
                sentences.extend([start + s, start + e] for s, e in spans if e > s)
            start += len(para) + 1
        doc.sentences = sentences
        return doc
