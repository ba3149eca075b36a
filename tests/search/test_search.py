from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from caspian.search import Indexer, Searcher, SearchError, search
from caspian.search.index import require_fts
from caspian.store import Store

HIT_FIELDS = {"id", "title", "lang", "published", "source", "path", "score", "snippet"}


def names(hits: list[dict], ids: dict[str, str]) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    return [by_id[h["id"]] for h in hits]


# (query, articles that must be among the keyword hits, articles that must not)
KEYWORD_CASES = [
    ("Kazakistan", {"tr_gas"}, {"en_solar"}),
    ("Kazakistan'ın", {"tr_gas"}, set()),
    ("ığdır", {"tr_gas"}, set()),
    ("İSTANBUL", {"tr_gas", "en_kashagan"}, set()),
    ("объем еще", {"ru_cpc"}, {"en_kashagan"}),
    ("добычи", {"ru_gas"}, {"ru_kmg"}),
    ("Қашағанда", {"kk_kashagan"}, set()),
    ("KMG", {"ru_kmg", "kk_kashagan", "tr_gas"}, {"en_tengiz"}),
    ("Kashagan", {"en_kashagan", "kk_kashagan", "ru_gas"}, {"en_tengiz"}),
    ("КТК", {"ru_cpc"}, set()),
    ("Turkey", {"ru_kmg", "tr_gas"}, set()),
]


@pytest.mark.parametrize(("query", "present", "absent"), KEYWORD_CASES)
def test_keyword_search_across_scripts(indexed, query: str, present: set, absent: set) -> None:
    store, ids = indexed
    found = set(names(search(store, query, mode="keyword", limit=20), ids))
    assert present <= found
    assert not absent & found


def test_hits_have_the_product_fields(indexed) -> None:
    store, ids = indexed
    hits = search(store, "добыча газа", mode="keyword")
    assert names(hits, ids)[0] == "ru_gas"
    assert set(hits[0]) == HIT_FIELDS
    assert hits[0]["path"] == "ru_gas.txt" and hits[0]["lang"] == "ru" and hits[0]["source"] == "Interfax-Kazakhstan"


def test_all_words_rank_before_some_words(indexed) -> None:
    store, ids = indexed
    ranked = names(search(store, "Kashagan production", mode="keyword"), ids)
    assert ranked[0] == "en_kashagan"  # both, in the query's words
    # both, across languages (Қашаған ... өндіріс; Кашаган ... добыча): after the query's own words
    assert set(ranked[1:3]) == {"kk_kashagan", "ru_gas"}


def test_title_outranks_body(indexed) -> None:
    store, ids = indexed
    # "delayed": in en_tengiz's title, in en_solar's body.
    assert names(search(store, "delayed", mode="keyword"), ids) == ["en_tengiz", "en_solar"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"lang": "kk"}, {"kk_kashagan"}),
        ({"lang": ["ru", "tr"]}, {"ru_kmg", "tr_gas"}),
        ({"lang": "ru,tr"}, {"ru_kmg", "tr_gas"}),
        ({"since": "2024-01-01"}, {"ru_kmg", "kk_kashagan"}),
        ({"until": "2024-03-12"}, {"ru_kmg", "tr_gas"}),
        ({"since": "2024-03", "until": "2024-03"}, {"ru_kmg"}),
        ({"since": "2023", "until": "2023"}, {"tr_gas"}),
    ],
)
def test_filters(indexed, filters: dict, expected: set) -> None:
    store, ids = indexed
    for mode in ("keyword", "hybrid"):
        found = names(search(store, "KMG", mode=mode, limit=20, **filters), ids)
        if mode == "keyword":
            assert set(found) == expected
        else:
            assert expected <= set(found)
            assert all(search_filter_ok(indexed, name, filters) for name in found)


def search_filter_ok(indexed, name: str, filters: dict) -> bool:
    store, ids = indexed
    doc = store.get(ids[name])
    langs = filters.get("lang")
    if isinstance(langs, str):
        langs = langs.split(",")
    day = (doc.published or "")[:10]
    return (
        (not langs or doc.lang in langs)
        and (not filters.get("since") or day[: len(filters["since"])] >= filters["since"])
        and (not filters.get("until") or day[: len(filters["until"])] <= filters["until"])
    )


def test_snippet_highlights_matches_in_the_original_text(indexed) -> None:
    store, _ = indexed
    (hit,) = search(store, "KMG Türkiye", mode="keyword", lang="tr")
    assert "<mark>Türkiye</mark>" in hit["snippet"]
    assert "<mark>KMG'nin</mark>" in hit["snippet"]
    (hit,) = search(store, "Kazakhstan", mode="keyword", lang="tr", highlight=("[", "]"))
    assert hit["snippet"].startswith("[Kazakistan'ın] doğal gaz")


def test_snippet_of_a_long_text_starts_near_the_match(indexed) -> None:
    store, _ = indexed
    (hit,) = search(store, "Новороссийск", mode="keyword")
    assert "<mark>Новороссийске</mark>" in hit["snippet"]


def test_reindexing_is_idempotent(store_url, docs) -> None:
    store = Store(store_url)
    store.write_batch(list(docs.values()))
    with Indexer(store) as indexer:
        assert indexer.add(list(docs.values())) == len(docs)
        assert indexer.add(list(docs.values())) == 0
        assert indexer.update() == 0
    searcher = Searcher(store)
    assert searcher.stats()["indexed"] == len(docs)
    assert searcher.stats()["vectors"] == len(docs)
    before = search(store, "Kashagan", mode="keyword")

    renamed = replace(docs["en_solar"], title="A solar farm near Kashagan")
    with Indexer(store) as indexer:
        assert indexer.add([renamed, docs["ru_gas"]]) == 1
    store.close()
    store = Store(store.url)
    assert len(search(store, "Kashagan", mode="keyword")) == len(before) + 1

    with Indexer(store) as indexer:
        assert indexer.rebuild() == len(docs)
    assert Searcher(store).stats() | {"vectors_path": None} == {
        "articles": len(docs),
        "indexed": len(docs),
        "vectors": len(docs),
        "embedder": "e5-small",
        "vectors_path": None,
    }


def test_cross_lingual_semantic_query(indexed) -> None:
    store, ids = indexed
    hits = search(store, "natural gas output of Kazakhstan", mode="semantic", lang="ru", limit=3)
    assert names(hits, ids)[0] == "ru_gas"
    hits = search(store, "oil output at the Kashagan field", mode="semantic", lang="kk", limit=1)
    assert names(hits, ids) == ["kk_kashagan"]
    assert -1.0 <= hits[0]["score"] <= 1.0


def test_hybrid_puts_keyword_and_semantic_agreement_first(indexed) -> None:
    store, ids = indexed
    assert names(search(store, "добыча газа", limit=2), ids)[0] == "ru_gas"
    assert names(search(store, "Kashagan production", limit=1), ids) == ["en_kashagan"]


def test_errors_tell_what_to_do(indexed, tmp_path, docs) -> None:
    store, _ = indexed
    with pytest.raises(SearchError, match="mode"):
        search(store, "gas", mode="fuzzy")
    with pytest.raises(SearchError, match="YYYY-MM-DD"):
        search(store, "gas", since="last week")
    require_fts(SimpleNamespace(dialect="postgresql"))  # tsvector
    with pytest.raises(SearchError, match="FTS5"):
        require_fts(SimpleNamespace(dialect="mysql"))
    fresh = Store(f"sqlite:///{tmp_path / 'unindexed.db'}")
    fresh.write_batch(list(docs.values()))
    with pytest.raises(SearchError, match="update"):
        search(fresh, "gas", mode="keyword")
    assert search(store, "   ") == []


def test_a_match_deep_in_a_long_article_is_still_found_for_the_snippet():
    from caspian.search import parse, snippet
    from caspian.search.searcher import SNIPPET_SCAN

    filler = "Погода в регионе оставалась теплой и сухой всю неделю. " * (SNIPPET_SCAN // 50)
    body = filler + "Добыча урана на месторождении выросла."
    assert len(filler) > SNIPPET_SCAN
    assert "<mark>урана</mark>" in snippet(body, "ru", parse("уран"), ("<mark>", "</mark>"))


def test_a_bulk_update_merges_the_keyword_index_into_one_segment(tmp_path, docs, monkeypatch) -> None:
    import caspian.search.index as index

    store = Store(f"sqlite:///{tmp_path / 'caspian.db'}")
    store.write_batch(list(docs.values()))

    def segments() -> int:
        with store.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(DISTINCT segid) FROM search_fts_idx").scalar_one()

    monkeypatch.setattr(index, "OPTIMIZE_AFTER", len(docs) + 1)
    with Indexer(store, embedder=None) as indexer:
        indexer.update(batch=2)  # one transaction, hence one FTS segment, per two articles
    assert segments() > 1
    before = search(store, "Kashagan", mode="keyword")
    monkeypatch.setattr(index, "OPTIMIZE_AFTER", len(docs))
    with Indexer(store, embedder=None) as indexer:
        indexer.rebuild(batch=2)
    assert segments() == 1
    assert search(store, "Kashagan", mode="keyword") == before
