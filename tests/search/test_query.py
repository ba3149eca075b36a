from __future__ import annotations

import pytest

from caspian.search.query import Aliases, find_matches, parse


def test_alias_word_brings_every_name_of_the_entity() -> None:
    (group,) = parse("KMG").groups
    assert group.alias == "KazMunayGas"
    assert {"kmg", "казмунайгаз", "kazmunaygas"} <= group.words


def test_alias_phrase_is_one_group() -> None:
    query = parse("Caspian Pipeline Consortium exports")
    assert [g.alias for g in query.groups] == ["Caspian Pipeline Consortium", None]
    assert "ктк" in query.groups[0].words


def test_inflected_alias_is_recognised() -> None:
    assert parse("Кашагане").groups[0].alias == "Kashagan"


def test_short_stems_of_aliases_are_not_used() -> None:
    (group,) = parse("Eni").groups
    assert "en" not in group.words


def test_stopwords_are_dropped_unless_alone() -> None:
    assert [g.text for g in parse("добыча в Казахстане").groups] == ["добыча", "Казахстане"]
    assert [g.text for g in parse("the").groups] == ["the"]


def test_fts_expression_quotes_every_form() -> None:
    no_terms = Aliases({})
    assert parse("добыча газа", terms=no_terms).fts_all() == '("добыч" OR "добыча") AND ("газ" OR "газа")'


@pytest.mark.parametrize(
    ("query", "other_forms"),
    [
        ("добыча газа", {"production", "ондиру", "uretim", "gas", "gaz"}),
        ("nuclear power plant", {"аэс", "nukleer santral", "атом электр станциясы"}),
        ("мұнай экспорты", {"нефть", "oil", "petrol", "export", "экспорт", "ihracat"}),
        ("petrol ihracatı", {"oil", "нефть", "мунай", "export", "экспорт"}),
    ],
)
def test_energy_words_bring_their_forms_in_every_language(query: str, other_forms: set[str]) -> None:
    """A topic word crosses languages the way a name does (lexicons/search/terms.yaml)."""
    expr = parse(query).fts_all()
    assert all(f'"{form}"' in expr for form in other_forms), expr


def test_a_name_wins_over_a_word_and_words_name_no_entity() -> None:
    parsed = parse("Tengiz oil")
    assert [g.alias for g in parsed.groups] == ["Tengiz", None]
    assert "нефть" in parsed.groups[1].words or "нефт" in parsed.groups[1].words


def test_matches_follow_the_article_language() -> None:
    text = "ҚазМұнайГаздың Қашағандағы өндірісі"
    found = find_matches(text, "kk", parse("KMG Kashagan"))
    assert [text[m.start : m.end] for m in found] == ["ҚазМұнайГаздың", "Қашағандағы"]


def test_phrases_that_match_nothing_more_are_left_out_of_the_fts_query():
    from caspian.search.query import Group

    group = Group(
        "BTC",
        frozenset({"btc"}),
        frozenset({("btc", "pipeline"), ("baku", "tbilisi", "ceyhan"), ("baku", "tbilisi", "ceyhan", "pipeline")}),
    )
    assert group.fts() == '("btc" OR "baku tbilisi ceyhan")'


def _ranked(*ids: str) -> list[tuple[str, float]]:
    return [(i, 1.0 - n / 100) for n, i in enumerate(ids)]


def test_a_first_page_in_one_language_gets_the_best_close_article_in_another():
    from caspian.search.searcher import balance_languages

    ranked = _ranked("r1", "r2", "r3", "r4", "r5", "r6", "k1", "e1")
    langs = {"r1": "ru", "r2": "ru", "r3": "ru", "r4": "ru", "r5": "ru", "r6": "ru", "k1": "kk", "e1": "en"}
    moved = balance_languages(ranked, langs, evidence={"k1", "e1"})
    assert [i for i, _ in moved] == ["r1", "r2", "r3", "r4", "k1", "r5", "r6", "e1"]
    # only an article the vector list also found is promoted; none: unchanged
    assert [i for i, _ in balance_languages(ranked, langs, evidence={"e1"})][4] == "e1"
    assert balance_languages(ranked, langs, evidence=set()) == ranked
    # a first page already in two languages, or too deep an alternative: unchanged
    mixed = _ranked("r1", "k1", "r2", "r3", "r4", "e1")
    assert balance_languages(mixed, langs, evidence={"e1"}) == mixed
    assert balance_languages(ranked, langs, evidence={"e1"}, depth=7) == ranked
