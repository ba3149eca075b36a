"""The `accurate` recogniser: per language, the best combination we measured (docs/ner.md).

- Russian: natasha's news NER, tidied (`combine.tidy`), plus the e5 model's persons where natasha
  has nothing there and the model is sure (mean tag probability ≥ `min_person_score`, 0.9: on
  FactRuEval PER recall rises, precision barely moves); without natasha installed, the e5 model.
- Kazakh, Turkish, English and the rest: the e5 model, tidied.
- Then the curated gazetteer types the spans it knows and adds the entries the models missed
  (`combine.merge_gazetteer`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from caspian.ner.combine import merge_gazetteer, tidy
from caspian.nlp.ner import RECOGNIZERS, Span, get_recognizer

log = logging.getLogger(__name__)


def _disjoint(span: Span, others: list[Span]) -> bool:
    return all(span.end <= o.start or span.start >= o.end for o in others)


@RECOGNIZERS.register("accurate")
class AccurateRecognizer:
    name = "accurate"

    def __init__(
        self,
        weights: str | Path | None = None,
        quantize: bool = False,
        russian: str = "natasha",
        min_person_score: float = 0.9,
    ) -> None:
        from caspian.ner.backend import E5Recognizer

        self.e5 = E5Recognizer(weights, quantize)
        self.gazetteer = get_recognizer("gazetteer")
        self.min_person_score = min_person_score
        self.russian = None
        if russian == "natasha":
            from caspian.ner.natasha_backend import NatashaMissing, NatashaRecognizer

            try:
                self.russian = NatashaRecognizer()
            except NatashaMissing as exc:
                log.warning("accurate NER: %s; Russian falls back to the e5 model", exc)

    def recognize(self, text: str, lang: str) -> list[Span]:
        return self.recognize_batch([text], lang)[0]

    def recognize_batch(self, texts: list[str], lang: str = "") -> list[list[Span]]:
        out = []
        for text, spans in zip(texts, self.model_spans_batch(texts, lang), strict=True):
            curated = [s for s in self.gazetteer.recognize(text, lang) if s.score >= 1.0]
            out.append(merge_gazetteer(spans, curated))
        return out

    def model_spans(self, text: str, lang: str) -> list[Span]:
        """The models' spans before the gazetteer's (the entity stage runs the gazetteer itself)."""
        return self.model_spans_batch([text], lang)[0]

    def model_spans_batch(self, texts: list[str], lang: str = "") -> list[list[Span]]:
        e5 = self.e5.recognize_batch(texts, lang)
        if lang == "ru" and self.russian is not None:
            models = []
            for text, natasha, own in zip(texts, self.russian.recognize_batch(texts, lang), e5, strict=True):
                spans = tidy(text, natasha)
                spans += [
                    s for s in own if s.label == "PERSON" and s.score >= self.min_person_score and _disjoint(s, spans)
                ]
                models.append(sorted(spans, key=lambda s: s.start))
        else:
            models = [tidy(text, spans) for text, spans in zip(texts, e5, strict=True)]
        return models
