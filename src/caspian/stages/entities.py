"""Entities: people with roles, organisations, places, facilities, events and documents, each
resolved to one canonical record (PRODUCT.md `entities`).

The recogniser is chosen by name (`Settings.stage_options["entities"]["backend"]`, default
`gazetteer`); the gazetteer backend also names what it finds, another backend's spans are named by
the resolver. The gazetteer and the rules load once per process.
"""

from __future__ import annotations

import re

from caspian.document import Document
from caspian.entities.recognizer import GazetteerRecognizer
from caspian.entities.resolve import Resolver
from caspian.nlp.ner import get_recognizer
from caspian.pipeline import STAGES
from caspian.settings import Settings

DEFAULT_BACKEND = "gazetteer"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_YEAR = re.compile(r"^(\d{4})")


def _lang(doc: Document) -> str:
    if doc.lang in ("ru", "kk", "tr", "en"):
        return doc.lang
    return "ru" if _CYRILLIC.search(doc.text[:2000]) else "en"


def _year(doc: Document) -> int | None:
    m = _YEAR.match(doc.published or "")
    return int(m.group(1)) if m else None


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
        if isinstance(self.recognizer, GazetteerRecognizer):
            found = self.recognizer.annotate(doc.text, lang, _year(doc))
        else:
            found = self.resolver.from_spans(doc.text, lang, self.recognizer.recognize(doc.text, lang))
        doc.entities = self.resolver.resolve(doc.text, lang, found, _year(doc))
        return doc
