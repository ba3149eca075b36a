import pytest

from caspian.document import Document
from caspian.evaluation.gold import meta_equal, score_article


@pytest.mark.parametrize(
    ("field", "gold", "pred", "ok"),
    [
        ("published", "2024-06-21", "2024-06-21T20:28:00+04:00", True),
        ("published", "2024-06-21", "2024-06-22", False),
        ("published", None, None, True),
        ("published", None, "2024-06-21", False),
        ("title", "Kazakhstan  Raises Output", "kazakhstan raises output", True),
        ("author", "Арман Коржумбаев", None, False),
    ],
)
def test_meta_equal(field, gold, pred, ok):
    assert meta_equal(field, gold, pred) is ok


def test_score_article_counts_entities_facts_events_and_noise():
    gold = {
        "lang": "tr",
        "noise": ["NUR (a truncated dateline, NUR-SULTAN)", "1023"],
        "entities": [{"type": "PERSON", "canonical": "Askar Mamin"}, {"type": "COUNTRY", "canonical": "Kazakhstan"}],
        "facts": [
            {"commodity": "oil", "metric": "production", "value": 90, "unit": "Mt", "modality": "actual"},
            {"commodity": "gas", "metric": "production", "value": 80, "unit": "bcm", "modality": "forecast"},
        ],
        "events": [{"type": "MEETING", "participants": ["A", "B"]}],
    }
    doc = Document(
        raw="",
        lang="tr",
        text="Kazakistan Başbakanı...\nİkinci paragraf",
        removed=["NUR"],
        entities=[{"type": "PERSON", "canonical": "Askar Mamin"}, {"type": "ORG", "canonical": "OPEC"}],
        facts=[
            {"commodity": "oil", "metric": "production", "value": 90.5, "unit": "Mt", "modality": "actual"},
            {"commodity": "gas", "metric": "production", "value": 85, "unit": "bcm", "modality": "forecast"},
        ],
        events=[{"type": "MEETING", "participants": ["A", "B", "C"]}],
    )
    score, part = score_article("x", gold, doc, "NUR Kazakistan Başbakanı...\n1023\n")
    assert score.meta["lang"][2] is True
    assert score.noise_missed == ["1023"]
    assert (part.entities.tp, part.entities.fp, part.entities.fn) == (1, 1, 1)
    assert (part.facts.tp, part.facts.fp, part.facts.fn) == (1, 1, 1)  # 85 is not within 1% of 80
    assert (part.events.tp, part.events.fp, part.events.fn) == (1, 0, 0)  # Jaccard 2/3


def test_an_event_participant_counts_under_any_of_its_english_names():
    from caspian.evaluation.gold import _event_same

    gold = {"type": "MEETING", "participants": ["Almasadam Satkaliyev", "Alparslan Bayraktar"]}
    found = {"type": "MEETING", "participants": ["Almassadam Satkaliyev", "Alparslan Bayraktar"]}
    assert _event_same(gold, found)
    other = {"type": "MEETING", "participants": ["Almassadam Satkaliyev", "Someone Else", "Another One"]}
    assert not _event_same(gold, other)  # 1 of 4 names shared
    assert not _event_same({**gold, "type": "FORUM"}, found)


def test_a_fact_geo_counts_under_any_of_its_english_names():
    from caspian.evaluation.gold import _field_same

    assert _field_same("geo", "Trans-Anatolian gas pipeline", "Trans-Anatolian Natural Gas Pipeline")
    assert _field_same("geo", "Kazakhstan", "Kazakhstan")
    assert not _field_same("geo", "Kazakhstan", "Uzbekistan")
    assert not _field_same("geo", "Kazakhstan", None)
    assert _field_same("period", None, None) and not _field_same("period", "2024", "2024-01")
