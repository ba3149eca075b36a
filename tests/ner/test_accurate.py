"""Which windows of a Russian text the `accurate` recogniser sends to the transformer."""

import pytest

pytest.importorskip("torch")

from caspian.ner.accurate import may_hold_name
from caspian.ner.base import Span
from caspian.ner.words import split_words

# The transformer (torch), spaCy or natasha: the whole module is slow, and `-m "not slow"` does not even
# collect it (tests/conftest.py), since importing it loads them.
pytestmark = pytest.mark.slow


def _words(text):
    return [(s, e, text[s:e]) for s, e in split_words(text)]


def test_a_capitalised_word_natasha_missed_needs_the_model():
    text = "Об этом сообщил глава компании Хасенов."
    assert may_hold_name(_words(text), [])
    covered = [Span(text.index("Хасенов"), text.index("Хасенов") + 7, "PERSON", 1.0, "natasha")]
    assert not may_hold_name(_words(text), covered)


def test_sentence_openers_and_abbreviations_do_not():
    text = "Добыча выросла на 5%. По данным РК и ОПЕК, экспорт не изменился."
    assert not may_hold_name(_words(text), [])
