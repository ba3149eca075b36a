"""A query in one language finds the relevant sample-corpus articles in another (each direction with English)."""

from __future__ import annotations

from pathlib import Path

import pytest

from caspian.document import Document
from caspian.search import Indexer, search
from caspian.store import Store
from tests.conftest import SAMPLE

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
def sample_index(tmp_path_factory: pytest.TempPathFactory, pipeline) -> tuple[Store, dict[str, str]]:
    docs = []
    for path in sorted(SAMPLE.glob("*.txt")):
        doc = pipeline.run_one(Document(raw=path.read_text(encoding="utf-8"), path=str(path)))
        assert isinstance(doc, Document), doc
        docs.append(doc)
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('sample') / 'caspian.db'}")
    store.write_batch(docs)
    with Indexer(store) as indexer:
        indexer.add(docs)
    return store, {d.id: Path(d.path).stem for d in docs}


@pytest.mark.slow
@pytest.mark.parametrize(("query", "source", "target", "relevant"), CASES)
def test_query_finds_articles_in_another_language(sample_index, query, source, target, relevant) -> None:
    store, names = sample_index
    hits = search(store, query, lang=target, limit=3)
    assert hits and all(h["lang"] == target for h in hits)
    top = names[hits[0]["id"]]
    assert any(word in top for word in relevant), (query, source, [names[h["id"]] for h in hits])
