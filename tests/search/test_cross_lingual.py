"""A query in one language finds the relevant sample-corpus articles in another (each direction with English)."""

from __future__ import annotations

from pathlib import Path

import pytest

from caspian.document import Document
from caspian.search import search
from caspian.store import Store
from tests.conftest import SAMPLE, sample_documents
from tests.search.conftest import built, index_docs

# (query, language of the query -> language searched, words one of which names a relevant sample file)
CASES = [
    ("uranium mining output", "en", "ru", ("uranium", "kazatomprom")),
    ("referendum on building a nuclear power plant", "en", "kk", ("nuclear",)),
    ("freight transport on the Middle Corridor", "en", "tr", ("middle_corridor",)),
    ("Tengiz expansion first oil", "en", "tr", ("tengiz",)),
    ("добыча урана", "ru", "en", ("uranium",)),
    ("Тенгиз первая нефть", "ru", "en", ("tengiz",)),
    ("ОПЕК+ квотасы бойынша мұнай өндіру", "kk", "en", ("opec",)),
    ("жел электр станциясы", "kk", "en", ("wind",)),
    ("rüzgar enerjisi santrali", "tr", "en", ("wind",)),
    ("uranyum üretimi", "tr", "en", ("uranium",)),
]


@pytest.fixture(scope="module")
def sample_docs() -> list[Document]:
    """The sample corpus as the gazetteer pipeline reads it (read once per test process, shared with tests/kb and tests/web)."""
    docs, _ = sample_documents()
    assert len(docs) == len(list(SAMPLE.glob("*.txt")))
    return docs


def sample_index_on(request: pytest.FixtureRequest, backend: str, docs: list[Document]) -> tuple[Store, dict[str, str]]:
    """The sample corpus stored and indexed (e5 vectors) on a backend, once per test process."""
    store = built(request, backend, "cross_lingual_sample", lambda url: index_docs(url, docs))
    return store, {d.id: Path(d.path).stem for d in docs}


@pytest.fixture(scope="module")
def sample_index(request: pytest.FixtureRequest, backend: str, sample_docs) -> tuple[Store, dict[str, str]]:
    return sample_index_on(request, backend, sample_docs)


@pytest.mark.slow
@pytest.mark.parametrize(("query", "source", "target", "relevant"), CASES)
def test_query_finds_articles_in_another_language(
    request, backend, sample_docs, sample_index, query, source, target, relevant
) -> None:
    store, names = sample_index
    hits = search(store, query, lang=target, limit=3)
    assert hits and all(h["lang"] == target for h in hits)
    top = names[hits[0]["id"]]
    assert any(word in top for word in relevant), (query, source, [names[h["id"]] for h in hits])
    if backend == "postgresql":  # the same articles, in the same order, as on SQLite
        sqlite, _ = sample_index_on(request, "sqlite", sample_docs)
        assert [h["id"] for h in hits] == [h["id"] for h in search(sqlite, query, lang=target, limit=3)]
