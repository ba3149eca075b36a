"""The fast profile: a spaCy CNN trained by our code on data the test makes, then used by name."""

import pytest

from caspian.ner.base import get_recognizer
from caspian.ner.training.corpora import GoldSpan, Sample

# The transformer (torch), spaCy or natasha: the whole module is slow, and `-m "not slow"` does not even
# collect it (tests/conftest.py), since importing it loads them.
pytestmark = pytest.mark.slow

pytest.importorskip("spacy")


def _samples() -> list[Sample]:
    out = []
    for name, city in [("Асқар Маминге", "Астанада"), ("Бақыт Сұлтанов", "Алматыда"), ("Асхат Хасенов", "Атырауда")]:
        text = f"{name} {city} кездесті ."
        out.append(
            Sample(
                text, "kk", [GoldSpan(0, len(name), "PER"), GoldSpan(len(name) + 1, len(name) + 1 + len(city), "LOC")]
            )
        )
    return out * 20


def test_train_then_recognise_by_name(tmp_path):
    from caspian.ner.fast import model_dir
    from caspian.ner.training.fast import train_fast

    report = train_fast(
        "kk", _samples(), minutes=1.0, out=model_dir("kk", tmp_path), max_steps=30, log_line=lambda _m: None
    )
    assert report["steps"] == 30 and (tmp_path / "spacy-kk" / "meta.json").is_file()
    fast = get_recognizer("fast", models=str(tmp_path))
    text = "Асхат Хасенов Атырауда кездесті ."
    found = {(text[s.start : s.end], s.label) for s in fast.recognize(text, "kk")}
    assert ("Асхат Хасенов", "PERSON") in found  # learnt from the examples (and in the gazetteer)
    assert (
        ("Атырауда", "LOCATION") in found
        or ("Атырау", "LOCATION") in found
        or any(label in ("LOCATION", "COUNTRY") for _, label in found)
    )


def test_a_language_without_a_model_gets_the_gazetteer_alone(tmp_path):
    fast = get_recognizer("fast", models=str(tmp_path))  # an empty folder: no spacy-LANG models
    text = "Kazakhstan and KazMunayGas signed the deal."
    found = {(text[s.start : s.end], s.label) for s in fast.recognize(text, "en")}
    assert ("KazMunayGas", "ORG") in found and ("Kazakhstan", "COUNTRY") in found
    assert fast.recognize_batch([text], "en", covered=[[]]) == [[]]  # the model's spans alone: none
