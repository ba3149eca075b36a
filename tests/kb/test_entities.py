"""kb.entities on the sample knowledge base: listings, one entity, lookups, names for search."""

from __future__ import annotations

import pytest

from caspian.kb import entities as kb_entities

KMG = "caspian:kazmunaygas"


@pytest.mark.parametrize(
    ("flt", "check"),
    [
        (kb_entities.EntityFilter(), lambda e: True),
        (kb_entities.EntityFilter(type="person"), lambda e: e["type"] == "PERSON"),
        (kb_entities.EntityFilter(name="kazmunay"), lambda e: e["id"] == KMG),
        (kb_entities.EntityFilter(name="100%"), lambda e: False),  # a literal %, not a wildcard
        (kb_entities.EntityFilter(q="ҚМГ"), lambda e: e["id"] == KMG),  # a mention's text
        (kb_entities.EntityFilter(q="caspian:kazmun"), lambda e: "kazmun" in e["id"]),
        (kb_entities.EntityFilter(type="ORG", lang="kk"), lambda e: e["type"] == "ORG"),
    ],
)
def test_entity_listings_agree(sample_store, flt, check):
    """The paged listing (web) and the summary (CLI) hold the same entities under one filter."""
    total, items = kb_entities.list_entities(sample_store, flt, 200, 0)
    summaries = kb_entities.entity_summaries(sample_store, flt)
    assert all(check(e) for e in items) and all(check(e) for e in summaries)
    mentioned = [e for e in items if e["mentions"]]
    assert [e["id"] for e in mentioned] == [e["id"] for e in summaries]
    assert [(e["mentions"], e["articles"]) for e in mentioned] == [(e["mentions"], e["articles"]) for e in summaries]
    counts = [e["mentions"] for e in items]
    assert counts == sorted(counts, reverse=True) and total == len(items)


def test_entity_summaries_give_languages_and_a_limit(sample_store):
    rows = kb_entities.entity_summaries(sample_store, kb_entities.EntityFilter(q="kazmunaygas"))
    assert rows[0]["id"] == KMG and rows[0]["langs"] == "en,kk,ru,tr"
    assert list(rows[0]) == list(kb_entities.EntitySummary.__annotations__)
    kk = kb_entities.entity_summaries(sample_store, kb_entities.EntityFilter(lang="kk"), limit=3)
    assert len(kk) == 3 and all("kk" in r["langs"].split(",") for r in kk)
    everything = kb_entities.entity_summaries(sample_store, kb_entities.EntityFilter())
    assert sum(r["mentions"] for r in kk) <= sum(r["mentions"] for r in everything[:3])


def test_entity_listing_pages(sample_store):
    first = kb_entities.list_entities(sample_store, kb_entities.EntityFilter(), 5, 0)
    second = kb_entities.list_entities(sample_store, kb_entities.EntityFilter(), 5, 5)
    assert first.total == second.total > 50 and len(first.items) == len(second.items) == 5
    assert not {e["id"] for e in first.items} & {e["id"] for e in second.items}


def test_one_entity_in_full(sample_store):
    found = kb_entities.entity_detail(sample_store, KMG)
    assert found is not None and set(found) == set(kb_entities.EntityDetail.__annotations__)
    assert found["canonical"] == "KazMunayGas" and found["type"] == "ORG"
    assert {"ru", "kk", "tr"} <= set(found["names"]) and "ҚМГ" in found["aliases"]
    assert found["timeline"] and all(t["month"][:4].isdigit() for t in found["timeline"])
    assert found["articles"] and found["neighbours"] and found["events"]
    assert all(f["geo"] == "KazMunayGas" for f in found["facts"])  # its facts are those about it (stakes)
    assert KMG not in {n["id"] for n in found["neighbours"]}
    assert kb_entities.entity_detail(sample_store, "caspian:nobody") is None


def test_roles_with_their_dates(sample_store):
    detail = kb_entities.entity_detail(sample_store, "caspian:almassadam-satkaliyev")
    record = kb_entities.entity_record(sample_store, "caspian:almassadam-satkaliyev")
    minister = "Minister of Energy of Kazakhstan"
    assert minister in {r["role"] for r in detail["roles"]}
    role = next(r for r in record["roles"] if r["role"] == minister)
    assert role["first"] <= role["last"] and role["articles"] > 1
    assert record["articles"] == len(record["article_list"]) == sum(record["articles_by_lang"].values())
    assert record["mentions"] == sum(sum(forms.values()) for forms in record["aliases"].values())
    assert kb_entities.entity_record(sample_store, "caspian:nobody") is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (KMG, KMG),
        ("KazMunayGas", KMG),
        ("  kazmunaygas ", KMG),
        ("caspian:nobody", "caspian:nobody"),
        ("", None),
        (None, None),
    ],
)
def test_resolve_entity(sample_store, given, expected):
    assert kb_entities.resolve_entity(sample_store, given) == expected


def test_names_for_suggestions_and_for_search(sample_store):
    names = kb_entities.most_mentioned_names(sample_store, 5)
    assert len(names) == 5 and names[0] == "Kazakhstan"
    records = kb_entities.name_records(sample_store)
    assert len(records) == kb_entities.count_entities(sample_store)
    assert {"id": KMG, "canonical": "KazMunayGas"}.items() <= next(r for r in records if r["id"] == KMG).items()
    forms = kb_entities.mention_forms(sample_store)
    assert (KMG, "ҚМГ") in forms and len(forms) == len(set(forms))
    assert (KMG, "ҚМГ") not in kb_entities.mention_forms(sample_store, min_count=99)


SATKALIYEV, KHASSENOV = "caspian:almassadam-satkaliyev", "caspian:askhat-khassenov"


@pytest.mark.parametrize(
    ("query", "entity_id"),
    [
        ("Саткалиев", SATKALIYEV),  # Cyrillic, as Russian spells it
        ("Сәтқалиев", SATKALIYEV),  # Kazakh letters
        ("satkaliev", SATKALIYEV),  # a Latin spelling without the y
        ("Хасенов", KHASSENOV),
        ("Хасенова", KHASSENOV),  # with a Russian case ending
        ("Hasenov", KHASSENOV),  # the Turkish spelling
        ("Khassenov", KHASSENOV),
        ("КМГ", KMG),  # an abbreviation seen in a text
        ("kmg", KMG),
        ("ҚазМұнайГаз", KMG),
    ],
)
def test_an_entity_is_found_by_any_name_in_any_script(sample_store, query, entity_id):
    assert kb_entities.find_entity_ids(sample_store, query)[0] == entity_id
    found = kb_entities.entity_summaries(sample_store, kb_entities.EntityFilter(q=query))
    assert entity_id in [e["id"] for e in found]
    assert kb_entities.resolve_entity(sample_store, query) == entity_id


@pytest.mark.parametrize(("query", "name"), [("Kazakhstan", "Kazatomprom"), ("oil", "Tokayev"), ("Хасенов", "Асхат")])
def test_a_name_does_not_match_another(query, name):
    assert not kb_entities.name_matches(query, name)


def test_an_unknown_name_finds_nothing(sample_store):
    assert kb_entities.find_entity_ids(sample_store, "Qwertyuiop") == []
    assert kb_entities.resolve_entity(sample_store, "Qwertyuiop") == "Qwertyuiop"
