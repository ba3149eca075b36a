"""The `fast` recogniser for bulk backfills: small spaCy CNN models per language plus the gazetteer.

For Russian it uses natasha when installed: faster than our spaCy model (22,000 against 18,000
words/s on one thread) and far more accurate (FactRuEval exact-span PER 0.927 against 0.631).

Each model is spaCy's own NER (a hash-embedding CNN, no word vectors) trained from scratch by
`caspian train fast-ner` (`training.fast`) on the same openly licensed corpora as the e5 model, one
language at a time, for a few minutes of CPU. They are far less accurate than the e5 model (docs/ner.md) and
roughly ten times faster. Models live in `ner/weights/spacy-LANG/`; a language without one gets
the gazetteer alone. Install with `pip install -e '.[fast]'` (spaCy).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from caspian.ner.base import RECOGNIZERS, Span
from caspian.ner.combine import GazetteerCompleted, tidy
from caspian.ner.gazetteer import GazetteerRecognizer
from caspian.ner.natasha import natasha_or_none

WEIGHTS = Path(__file__).parent / "weights"
# spaCy has no Kazakh language class; its language-neutral tokenizer serves.
SPACY_LANG = {"kk": "xx", "ru": "ru", "tr": "tr", "en": "en"}
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOCATION", "FAC": "FACILITY", "EVENT": "EVENT"}
_MODELS: dict[str, Any] = {}
_LOCK = threading.Lock()


def model_dir(lang: str, root: Path | None = None) -> Path:
    return (root or WEIGHTS) / f"spacy-{lang}"


def load_model(lang: str, root: Path | None = None) -> Any | None:
    key = str(model_dir(lang, root))
    with _LOCK:
        if key not in _MODELS:
            path = model_dir(lang, root)
            if not (path / "meta.json").is_file():
                _MODELS[key] = None
            else:
                import spacy

                _MODELS[key] = spacy.load(path)
        return _MODELS[key]


@RECOGNIZERS.register("fast")
class FastRecognizer(GazetteerCompleted):
    name = "fast"
    # The small CNNs miss places the gazetteer knows: with its places, exact-span F1 on KazNERD /
    # Güngör / Turkish Wiki / CoNLL / UNER is .779 / .612 / .658 / .539 / .630, without them
    # .782 / .605 / .657 / .523 / .632 (docs/ner.md).
    adds_places = True

    def __init__(self, models: str | Path | None = None, batch_size: int = 64, russian: str = "natasha") -> None:
        try:
            import spacy  # noqa: F401
        except ImportError as exc:
            raise ImportError(f"the fast backend needs spaCy: pip install -e '.[fast]' ({exc})") from exc
        self.root = Path(models) if models else None
        self.batch_size = batch_size
        self.gazetteer = GazetteerRecognizer()
        self.russian = natasha_or_none(russian, "fast", "the spaCy model")

    def has_model(self, lang: str) -> bool:
        return (lang == "ru" and self.russian is not None) or load_model(lang, self.root) is not None

    def model_spans_batch(
        self, texts: list[str], lang: str, covered: list[list[Span]] | None = None
    ) -> list[list[Span]]:
        if lang == "ru" and self.russian is not None:
            return [tidy(t, spans) for t, spans in zip(texts, self.russian.recognize_batch(texts, lang), strict=True)]
        nlp = load_model(lang, self.root)
        models: list[list[Span]] = [[] for _ in texts]
        if nlp is not None:
            for i, doc in enumerate(nlp.pipe(texts, batch_size=self.batch_size)):
                models[i] = tidy(
                    texts[i],
                    [Span(e.start_char, e.end_char, LABELS.get(e.label_, e.label_), 0.8, self.name) for e in doc.ents],
                )
        return models
