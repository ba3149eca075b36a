"""The `accurate` recogniser: per language, the best combination we measured (docs/ner.md).

- Russian: natasha's news NER, tidied (`combine.tidy`), plus the e5 model's persons where natasha
  has nothing there and the model is sure (mean tag probability ≥ `min_person_score`, 0.9: on
  FactRuEval PER recall rises, precision barely moves); without natasha installed, the e5 model.
- Kazakh, Turkish, English and the rest: the e5 model, tidied.
- Then the curated gazetteer types the spans it knows and adds the entries the models missed
  (`combine.merge_gazetteer`).
"""

from __future__ import annotations

from pathlib import Path

from caspian.ner.combine import GazetteerCompleted, tidy
from caspian.ner.natasha_backend import natasha_or_none
from caspian.nlp.ner import RECOGNIZERS, Span, get_recognizer


def _disjoint(span: Span, others: list[Span]) -> bool:
    return all(span.end <= o.start or span.start >= o.end for o in others)


@RECOGNIZERS.register("accurate")
class AccurateRecognizer(GazetteerCompleted):
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
        self.russian = natasha_or_none(russian, "accurate", "the e5 model")

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
