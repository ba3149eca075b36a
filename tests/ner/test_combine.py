"""Tidying a model's spans and merging them with the gazetteer (caspian.ner.combine)."""

from caspian.ner.base import Span
from caspian.ner.combine import merge_gazetteer, tidy


def _texts(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in spans]


def test_legal_form_before_a_quoted_name_is_trimmed():
    text = "Акции ОАО «Газпром» и АО НК «КазМунайГаз» выросли."
    spans = [Span(6, 19, "ORG"), Span(22, 42, "ORG")]
    assert _texts(text, tidy(text, spans)) == [("Газпром", "ORG"), ("КазМунайГаз", "ORG")]


def test_a_quoted_name_after_an_ordinary_word_keeps_its_span():
    text = "Театр «Современник» открыл сезон."
    assert _texts(text, tidy(text, [Span(0, 19, "ORG")])) == [("Театр «Современник»", "ORG")]


def test_an_abbreviation_in_brackets_becomes_its_own_mention():
    text = "Федеральная антимонопольная служба (ФАС) оштрафовала банк."
    assert _texts(text, tidy(text, [Span(0, 40, "ORG")])) == [
        ("Федеральная антимонопольная служба", "ORG"),
        ("ФАС", "ORG"),
    ]


def test_generic_words_are_dropped_and_names_kept():
    text = "По данным СМИ, Минэнерго готовит отчёт."
    spans = [Span(10, 13, "ORG"), Span(15, 24, "ORG")]
    assert _texts(text, tidy(text, spans)) == [("Минэнерго", "ORG")]


def test_gazetteer_type_wins_on_an_exact_span_and_adds_what_the_model_missed():
    text = "Решение ЕС поддержала ОПЕК."
    model = [Span(8, 10, "LOCATION", 0.9, "natasha")]
    gazetteer = [Span(8, 10, "ORG", 1.0, "gazetteer"), Span(22, 26, "ORG", 1.0, "gazetteer")]
    merged = merge_gazetteer(model, gazetteer)
    assert _texts(text, merged) == [("ЕС", "ORG"), ("ОПЕК", "ORG")]
    assert merged[0].source == "natasha"  # the model's span, retyped


def test_gazetteer_does_not_add_a_span_overlapping_the_models():
    model = [Span(0, 20, "ORG")]
    assert merge_gazetteer(model, [Span(5, 12, "ORG", 1.0, "gazetteer")]) == model


def test_gazetteer_adds_no_place_the_model_left_out_unless_asked():
    text = "Қазақстан Республикасының Қылмыстық кодексі және ҚазМұнайГаз"
    gazetteer = [Span(0, 9, "COUNTRY", 1.0, "gazetteer"), Span(49, 60, "ORG", 1.0, "gazetteer")]
    assert _texts(text, merge_gazetteer([], gazetteer)) == [("ҚазМұнайГаз", "ORG")]
    assert len(merge_gazetteer([], gazetteer, add_places=True)) == 2
