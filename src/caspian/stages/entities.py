"""Entities: people with roles, organisations, places, facilities, events and documents, each
resolved to one canonical record (PRODUCT.md `entities`).

The recogniser is chosen by name (`Settings.stage_options["entities"]["backend"]`, default
`gazetteer`); the gazetteer backend also names what it finds, another backend's spans are named by
the resolver. The gazetteer and the rules load once per process.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from caspian.document import Document
from caspian.entities.annotator import Found
from caspian.entities.resolve import Resolver
from caspian.entities.text import fold, strip_name_ending
from caspian.languages import lang_at
from caspian.lexicons import load
from caspian.ner.base import Recognizer, Span, get_recognizer
from caspian.ner.gazetteer import GazetteerRecognizer
from caspian.settings import Settings
from caspian.stages.base import BaseStage

log = logging.getLogger(__name__)
DEFAULT_BACKEND = "accurate"
FALLBACK_BACKEND = "gazetteer"
_YEAR = re.compile(r"^(\d{4})")
_WORD = re.compile(r"[^\W\d_]+")


def _year(doc: Document) -> int | None:
    m = _YEAR.match(doc.published or "")
    return int(m.group(1)) if m else None


_TURKISH_SUFFIX = re.compile(r"['’][^\W\d_]+")  # Barkindo'nun, Bayraktar'la


def _name_words(text: str, lang: str) -> list[str]:
    if lang == "tr":
        text = _TURKISH_SUFFIX.sub("", text)
    return [fold(strip_name_ending(w, lang)) for w in _WORD.findall(text)]


@cache
def _not_names() -> dict[str, frozenset[str]]:
    data = load("ner/not_names")
    return {lang: frozenset(" ".join(_name_words(w, lang)) for w in words) for lang, words in data.items()}


def _gaps(text: str, lang: str, found: list[Found], spans: list[Span]) -> list[Span]:
    """A model's spans where the gazetteer found nothing, without the ones that are not new names:
    no letter or a lowercase start (`government`), a common noun alone (`Үкімет`, `Bakanlık`:
    lexicons/ner/not_names.yaml), or a person's surname alone when the article already names that
    person in full (the resolver links `Горбань` to `Николай Горбань` itself).
    """
    common = _not_names().get(lang, frozenset())
    people = {w for f in found if f.type == "PERSON" for w in _name_words(text[f.start : f.end], lang)}
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        surface = text[span.start : span.end]
        if any(f.start < span.end and span.start < f.end for f in found):
            continue
        if not _WORD.search(surface) or (not surface[:1].isupper() and not surface[:1].isdigit()):
            continue
        if " ".join(_name_words(surface, lang)) in common:
            continue
        if span.label == "PERSON":
            words = _name_words(surface, lang)
            if len(words) == 1 and words[0] in people:
                continue
            if len(words) > 1:
                people.update(words)
        out.append(span)
    return out


def _default_recognizer(options: dict) -> Recognizer:
    """The accurate recogniser, or the gazetteer alone (with a warning saying why) where the
    transformer cannot load: torch not installed, or the weights missing."""
    try:
        return get_recognizer(DEFAULT_BACKEND, **options)
    except (ImportError, FileNotFoundError) as exc:
        log.warning("entities: the %s NER cannot load (%s); using %s", DEFAULT_BACKEND, exc, FALLBACK_BACKEND)
        return get_recognizer(FALLBACK_BACKEND)


class Entities(BaseStage):
    name = "entities"
    requires = ("text", "lang")  # and published, when metadata found it (roles change over the years)
    assigns = ("entities",)

    @dataclass(frozen=True)
    class Options:
        backend: str | None = None  # a recogniser's name; None: DEFAULT_BACKEND, else FALLBACK_BACKEND
        recognizer: dict[str, Any] = field(default_factory=dict)  # keyword options for the recogniser

    def __init__(self, settings: Settings) -> None:
        self.options: Entities.Options = self.options_from(settings)
        options = dict(self.options.recognizer)
        backend = self.options.backend
        if backend is None:
            self.recognizer = _default_recognizer(options)
        else:
            self.recognizer = get_recognizer(str(backend), **options)
        # The gazetteer and its rules also serve to name another backend's spans.
        self.gazetteer_backend = (
            self.recognizer if isinstance(self.recognizer, GazetteerRecognizer) else GazetteerRecognizer()
        )
        self.resolver: Resolver = self.gazetteer_backend.resolver

    def __call__(self, doc: Document) -> Document:
        return self.batch([doc])[0]

    def batch(self, docs: list[Document]) -> list[Document]:
        """The gazetteer and its rules (roles, forums, documents) read each document first; the
        model then reads all the documents of one language in one call (a transformer batches
        their windows, and skips those where the gazetteer left it nothing) and adds the names
        the gazetteer does not cover; the resolver names them, document by document."""
        # the article's language, else by its script (ru or en)
        langs = {i: lang_at(doc, default=None) for i, doc in enumerate(docs) if doc.text}
        found: dict[int, list[Found]] = {
            i: self.gazetteer_backend.annotate(docs[i].text, lang, _year(docs[i])) for i, lang in langs.items()
        }
        spans = self._model_spans(docs, langs, found)
        for i, doc in enumerate(docs):
            if not doc.text:
                doc.entities = []
                continue
            lang, mentions = langs[i], found[i]
            if i in spans:
                new = self.resolver.from_spans(doc.text, lang, _gaps(doc.text, lang, mentions, spans[i]), mentions)
                mentions = sorted(mentions + new, key=lambda f: f.start)
            doc.entities = self.resolver.resolve(doc.text, lang, mentions, _year(doc))
            doc.entities += self._dateline_entities(doc, lang)
        return docs

    def _dateline_entities(self, doc: Document, lang: str) -> list[dict[str, Any]]:
        """The place and agency of the dateline the cleaner set aside (`АСТАНА, 5 сентября. /ТАСС/.`),
        by the gazetteer: entities with no mention in `text` (so no event takes them as a place)."""
        have = {(e["type"], e["canonical"]) for e in doc.entities}
        out: list[dict[str, Any]] = []
        for line, kind in zip(doc.removed, doc.meta.get("removed_kinds", []), strict=False):
            if kind not in ("dateline", "sign_off"):
                continue
            found = self.gazetteer_backend.annotate(line, lang, _year(doc))
            for entity in self.resolver.resolve(line, lang, found, _year(doc)):
                if (entity["type"], entity["canonical"]) not in have:
                    have.add((entity["type"], entity["canonical"]))
                    out.append({**entity, "mentions": [], "in_removed": line})
        return out

    def _model_spans(
        self, docs: list[Document], langs: dict[int, str], found: dict[int, list[Found]]
    ) -> dict[int, list[Span]]:
        by_lang: dict[str, list[int]] = {}
        for i, lang in langs.items():
            by_lang.setdefault(lang, []).append(i)
        out: dict[int, list[Span]] = {}
        # The gazetteer has run here already: its mentions are `covered`, so a recogniser that
        # completes its models with the gazetteer gives the models' spans alone (the gazetteer
        # backend nothing) and may skip what the gazetteer covers; any other gives all it finds.
        for lang, indices in by_lang.items():
            texts = [docs[i].text for i in indices]
            covered = [[Span(f.start, f.end, f.type) for f in found[i]] for i in indices]
            out.update(zip(indices, self.recognizer.recognize_batch(texts, lang, covered), strict=True))
        return out
