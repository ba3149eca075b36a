"""kb.facts on the sample knowledge base: the explorer's filters, streaming, the CLI's search, the columns."""

from __future__ import annotations

import pytest

from caspian.kb import QueryError
from caspian.kb import facts as kb_facts


@pytest.mark.parametrize(
    ("flt", "check"),
    [
        (kb_facts.FactFilter(commodity="oil"), lambda f: f["commodity"] == "oil"),
        (kb_facts.FactFilter(metric="production"), lambda f: f["metric"] == "production"),
        (kb_facts.FactFilter(modality="target"), lambda f: f["modality"] == "target"),
        (kb_facts.FactFilter(geo="Kazakhstan"), lambda f: f["geo"] == "Kazakhstan"),
        (kb_facts.FactFilter(period="2023"), lambda f: f["period"] == "2023"),
        (kb_facts.FactFilter(unit="tU"), lambda f: f["unit"] == "tU"),
        (kb_facts.FactFilter(since="2025"), lambda f: f["published"][:4] >= "2025"),
        (kb_facts.FactFilter(commodity="uranium", until="2024-12"), lambda f: f["published"][:7] <= "2024-12"),
    ],
)
def test_fact_filters(sample_store, flt, check):
    total, items = kb_facts.list_facts(sample_store, flt, 200, 0)
    assert items and total == len(items), flt
    assert all(check(f) for f in items), flt
    assert [f["id"] for f in kb_facts.iter_facts(sample_store, flt, batch=3)] == sorted(f["id"] for f in items)


def test_fact_rows_have_the_typed_columns(sample_store, ids):
    _, items = kb_facts.list_facts(sample_store, kb_facts.FactFilter(article=ids["ru01_oil_output"]), 50, 0)
    assert items and {f["article_id"] for f in items} == {ids["ru01_oil_output"]}
    for row in items:
        assert tuple(row) == kb_facts.ROW_COLUMNS
        for name, value in row.items():
            assert value is None or isinstance(value, kb_facts.FIELD_TYPES[name]), (name, value)
    assert kb_facts.ROW_COLUMNS[: len(kb_facts.FACT_COLUMNS)] == kb_facts.FACT_COLUMNS
    assert set(kb_facts.REPORT_COLUMNS) <= set(kb_facts.ROW_COLUMNS)


def test_bad_dates_are_refused_before_streaming(sample_store):
    with pytest.raises(QueryError, match="since"):
        kb_facts.iter_facts(sample_store, kb_facts.FactFilter(since="last year"))
    with pytest.raises(QueryError, match="until"):
        kb_facts.list_facts(sample_store, kb_facts.FactFilter(until="soon"), 10, 0)


@pytest.mark.parametrize(
    ("flt", "check"),
    [
        (kb_facts.FactSearch(commodity="URANIUM"), lambda f: f["commodity"] == "uranium"),
        (
            kb_facts.FactSearch(geo="kazakhstan", modality="Actual"),
            lambda f: (f["geo"], f["modality"]) == ("Kazakhstan", "actual"),
        ),
        (kb_facts.FactSearch(period="2025"), lambda f: f["period"].startswith("2025")),
        (kb_facts.FactSearch(lang="kk"), lambda f: f["lang"] == "kk"),
    ],
)
def test_fact_search_of_the_command_line(sample_store, flt, check):
    found = kb_facts.find_facts(sample_store, flt)
    assert found and all(check(f) for f in found), flt
    assert len(kb_facts.find_facts(sample_store, flt, limit=1)) == 1
    dates = [f["published"] for f in found if f["published"]]
    assert dates == sorted(dates, reverse=True)


def test_choices_and_latest(sample_store):
    choices = kb_facts.fact_choices(sample_store)
    assert set(choices) == set(kb_facts.FILTER_FIELDS)
    assert {"oil", "uranium"} <= set(choices["commodity"]) and choices["modality"] == sorted(choices["modality"])
    latest = kb_facts.latest_facts(sample_store, 5)
    assert len(latest) == 5
    assert latest == kb_facts.list_facts(sample_store, kb_facts.FactFilter(), 5, 0).items


def test_facts_about_a_place_are_those_whose_geo_it_is(sample_store):
    about = kb_facts.facts_about(sample_store, "Kazakhstan", "COUNTRY")
    assert about and {f["geo"] for f in about} == {"Kazakhstan"}
    assert kb_facts.facts_about(sample_store, "nowhere", "COUNTRY") == []


def test_facts_about_a_facility_are_those_stated_where_it_is_named(sample_store):
    from caspian.kb import articles as kb_articles
    from caspian.kb import entities as kb_entities

    detail = kb_entities.entity_detail(sample_store, "caspian:kashagan-field")
    assert detail is not None and detail["type"] == "FACILITY" and detail["facts"]
    for fact in detail["facts"]:
        doc = kb_articles.get_document(sample_store, fact["article_id"])
        sentence = next(doc.text[a:b] for a, b in doc.sentences if a <= fact["start"] < b)
        names = [detail["canonical"], *detail["aliases"]]
        assert fact["geo"] in names or any(n in sentence for n in names)
    # not every fact of the articles that name it: those are many more
    articles = {f["article_id"] for f in detail["facts"]}
    every = [f for f in kb_facts.iter_facts(sample_store, kb_facts.FactFilter()) if f["article_id"] in articles]
    assert len(detail["facts"]) < len(every)
