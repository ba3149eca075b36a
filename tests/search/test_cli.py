from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.store import Store
from tests.search.conftest import make_docs

HIT_FIELDS = ["id", "title", "lang", "published", "source", "path", "score", "snippet"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the test articles, indexed by `caspian index` with the cheap stand-in embedder."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'caspian.db'}"
    with Store(url) as store:
        store.write_batch(list(make_docs().values()))
    run = CliRunner().invoke(app, ["index", "--db", url, "--embedder", "hashing", "--json"])
    assert run.exit_code == 0, run.output
    report = json.loads(run.output)
    assert report["articles"] == report["indexed"] == report["vectors"] == report["assigned"] == len(make_docs())
    return url


def invoke(*args: str) -> tuple[int, str]:
    run = CliRunner(env={"COLUMNS": "250"}).invoke(app, list(args))
    return run.exit_code, run.output


def test_search_json_hits_carry_the_product_fields(db: str) -> None:
    code, output = invoke("search", "KMG", "--db", db, "--format", "json", "--mode", "keyword")
    assert code == 0, output
    hits = json.loads(output)
    assert {h["path"] for h in hits} == {"ru_kmg.txt", "kk_kashagan.txt", "tr_gas.txt"}
    assert all(list(h) == HIT_FIELDS for h in hits)
    assert any("<mark>КазМунайГаз</mark>" in h["snippet"] for h in hits)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--lang", "kk"], {"kk_kashagan.txt"}),
        (["--since", "2024-01-01", "--until", "2024-12-31"], {"ru_kmg.txt", "kk_kashagan.txt"}),
        (["--entity", "Turkey"], {"ru_kmg.txt", "tr_gas.txt"}),
        (["--commodity", "oil"], {"ru_kmg.txt", "kk_kashagan.txt"}),
    ],
)
def test_search_filters(db: str, args: list[str], expected: set[str]) -> None:
    code, output = invoke("search", "KMG", "--db", db, "--format", "json", "--mode", "keyword", *args)
    assert code == 0, output
    assert {h["path"] for h in json.loads(output)} == expected
    code, output = invoke("search", "KMG", "--db", db, "--format", "json", *args)
    assert code == 0, output
    assert expected <= {h["path"] for h in json.loads(output)}


def test_search_table(db: str) -> None:
    code, output = invoke("search", "Kashagan production", "--db", db, "--limit", "2")
    assert code == 0, output
    assert "Kashagan oil production reaches a record" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mode", "fuzzy"], "--mode"),
        (["--format", "xml"], "--format"),
        (["--since", "yesterday"], "YYYY"),
        (["--commodity", "gold"], "unknown commodity"),
        (["--limit", "0"], "--limit"),
    ],
)
def test_usage_errors_exit_2(db: str, args: list[str], message: str) -> None:
    code, output = invoke("search", "gas", "--db", db, *args)
    assert code == 2
    assert message in output


def test_search_before_index_says_what_to_do(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    with Store(url) as store:
        store.write_batch(list(make_docs().values()))
    code, output = invoke("search", "gas", "--db", url, "--mode", "keyword")
    assert code == 1
    assert "caspian index" in output


def test_stories_json(db: str) -> None:
    code, output = invoke("stories", "--db", db, "--format", "json", "--limit", "50")
    assert code == 0, output
    stories = json.loads(output)
    assert sum(len(s["articles"]) for s in stories) == len(make_docs())
    assert all(s["articles"] and s["langs"] for s in stories)
