from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.store import Store
from tests.search.conftest import built, make_docs

HIT_FIELDS = ["id", "title", "lang", "published", "source", "path", "score", "snippet"]


def index_with_the_cli(url: str) -> str:
    with Store(url) as store:
        store.write_batch(list(make_docs().values()))
    run = CliRunner().invoke(app, ["index", "--db", url, "--embedder", "hashing", "--json"])
    assert run.exit_code == 0, run.output
    report = json.loads(run.output)
    assert report["articles"] == report["indexed"] == report["vectors"] == report["assigned"] == len(make_docs())
    return url


@pytest.fixture(scope="module")
def db(request: pytest.FixtureRequest, backend: str) -> str:
    """A store with the test articles, indexed by `caspian index` with the cheap stand-in embedder; on each backend."""
    return built(request, backend, "cli", index_with_the_cli)


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


def _hits(*args: str) -> list[dict]:
    code, output = invoke("search", *args, "--format", "json", "--mode", "keyword")
    assert code == 0, output
    return json.loads(output)


def test_repeated_lang_options_are_all_honoured(db: str) -> None:
    both = _hits("нефть oil petrol мұнай", "--db", db, "--lang", "ru", "--lang", "en", "--limit", "30")
    assert {h["lang"] for h in both} == {"ru", "en"}
    commas = _hits("нефть oil petrol мұнай", "--db", db, "--lang", "ru,en", "--limit", "30")
    assert [h["id"] for h in commas] == [h["id"] for h in both]


def test_sort_by_date_and_pages(db: str) -> None:
    ranked = _hits("нефть oil petrol мұнай gaz газ", "--db", db, "--limit", "30")
    assert len(ranked) >= 4
    newest = _hits("нефть oil petrol мұнай gaz газ", "--db", db, "--limit", "30", "--sort", "date")
    assert sorted(h["id"] for h in newest) == sorted(h["id"] for h in ranked)
    dates = [h["published"][:10] for h in newest if h["published"]]
    assert dates == sorted(dates, reverse=True) and dates != [h["published"][:10] for h in ranked if h["published"]]
    first = _hits("нефть oil petrol мұнай gaz газ", "--db", db, "--limit", "2")
    second = _hits("нефть oil petrol мұнай gaz газ", "--db", db, "--limit", "2", "--offset", "2")
    assert [h["id"] for h in first + second] == [h["id"] for h in ranked[:4]]


@pytest.mark.parametrize(("args", "message"), [(["--sort", "newest"], "--sort"), (["--offset", "-1"], "--offset")])
def test_sort_and_offset_usage_errors(db: str, args: list[str], message: str) -> None:
    code, output = invoke("search", "gas", "--db", db, *args)
    assert code == 2 and message in output
