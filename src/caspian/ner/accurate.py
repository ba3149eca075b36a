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

from caspian.ner.base import RECOGNIZERS, Span
from caspian.ner.combine import GazetteerCompleted, tidy
from caspian.ner.e5 import E5Recognizer
from caspian.ner.gazetteer import GazetteerRecognizer
from caspian.ner.natasha import natasha_or_none


def _disjoint(span: Span, others: list[Span]) -> bool:
    return all(span.end <= o.start or span.start >= o.end for o in others)


_SENTENCE_END = {".", "!", "?", "…"}


def may_hold_name(words: list[tuple[int, int, str]], covered: list[Span]) -> bool:
    """Whether a window has a word the e5 model could add as a new name: a capitalised word
    (`Петров`, not `РФ`) outside the spans already found that does not open a sentence (every
    sentence opens with a capital; a name there mostly runs on into a second word).

    Only such windows are encoded: natasha's spans leave the transformer few of a Russian text's
    windows, and in the entity stage the gazetteer's leave it fewer in any language.
    """
    for n, (start, end, word) in enumerate(words):
        if n == 0 or words[n - 1][2] in _SENTENCE_END:
            continue
        if (
            len(word) > 1
            and word[0].isupper()
            and word[1].islower()
            and all(end <= o.start or start >= o.end for o in covered)
        ):
            return True
    return False


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
        self.e5 = E5Recognizer(weights, quantize)
        self.gazetteer = GazetteerRecognizer()
        self.min_person_score = min_person_score
        self.russian = natasha_or_none(russian, "accurate", "the e5 model")

    def model_spans_batch(
        self, texts: list[str], lang: str, covered: list[list[Span]] | None = None
    ) -> list[list[Span]]:
        """The models' spans; `covered` (per text), spans the caller has found already, lets the
        transformer skip windows where nothing is left for it to find (`may_hold_name`)."""
        known = covered or [[] for _ in texts]
        if lang == "ru" and self.russian is not None:
            natasha = [
                tidy(text, spans) for text, spans in zip(texts, self.russian.recognize_batch(texts, lang), strict=True)
            ]
            found = [spans + more for spans, more in zip(natasha, known, strict=True)]  # once per text
            e5 = self.e5.recognize_windows(texts, lang, needed=lambda i, words: may_hold_name(words, found[i]))
            models = []
            for spans, own in zip(natasha, e5, strict=True):
                spans += [
                    s for s in own if s.label == "PERSON" and s.score >= self.min_person_score and _disjoint(s, spans)
                ]
                models.append(sorted(spans, key=lambda s: s.start))
        else:
            needed = None if covered is None else (lambda i, words: may_hold_name(words, known[i]))
            e5 = self.e5.recognize_windows(texts, lang, needed=needed)
            models = [tidy(text, spans) for text, spans in zip(texts, e5, strict=True)]
        return models
