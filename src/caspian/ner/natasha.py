"""The `natasha` recogniser: natasha's Russian news NER (slovnet + navec, weights in the packages).

natasha ships its NER model and embeddings inside the PyPI packages (no download), and it is the
best Russian NER we can run offline: on FactRuEval it beats our e5 model (docs/ner.md). Install
with `pip install -e '.[natasha]'` (natasha's pymorphy2 needs `pkg_resources`, so
`setuptools<81`). It knows PER, LOC and ORG only and is used for Russian text.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from caspian.ner.base import RECOGNIZERS, Recognizer, Span

log = logging.getLogger(__name__)
_LABELS = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORG"}
_TAGGER: Any = None
_LOCK = threading.Lock()


class NatashaMissing(ImportError):
    pass


def _tagger() -> Any:
    global _TAGGER
    with _LOCK:
        if _TAGGER is None:
            try:
                from natasha import NewsEmbedding, NewsNERTagger
            except ImportError as exc:  # natasha itself, or pymorphy2's pkg_resources
                raise NatashaMissing(
                    f"the natasha backend needs `pip install 'natasha>=1.6,<1.7' 'setuptools<81'` ({exc})"
                ) from exc
            _TAGGER = NewsNERTagger(NewsEmbedding())
        return _TAGGER


@RECOGNIZERS.register("natasha")
class NatashaRecognizer(Recognizer):
    name = "natasha"

    def __init__(self, batch_size: int = 64) -> None:
        self.tagger = _tagger()
        self.batch_size = batch_size

    def recognize_batch(self, texts: list[str], lang: str, covered: list[list[Span]] | None = None) -> list[list[Span]]:
        """Every span natasha finds (Russian whatever `lang` says; `covered` changes nothing)."""
        results: list[list[Span]] = []
        for start in range(0, len(texts), self.batch_size):
            for markup in self.tagger.map(texts[start : start + self.batch_size]):
                results.append(
                    [Span(s.start, s.stop, _LABELS[s.type], 1.0, self.name) for s in markup.spans if s.type in _LABELS]
                )
        return results


def natasha_or_none(choice: str, profile: str, fallback: str) -> NatashaRecognizer | None:
    """natasha for Russian when `choice` is "natasha" and it is installed; else None, with a warning
    naming what `profile` uses instead (`fallback`)."""
    if choice != "natasha":
        return None
    try:
        return NatashaRecognizer()
    except NatashaMissing as exc:
        log.warning("%s NER: %s; Russian uses %s", profile, exc, fallback)
        return None
