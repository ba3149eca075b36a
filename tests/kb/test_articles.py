"""kb.articles and kb.stories on the sample knowledge base: filters, paging, provenance, clusters."""

from __future__ import annotations

import pytest

from caspian.kb import QueryError, connect
from caspian.kb import articles as kb_articles
from caspian.kb import stories as kb_stories
from tests.conftest import SAMPLE
from tests.kb.conftest import CLUSTERS

ARTICLES = len(list(SAMPLE.glob("*.txt")))


@pytest.mark.parametrize(
    ("flt", "check"),
    [
        (kb_articles.ArticleFilter(lang="kk"), lambda a: a["lang"] == "kk"),
        (kb_articles.ArticleFilter(lang="ru, tr"), lambda a: a["lang"] in ("ru", "tr")),
        (kb_articles.ArticleFilter(since="2024-06"), lambda a: a["published"][:7] >= "2024-06"),
        (kb_articles.ArticleFilter(until="2023"), lambda a: a["published"][:4] <= "2023"),
        (kb_articles.ArticleFilter(since="2024-01-01", until="2024-12"), lambda a: a["published"][:4] == "2024"),
        (kb_articles.ArticleFilter(source="Kazinform"), lambda a: a["source"] == "Kazinform"),
        (kb_articles.ArticleFilter(cluster="story-uranium"), lambda a: a["cluster_id"] == "story-uranium"),
    ],
)
def test_article_filters(sample_store, flt, check):
    total, items = kb_articles.list_articles(sample_store, flt, 200, 0)
    assert items and total == len(items) < ARTICLES, flt
    assert all(check(a) for a in items), flt


def test_articles_page_newest_first_without_overlap(sample_store):
    first = kb_articles.list_articles(sample_store, kb_articles.ArticleFilter(), 10, 0)
    second = kb_articles.list_articles(sample_store, kb_articles.ArticleFilter(), 10, 10)
    assert first.total == second.total == ARTICLES and len(first.items) == 10
    assert not {a["id"] for a in first.items} & {a["id"] for a in second.items}
    dates = [a["published"] for a in first.items + second.items if a["published"]]
    assert dates == sorted(dates, reverse=True)
    assert set(first.items[0]) == {*kb_articles.ArticleRow.__annotations__, "cluster_id"}


def test_articles_of_an_entity(sample_store, ids):
    _, items = kb_articles.list_articles(sample_store, kb_articles.ArticleFilter(entity="caspian:kazmunaygas"), 200, 0)
    assert ids["ru01_oil_output"] in {a["id"] for a in items}


@pytest.mark.parametrize(
    ("flt", "words"),
    [
        (kb_articles.ArticleFilter(since="yesterday"), "since must be a date"),
        (kb_articles.ArticleFilter(until="2024/01/01"), "until must be a date"),
    ],
)
def test_bad_dates_are_query_errors(sample_store, flt, words):
    with pytest.raises(QueryError, match=words):
        kb_articles.list_articles(sample_store, flt, 10, 0)


def test_one_article_with_its_provenance(sample_store, ids):
    found = kb_articles.get_article(sample_store, ids["ru01_oil_output"])
    assert found is not None
    assert found["record"]["id"] == ids["ru01_oil_output"] and found["record"]["lang"] == "ru"
    assert found["path"].endswith("ru01_oil_output.txt") and found["ingested_at"]
    assert [r["line"] for r in found["removed"]] == found["record"]["removed"]
    assert kb_articles.get_article(sample_store, "nope") is None
    assert kb_articles.article_extras(sample_store, "nope") is None


def test_texts_ids_counts_and_languages(sample_store, ids):
    wanted = [ids["en02_uranium"], ids["kk05_kashagan"]]
    texts = kb_articles.article_texts(sample_store, wanted)
    assert set(texts) == set(wanted) and all(texts.values())
    assert kb_articles.article_ids(sample_store) == sorted(ids.values())
    assert kb_articles.article_ids(sample_store, 3) == sorted(ids.values())[:3]
    assert kb_articles.count(sample_store) == ARTICLES == kb_articles.stats(sample_store)["articles"]
    mix = kb_articles.language_mix(sample_store)
    assert {m["lang"] for m in mix} == {"ru", "kk", "tr", "en"}
    assert sum(m["articles"] for m in mix) == ARTICLES and abs(sum(m["share"] for m in mix) - 1) < 0.01
    assert [d.id for d in kb_articles.iter_documents(sample_store, batch=7)] == sorted(ids.values())


@pytest.mark.parametrize(
    ("entity", "commodity", "expected"),
    [
        ("caspian:kazatomprom", "uranium", {"en02_uranium", "ru05_uranium"}),
        (None, "uranium", {"en02_uranium", "ru05_uranium"}),
        ("caspian:nobody", None, set()),
        (None, None, {"en02_uranium", "ru05_uranium", "kk05_kashagan"}),
    ],
)
def test_article_ids_with_an_entity_and_a_commodity(sample_store, ids, entity, commodity, expected):
    given = [ids[n] for n in ("en02_uranium", "ru05_uranium", "kk05_kashagan")]
    found = kb_articles.article_ids_with(sample_store, entity, commodity, given)
    assert {ids[n] for n in expected} <= found if expected else found == set()


def test_one_connection_serves_several_reads(sample_store):
    with connect(sample_store) as conn:
        assert kb_articles.list_articles(conn, kb_articles.ArticleFilter(), 1, 0).total == ARTICLES
        assert kb_articles.language_mix(conn)
        with connect(conn) as same:
            assert same is conn


def test_story_clusters(sample_store, ids):
    total, clusters = kb_stories.list_clusters(sample_store, 10, 0)
    assert total == len(CLUSTERS)
    by_id = {c["id"]: c for c in clusters}
    for cid, (label, names) in CLUSTERS.items():
        cluster = by_id[cid]
        assert {a["id"] for a in cluster["articles"]} == {ids[n] for n in names} and cluster["size"] == len(names)
        assert cluster["label"] == (label or cluster["articles"][0]["title"])  # no label: the newest title
        assert len(cluster["languages"]) >= 2
    dated = [c["latest"] for c in clusters if c["latest"]]
    assert dated == sorted(dated, reverse=True)
    assert len(kb_stories.list_clusters(sample_store, 1, 1).items) == 1
    assert len(kb_stories.cluster_members(sample_store, "story-uranium", 2)) == 2
    assignment = kb_stories.cluster_of_articles(sample_store)
    assert set(assignment) == set(ids.values())
    assert {a for a, c in assignment.items() if c == "story-tengiz"} == {ids["ru03_tengiz_fgp"], ids["tr06_tengiz_fgp"]}


def test_a_story_is_labelled_in_english(sample_store, ids):
    from caspian.kb.stories import english_label

    uranium = [ids["ru05_uranium"], ids["en02_uranium"], ids["tr03_uranium"]]
    label = english_label(sample_store, uranium, "2025-08-01")
    assert label == next(d.title for d in sample_store.documents() if d.id == ids["en02_uranium"])
    tengiz = [ids["ru03_tengiz_fgp"], ids["tr06_tengiz_fgp"]]  # no English report: names and month
    label = english_label(sample_store, tengiz, "2025-01-27", frozenset({"Kazakhstan"}))
    assert label.endswith("(January 2025)") and "Tengiz" in label and "Tengizchevroil" in label
    assert all(ord(ch) < 0x0400 for ch in label)  # no Cyrillic: English canonical names
    assert english_label(sample_store, [], None) is None
