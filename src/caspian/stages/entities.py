"""Entities: people with roles, organisations, places, facilities, events and documents, each
resolved to one canonical record (PRODUCT.md `entities`).

The recogniser is chosen by name (`Settings.stage_options["entities"]["backend"]`, default
`gazetteer`); the gazetteer backend also names what it finds, another backend's spans are named by
the resolver. The gazetteer and the rules load once per process.
"""

from __future__ import annotations

import re

from caspian.document import Document
from caspian.entities.recognizer import Found, GazetteerRecognizer
from caspian.entities.resolve import Resolver
from caspian.entities.text import fold, strip_name_ending
from caspian.nlp.ner import Span, get_recognizer
from caspian.pipeline import STAGES
from caspian.settings import Settings

DEFAULT_BACKEND = "gazetteer"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_YEAR = re.compile(r"^(\d{4})")
_WORD = re.compile(r"[^\W\d_]+")


def _lang(doc: Document) -> str:
    if doc.lang in ("ru", "kk", "tr", "en"):
        return doc.lang
    return "ru" if _CYRILLIC.search(doc.text[:2000]) else "en"


def _year(doc: Document) -> int | None:
    m = _YEAR.match(doc.published or "")
    return int(m.group(1)) if m else None


def _name_words(text: str, lang: str) -> list[str]:
    return [fold(strip_name_ending(w, lang)) for w in _WORD.findall(text)]


def _gaps(text: str, lang: str, found: list[Found], spans: list[Span]) -> list[Span]:
    """A model's spans where the gazetteer found nothing, without the ones that are not new names:
    no letter or a lowercase start (`government`), or a person's surname alone when the article
    already names that person in full (the resolver links `Горбань` to `Николай Горбань` itself).
    """
    people = {w for f in found if f.type == "PERSON" for w in _name_words(text[f.start : f.end], lang)}
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        surface = text[span.start : span.end]
        if any(f.start < span.end and span.start < f.end for f in found):
            continue
        if not _WORD.search(surface) or (not surface[:1].isupper() and not surface[:1].isdigit()):
            continue
        if span.label == "PERSON":
            words = _name_words(surface, lang)
            if len(words) == 1 and words[0] in people:
                continue
            if len(words) > 1:
                people.update(words)
        out.append(span)
    return out


@STAGES.register("entities")
class Entities:
    name = "entities"

    def __init__(self, settings: Settings) -> None:
        options = dict(settings.options("entities"))
        backend = str(options.pop("backend", DEFAULT_BACKEND))
        self.recognizer = get_recognizer(backend, **options)
        # The gazetteer and its rules also serve to name another backend's spans.
        self.gazetteer_backend = (
            self.recognizer if isinstance(self.recognizer, GazetteerRecognizer) else GazetteerRecognizer()
        )
        self.resolver: Resolver = self.gazetteer_backend.resolver

    def __call__(self, doc: Document) -> Document:
        if not doc.text:
            doc.entities = []
            return doc
        lang = _lang(doc)
        found = self.gazetteer_backend.annotate(doc.text, lang, _year(doc))
        if not isinstance(self.recognizer, GazetteerRecognizer):
            # The gazetteer and its rules (roles, forums, documents) come first; the model adds
            # the names they do not cover.
            recognize = getattr(self.recognizer, "model_spans", self.recognizer.recognize)
            spans = _gaps(doc.text, lang, found, recognize(doc.text, lang))
            found = sorted(found + self.resolver.from_spans(doc.text, lang, spans), key=lambda f: f.start)
        doc.entities = self.resolver.resolve(doc.text, lang, found, _year(doc))
        return doc
