from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

# The CLI's consoles take their width when they are made (at import): a wide one keeps table cells on one
# line whatever terminal (or none, under xdist) runs the tests.
os.environ.setdefault("COLUMNS", "200")

from caspian.document import Document
from caspian.pipeline import Pipeline
from caspian.readers import read_source
from caspian.readers.sources import Source
from caspian.settings import Settings
from caspian.store import Store, schema

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SAMPLE = ROOT / "src" / "caspian" / "data" / "sample"


def need_seeds() -> Path:
    if not (SEEDS / "gold").is_dir():
        pytest.skip(f"the seeds are not beside the repository ({SEEDS})")
    return SEEDS


# The unit tests' pipeline: every stage, the gazetteer recogniser (no torch, no transformer). The
# default recogniser (`accurate`: natasha + e5) is tested by the tests marked slow, through
# `default_pipeline` and tests/ner.
GAZETTEER = Settings(stage_options={"entities": {"backend": "gazetteer"}})


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.from_settings(GAZETTEER)


@pytest.fixture(scope="session")
def default_pipeline() -> Pipeline:
    """The pipeline a user gets (the transformer-backed recogniser): use only in tests marked slow."""
    return Pipeline.from_settings(Settings())


@cache
def _sample_read_with_the_gazetteer() -> tuple[tuple[str, Document], ...]:
    pipeline = Pipeline.from_settings(GAZETTEER)
    out = []
    for txt in sorted(SAMPLE.glob("*.txt")):
        doc = pipeline.run_one(read_one(txt))
        assert isinstance(doc, Document), doc
        out.append((txt.stem, doc))
    return tuple(out)


def sample_documents() -> tuple[list[Document], dict[str, str]]:
    """The bundled sample corpus through every stage with the gazetteer recogniser, read once per
    test process (the knowledge bases of tests/kb and tests/web start from it): fresh copies of the
    documents, and {sample name: article id}."""
    read = _sample_read_with_the_gazetteer()
    return [copy.deepcopy(doc) for _, doc in read], {name: doc.id for name, doc in read}


def set_clusters(store: Store, ids: dict[str, str], clusters: dict[str, tuple[str | None, tuple[str, ...]]]) -> None:
    """Story clusters set by hand: {cluster id: (label, sample names)}."""
    with store.engine.begin() as conn:
        for cid, (label, names) in clusters.items():
            conn.execute(schema.clusters.insert().values(id=cid, label=label, created_at=datetime.now(UTC), data={}))
            conn.execute(
                schema.articles.update().where(schema.articles.c.id.in_([ids[n] for n in names])).values(cluster_id=cid)
            )


def read_one(path: Path) -> Document:
    items = list(read_source(Source(str(path), path.stat().st_size, path.stat().st_mtime_ns)))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def process_text(pipeline: Pipeline, text: str, **meta) -> Document:
    doc = pipeline.run_one(Document(raw=text, meta=dict(meta)))
    assert isinstance(doc, Document), doc
    return doc


def seed_cases() -> list[tuple[Path, dict]]:
    need_seeds()
    return [
        (SEEDS / (g.stem + ".txt"), json.loads(g.read_text(encoding="utf-8")))
        for g in sorted((SEEDS / "gold").glob("*.json"))
    ]


SLOW_MODULE = "pytestmark = pytest.mark.slow"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under `-m "not slow"`, a test module marked slow as a whole is not collected at all: importing
    it would load what makes it slow (torch, spaCy), even with every test in it deselected."""
    markexpr = (config.getoption("markexpr") or "").replace(" ", "")
    if markexpr == "notslow" and collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        return SLOW_MODULE in collection_path.read_text(encoding="utf-8") or None
    return None


@pytest.fixture(scope="session", autouse=True)
def fast_suite_loads_no_transformer(request: pytest.FixtureRequest):
    """`pytest -m "not slow"` is the fast unit suite: it fails (an error at the end of the session, in
    every xdist worker) if anything in it loaded torch, transformers or spaCy; a test that needs them
    is marked slow."""
    yield
    import sys

    markexpr = (request.config.getoption("markexpr") or "").replace(" ", "")
    heavy = sorted(m for m in ("torch", "transformers", "spacy") if m in sys.modules)
    assert not (markexpr == "notslow" and heavy), f"the fast suite loaded {', '.join(heavy)}; mark the test slow"


PG_SHARE = "CASPIAN_TEST_PG_SHARE"


def pytest_configure(config: pytest.Config) -> None:
    """The run's controller (or the only process, without xdist) names a folder where the run's one
    PostgreSQL server is recorded; xdist workers inherit it through the environment."""
    if not hasattr(config, "workerinput") and PG_SHARE not in os.environ:
        import tempfile

        os.environ[PG_SHARE] = tempfile.mkdtemp(prefix="caspian-pgshare-")
        config._caspian_pg_share = Path(os.environ[PG_SHARE])  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    share = getattr(config, "_caspian_pg_share", None)
    if share is not None:
        from tests.pg import stop_shared

        stop_shared(share)
        os.environ.pop(PG_SHARE, None)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The run's PostgreSQL server (tests/pg.py), started by the first test process that needs it and
    shared by all; skipped without one, except in CI."""
    from tests.pg import shared_server

    with shared_server(Path(os.environ[PG_SHARE])) as url:
        yield url


# PostgreSQL runs a server (a subprocess): its cases are slow, as the marker says.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new empty knowledge base on each backend: SQLite in a file, PostgreSQL in a database of its own."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kb.db'}"
    from tests.pg import fresh_database

    server = request.getfixturevalue("postgres_url")
    return fresh_database(server, "t_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16])
