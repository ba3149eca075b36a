from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from caspian.document import Document, make_id
from caspian.evaluation.stories import bcubed, load_items, pairwise
from caspian.kb.stories import cluster_of_articles
from caspian.search import Indexer
from caspian.search.stories import Clusterer, list_stories, numbers_in, parse_number
from caspian.store import Store, schema
from tests.conftest import SAMPLE, read_one

# (number as written, value)
NUMBERS = [
    ("420 000", 420000.0),
    ("420,000", 420000.0),
    ("63,5", 63.5),
    ("21.1", 21.1),
    ("1.087", 1087.0),
    ("1,2,3", 123.0),
    ("12.500,75", 12500.75),
]


@pytest.mark.parametrize(("written", "value"), NUMBERS)
def test_numbers_as_written_in_each_language(written: str, value: float) -> None:
    assert parse_number(written) == value


# One figure in each language must give the same key; years are kept apart.
SAME_FIGURE = [
    ("en", "output of 24.6 million tonnes in 2025"),
    ("ru", "добыча 24,6 млн тонн в 2025 году"),
    ("kk", "2025 жылы 24,6 млн тонна өндірілді"),
    ("tr", "2025 yılında 24,6 milyon ton üretildi"),
]


def test_a_figure_gives_one_key_in_every_language() -> None:
    keys = {lang: numbers_in(text) for lang, text in SAME_FIGURE}
    assert {k for k, _ in keys.values()} == {frozenset({"2.46e+07"})}
    assert {y for _, y in keys.values()} == {frozenset({2025})}


def test_scale_words_and_groupings_agree() -> None:
    assert numbers_in("420 тысяч баррелей")[0] == numbers_in("420,000 barrels")[0] == numbers_in("420 bin varil")[0]
    assert numbers_in("40-day shutdown")[0] != numbers_in("400,000 barrels")[0]


def test_scores() -> None:
    gold = {"a": "s1", "b": "s1", "c": "s2", "d": "d1"}
    assert pairwise(gold, {"a": 1, "b": 1, "c": 2, "d": 3})["precision"] == 1.0
    assert pairwise(gold, {"a": 1, "b": 2, "c": 3, "d": 4})["recall"] == 0.0
    merged = pairwise(gold, {"a": 1, "b": 1, "c": 1, "d": 3})
    assert merged == {"precision": round(1 / 3, 4), "recall": 1.0, "gold_pairs": 1}
    assert bcubed(gold, {"a": 1, "b": 1, "c": 2, "d": 3})["f1"] == 1.0


def _story_docs() -> dict[str, list[Document]]:
    """Three stories of the bundled set (each in 2-4 languages) and two distractors on the same days."""
    by_story: dict[str, list[Document]] = {}
    for story, doc in load_items():
        by_story.setdefault(story, []).append(doc)
    chosen = {k: by_story[k] for k in ("S01", "S02", "S08")}
    distractors = [d for k, docs in by_story.items() if k.startswith("distractor") for d in docs]
    chosen["distractors"] = [d for d in distractors if d.published in ("2025-03-05", "2025-03-25")]
    return chosen


@pytest.fixture(scope="module")
def clustered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[str, list[Document]], Clusterer]:
    stories = _story_docs()
    docs = sorted((d for group in stories.values() for d in group), key=lambda d: (d.published, d.id))
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('stories') / 'caspian.db'}")
    store.write_batch(docs)
    indexer = Indexer(store)
    clusterer = Clusterer(store, indexer.vectors)
    half = len(docs) // 2
    for part in (docs[:half], docs[half:]):  # two arrivals
        indexer.add(part)
        clusterer.add(part)
    indexer.save()
    return store, stories, clusterer


def _clusters(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(select(schema.articles.c.id, schema.articles.c.cluster_id)).all())


@pytest.mark.slow
def test_each_story_is_one_cluster_across_languages(clustered) -> None:
    store, stories, _ = clustered
    clusters = _clusters(store)
    found = {name: {clusters[d.id] for d in docs} for name, docs in stories.items() if name != "distractors"}
    assert all(len(ids) == 1 for ids in found.values()), found
    assert len({next(iter(ids)) for ids in found.values()}) == len(found)
    story_ids = {next(iter(ids)) for ids in found.values()}
    assert not {clusters[d.id] for d in stories["distractors"]} & story_ids
    assert {len({d.lang for d in docs}) for docs in stories.values() if len(docs) > 2} >= {3}


@pytest.mark.slow
def test_a_repost_is_a_near_duplicate_and_stories_are_listed(clustered) -> None:
    store, stories, _ = clustered
    (listed,) = [s for s in list_stories(store, since="2025-03-04", until="2025-03-05", min_size=3)]
    assert {a["lang"] for a in listed["articles"]} == {"en", "ru", "kk"}
    links = {a["link"] for a in listed["articles"]}
    assert {"first", "near"} <= links
    near = next(a for a in listed["articles"] if a["link"] == "near")
    assert near["duplicate_of"] in {d.id for d in stories["S01"] if d.lang == "ru"}
    with store.engine.connect() as conn:
        row = conn.execute(select(schema.clusters).where(schema.clusters.c.id == listed["id"])).one()
    assert row.data["size"] == 4 and row.data["langs"] == ["en", "kk", "ru"] and row.label


@pytest.mark.slow
def test_exact_duplicate_and_idempotence(clustered) -> None:
    store, stories, clusterer = clustered
    original = stories["S02"][0]
    copy = replace(original, id=make_id(original.text, url="https://example.org/copy"), path="copy.txt")
    store.write_batch([copy])
    before = _clusters(store)
    (assigned,) = clusterer.add([copy, original])
    assert assigned.kind == "exact" and assigned.duplicate_of == original.id
    assert _clusters(store)[copy.id] == before[original.id]
    assert clusterer.add([copy]) == []


def test_a_stated_day_stands_in_for_a_missing_publication_day() -> None:
    from caspian.search.stories import Features, stated_near

    said = Features(frozenset(), frozenset(), frozenset(), frozenset({"2025-01-24"}))
    silent = Features(frozenset(), frozenset(), frozenset())
    assert stated_near(None, said, "2025-01-26", silent, 3)  # undated, but its lead gives the day
    assert not stated_near(None, said, "2025-03-01", silent, 3)  # a day far from the other's
    assert not stated_near(None, silent, "2025-01-24", silent, 3)  # nothing stated: the penalty stays
    assert stated_near(None, said, None, said, 3)  # both undated, the same day stated
    assert Features.from_json(said.to_json()) == said
    assert Features.from_json('{"entities": [], "numbers": [], "years": []}').days == frozenset()  # stored before


def test_without_vectors_only_duplicates_are_found(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'caspian.db'}")
    texts = ["Kashagan output rose to 420,000 barrels a day in February, NCOC said on Tuesday.", "Another story."]
    docs = [Document(raw=t, id=make_id(t), text=t, title=t[:20], lang="en", published="2025-03-04") for t in texts]
    store.write_batch(docs)
    kinds = [a.kind for a in Clusterer(store).add(docs)]
    assert kinds == ["first", "first"]


@pytest.mark.parametrize("batch", [1, 8])
def test_an_undated_report_joins_its_story_whichever_arrives_first(tmp_path, pipeline, batch):
    """Tengiz's first oil in English (dated), Turkish and Russian (both undated; the Russian one
    states the day, 24 January 2025, in its lead): one story in every arrival order. A dated article
    used to look only at dated ones, so an undated report had to come second; and an undated report
    paid the undated penalty even when its lead gives the day."""
    names = ("en07_tengiz_first_oil", "tr06_tengiz_fgp", "ru03_tengiz_fgp")
    docs = [pipeline.run_one(read_one(SAMPLE / f"{name}.txt")) for name in names]
    assert docs[0].published and not docs[1].published and not docs[2].published
    orders = [docs[i:] + docs[:i] for i in range(len(docs))] + [docs[::-1]]  # each first, and one reversal
    for n, order in enumerate(orders):
        with Store(f"sqlite:///{tmp_path / f'{batch}-{n}.db'}") as store:
            store.write_batch(list(order))
            with Indexer(store) as indexer:
                clusterer = Clusterer(store, indexer.vectors)
                for i in range(0, len(order), batch):
                    indexer.add(list(order[i : i + batch]))
                    clusterer.add(list(order[i : i + batch]))
            assert len(set(cluster_of_articles(store).values())) == 1, [d.path for d in order]
