"""Russian place and organisation names in the nominative (natasha's morphology)."""

import pytest

pytest.importorskip("natasha")

from caspian.entities.morph_ru import nominative


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Черноморском регионе", "Черноморский регион"),
        ("Атырауской области", "Атырауская область"),  # an adjective pymorphy does not know
        ("Министерства энергетики", "Министерство энергетики"),  # dependents keep their case
        ("Южной Кореи", "Южная Корея"),
        ("Черноморский регион", "Черноморский регион"),
        ("Нефтепровод", "Нефтепровод"),
        ("ТШО", "ТШО"),
        ("Tengiz Chevroil", "Tengiz Chevroil"),  # not Cyrillic: left alone
    ],
)
def test_head_and_adjectives_go_to_the_nominative(phrase, expected):
    assert nominative(phrase) == expected


def test_an_unknown_place_in_two_cases_gets_one_canonical_name():
    from caspian.ner.base import Span
    from caspian.ner.gazetteer import GazetteerRecognizer

    resolver = GazetteerRecognizer().resolver
    a, b = "Обстановка в Черноморском регионе.", "Черноморский регион важен."
    first = resolver.from_spans(a, "ru", [Span(a.index("Черноморском"), a.index("."), "LOCATION", 0.9, "m")])
    second = resolver.from_spans(b, "ru", [Span(0, len("Черноморский регион"), "LOCATION", 0.9, "m")])
    assert first[0].canonical == second[0].canonical == "Chernomorskiy region"
