from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from caspian.store import Store
from caspian.web import WebSettings, create_app
from tests.conftest import GAZETTEER
from tests.web.demo import build_demo

TOKEN = "test-token-7f3a"
LOCAL = ("127.0.0.1", 50123)
REMOTE = ("203.0.113.9", 50123)  # TEST-NET-3: never routed, only a client address in the ASGI scope


def _demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, backend: str) -> tuple[str, dict]:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'demo.db'}"
    else:
        from tests.pg import fresh_database

        url = fresh_database(request.getfixturevalue("postgres_url"), "web_demo")
    return url, build_demo(url)


# The API, the pages and the exports answer the same on both stores (issue 16): each test runs on
# SQLite and, marked slow (a server), on PostgreSQL.
@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    """The demo database (URL) and {sample name: article id}."""
    return _demo(request, tmp_path_factory, request.param)


@pytest.fixture(scope="session")
def sqlite_demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    """The demo on SQLite alone: for the browser tests, which test the pages' scripts, not the store."""
    return _demo(request, tmp_path_factory, "sqlite")


@pytest.fixture(scope="session")
def demo_url(demo: tuple[str, dict[str, str]]) -> str:
    return demo[0]


@pytest.fixture(scope="session")
def ids(demo: tuple[str, dict[str, str]]) -> dict[str, str]:
    return demo[1]


@pytest.fixture(scope="session")
def app(demo_url: str):
    return create_app(demo_url, WebSettings(token=TOKEN, pipeline=GAZETTEER))


@pytest.fixture(scope="session")
def client(app) -> TestClient:
    return TestClient(app, client=LOCAL, raise_server_exceptions=False)


@pytest.fixture()
def empty_client(tmp_path: Path) -> TestClient:
    """An app over a new, empty database."""
    return TestClient(create_app(f"sqlite:///{tmp_path / 'empty.db'}", WebSettings(token=None)), client=LOCAL)


@pytest.fixture()
def writable_client(tmp_path: Path) -> TestClient:
    """An app over a fresh copy of nothing, for uploads (the session demo stays unchanged)."""
    url = f"sqlite:///{tmp_path / 'upload.db'}"
    Store(url).close()
    # Uploads run the pipeline: the gazetteer recogniser keeps the transformer out of the web tests.
    settings = WebSettings(token=TOKEN, max_upload_bytes=64 * 1024, pipeline=GAZETTEER)
    return TestClient(create_app(url, settings), client=LOCAL, raise_server_exceptions=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so a fixture can tell that its test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)
