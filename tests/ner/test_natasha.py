"""The natasha backend and the `accurate` combination on Russian text."""

import pytest

from caspian.ner.base import get_recognizer

# The transformer (torch), spaCy or natasha: the whole module is slow, and `-m "not slow"` does not even
# collect it (tests/conftest.py), since importing it loads them.
pytestmark = pytest.mark.slow

pytest.importorskip("natasha")

TEXT = "Председатель правления АО НК «КазМунайГаз» Асхат Хасенов встретился в Астане с представителями ЕС."


def _texts(spans):
    return [(TEXT[s.start : s.end], s.label) for s in spans]


def test_natasha_finds_people_places_and_organisations():
    found = _texts(get_recognizer("natasha").recognize(TEXT, "ru"))
    assert ("Асхат Хасенов", "PERSON") in found
    assert ("Астане", "LOCATION") in found
    assert any(label == "ORG" and "КазМунайГаз" in text for text, label in found)


def test_accurate_trims_the_legal_form_and_types_the_eu_as_an_organisation():
    pytest.importorskip("torch")
    found = _texts(get_recognizer("accurate").recognize(TEXT, "ru"))
    assert ("КазМунайГаз", "ORG") in found
    assert ("ЕС", "ORG") in found  # natasha says LOC; the gazetteer knows better
    assert ("Асхат Хасенов", "PERSON") in found
