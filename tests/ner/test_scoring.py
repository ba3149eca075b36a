import pytest

from caspian.ner.base import Recognizer, Span
from caspian.ner.training.corpora import GoldSpan, Sample
from caspian.ner.training.scoring import articles, evaluate


class Echo(Recognizer):
    """Returns fixed spans per text, as a recogniser would."""

    name = "echo"

    def __init__(self, answers):
        self.answers = answers
        self.langs = []

    def recognize(self, text, lang):
        self.langs.append(lang)
        return self.answers.get(text, [])


def test_exact_spans_per_label_and_micro():
    samples = [
        Sample("Kanat Bozumbayev visited Astana", "en", [GoldSpan(0, 16, "PER"), GoldSpan(25, 31, "LOC")]),
        Sample("Tengizchevroil said", "en", [GoldSpan(0, 14, "ORG")]),
    ]
    echo = Echo(
        {
            # PER right, LOC as COUNTRY counts as LOC; the event is not scored
            samples[0].text: [Span(0, 16, "PERSON"), Span(25, 31, "COUNTRY"), Span(6, 16, "EVENT")],
            # ORG with a wrong end: one false positive, one miss
            samples[1].text: [Span(0, 19, "ORG")],
        }
    )
    result = evaluate(echo, samples).as_dict()
    assert result["labels"]["PER"] == pytest.approx({"gold": 1, "predicted": 1, "correct": 1, "p": 1, "r": 1, "f1": 1})
    assert result["labels"]["LOC"]["f1"] == 1.0
    assert result["labels"]["ORG"] == pytest.approx({"gold": 1, "predicted": 1, "correct": 0, "p": 0, "r": 0, "f1": 0})
    assert result["micro"]["p"] == pytest.approx(2 / 3)
    assert result["micro"]["r"] == pytest.approx(2 / 3)
    assert result["sentences"] == 2
    assert echo.langs == ["en", "en"]


def test_articles_join_sentences_to_about_n_words():
    samples = [Sample("a b c", "ru", [], [(0, 1), (2, 3), (4, 5)]) for _ in range(5)]
    texts = articles(samples, words_per_article=6)
    assert texts == ["a b c a b c", "a b c a b c", "a b c"]
