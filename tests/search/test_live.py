from __future__ import annotations

from pathlib import Path

from caspian.ingest import ingest
from caspian.search import search
from caspian.search.index import indexed_count
from caspian.search.live import LiveIndex, build, index_on_store
from caspian.search.stories import story_count
from caspian.store import Store
from tests.conftest import GAZETTEER, SAMPLE

# The gazetteer recogniser: indexing is tested here, not the transformer.
LIGHT = GAZETTEER.with_(workers=1)


def test_ingest_indexes_and_clusters_what_it_stores(store_url: str) -> None:
    files = [SAMPLE / "ru02_cpc_pipeline.txt", SAMPLE / "tr05_btc_ceyhan.txt", SAMPLE / "kk05_kashagan.txt"]
    store = Store(store_url)
    with LiveIndex(store, embedder="hashing") as on_stored:
        report = ingest([str(f) for f in files], store, LIGHT, on_stored=on_stored)
    assert report.stored == 3
    assert indexed_count(store) == 3 and on_stored.assigned == 3 and story_count(store) >= 1
    hits = search(store, "КТК отгрузил", mode="keyword")
    assert hits[0]["path"].endswith("ru02_cpc_pipeline.txt")

    again = ingest([str(SAMPLE / "en02_uranium.txt")], store, LIGHT, on_stored=None)
    assert again.stored == 1 and indexed_count(store) == 3
    result = build(store, embedder="hashing")
    assert (result.articles, result.indexed, result.changed, result.assigned) == (4, 4, 1, 1)
    assert build(store, embedder="hashing", rebuild=True).assigned == 4


def test_the_cli_index_on_store(tmp_path: Path) -> None:

    store = Store(f"sqlite:///{tmp_path / 'caspian.db'}")
    with index_on_store(store, enabled=False) as hook:
        assert hook is None
    with index_on_store(store, embedder="hashing") as hook:
        ingest([str(SAMPLE / "tr01_kmg_tpao.txt")], store, LIGHT, on_stored=hook)
    assert indexed_count(store) == 1 and story_count(store) == 1


def test_what_an_interrupted_run_stored_but_never_indexed_is_indexed_when_ingest_starts_again(tmp_path: Path) -> None:
    """A kill between storing a batch and indexing it (or before the vectors were saved) loses nothing."""
    from caspian.search.index import article_key

    files = [str(SAMPLE / n) for n in ("ru02_cpc_pipeline.txt", "tr05_btc_ceyhan.txt", "kk05_kashagan.txt")]
    store = Store(f"sqlite:///{tmp_path / 'caspian.db'}")
    ingest(files[:2], store, LIGHT, on_stored=None)  # stored, killed before indexing
    live = LiveIndex(store, embedder="hashing")
    live(list(store.documents())[:1])  # one indexed, its vector never saved (no close)
    with index_on_store(store, embedder="hashing") as hook:
        assert indexed_count(store) == 2
        report = ingest(files, store, LIGHT, on_stored=hook)
    assert report.stored == 1 and report.skipped_sources == 2 and indexed_count(store) == 3
    with LiveIndex(store, embedder="hashing") as fresh:
        keys = [article_key(d.id) for d in store.documents()]
        assert fresh.indexer.vectors.has(keys) == [True, True, True]
        assert fresh.catch_up() == 0
