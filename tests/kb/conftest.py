"""Knowledge bases for the read-model tests.

`sample_store`: the bundled sample corpus through the default stages with the gazetteer
recogniser (no torch), two story clusters set by hand. `events_store`: a few hand-made articles
whose events and dates are known exactly, for the events and the cooperation graph.
"""

from __future__ import annotations

import pytest

from caspian.document import Document
from caspian.store import Store
from tests.conftest import sample_documents, set_clusters

CLUSTERS = {
    "story-tengiz": ("Tengiz Future Growth Project", ("ru03_tengiz_fgp", "tr06_tengiz_fgp")),
    "story-uranium": (None, ("ru05_uranium", "en02_uranium", "tr03_uranium")),
}


def build_sample(url: str) -> dict[str, str]:
    """The sample corpus stored at `url`; returns {sample name: article id}."""
    docs, ids = sample_documents()
    with Store(url) as store:
        store.write_batch(docs)
        set_clusters(store, ids, CLUSTERS)
    return ids


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def sample_kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    """(database URL, {sample name: article id}) of the sample knowledge base, on each backend: the
    read model answers the same on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'sample.db'}"
    else:
        from tests.pg import fresh_database

        url = fresh_database(request.getfixturevalue("postgres_url"), "sample_kb")
    return url, build_sample(url)


@pytest.fixture(scope="session")
def sample_store(sample_kb: tuple[str, dict[str, str]]):
    with Store(sample_kb[0]) as store:
        yield store


@pytest.fixture(scope="session")
def ids(sample_kb: tuple[str, dict[str, str]]) -> dict[str, str]:
    return sample_kb[1]


def article(i: int, published: str | None, events: list[dict], ents: list[tuple[str, str]]) -> Document:
    text = f"Article number {i} about energy cooperation in the Caspian region and beyond."
    return Document(
        raw=text,
        text=text,
        id=f"a{i:015d}",
        path=f"/corpus/{i}.txt",
        published=published,
        lang="en",
        entities=[{"canonical": c, "type": t, "mentions": [{"start": 0, "end": 7, "text": c}]} for c, t in ents],
        events=[{"start": 0, "end": 20, "summary": "s.", **e} for e in events],
    )


KMG = ("KazMunayGas", "ORG")
PEOPLE = [("Askhat Khassenov", "PERSON"), ("Alparslan Bayraktar", "PERSON"), ("Rovshan Najaf", "PERSON")]
EVENTS_DOCS = [
    article(
        1,
        "2024-03-01",
        [
            {"type": "MEETING", "participants": ["Askhat Khassenov", "Alparslan Bayraktar"], "date": None},
            {"type": "STATEMENT", "participants": ["Askhat Khassenov"], "date": None},
        ],
        [KMG, *PEOPLE],
    ),
    article(
        2,
        "2024-09-10",
        [
            {"type": "MEETING", "participants": ["Askhat Khassenov", "Rovshan Najaf"], "date": "2024-09-09"},
            {"type": "AGREEMENT", "participants": ["KazMunayGas", "SOCAR"], "date": None},
            # an incident: its participants did not cooperate
            {"type": "OTHER", "participants": ["KazMunayGas", "Rovshan Najaf"], "date": None},
        ],
        [KMG, *PEOPLE, ("SOCAR", "ORG")],
    ),
    article(
        3,
        "2024-10-01",
        [
            {"type": "MEETING", "participants": ["Askhat Khassenov", "Alparslan Bayraktar"], "date": None},
            {"type": "FORUM", "participants": ["Askhat Khassenov"], "date": None},
        ],
        PEOPLE,
    ),
]


@pytest.fixture(scope="session")
def events_store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("kb") / "events.db"
    with Store(f"sqlite:///{path}") as store:
        store.write_batch(EVENTS_DOCS)
        yield store
