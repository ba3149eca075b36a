"""The faces read one model: `caspian graph --format json` and `/api/graph` give the same graph,
and the `events` / `graph` commands print what kb.events holds (on a gazetteer-built sample
knowledge base and on hand-made events)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from caspian.cli.app import app as cli
from caspian.kb import events as kb_events
from caspian.web import WebSettings, create_app

LOCAL = ("127.0.0.1", 50124)


def cli_json(*args: str) -> dict:
    run = CliRunner().invoke(cli, list(args))
    assert run.exit_code == 0, run.output
    return json.loads(run.output)


@pytest.fixture(scope="module")
def api(sample_kb):
    return TestClient(create_app(sample_kb[0], WebSettings(token=None)), client=LOCAL)


@pytest.mark.parametrize(
    "period",
    [{}, {"since": "2024"}, {"until": "2024-06"}, {"since": "2024-11-01", "until": "2024-12-31"}, {"until": "1990"}],
)
def test_cli_graph_and_api_graph_are_the_same(sample_kb, api, period):
    options = [x for k, v in period.items() for x in (f"--{k}", v)]
    from_cli = cli_json("graph", "--format", "json", "--db", sample_kb[0], *options)
    from_api = api.get("/api/graph", params=period).json()
    assert from_cli["edges"] == from_api["edges"]
    assert from_cli == from_api
    if not period:
        assert from_api["edges"] and all(
            set(e["types"]) <= {"MEETING", "AGREEMENT", "FORUM"} for e in from_api["edges"]
        )


def test_the_graph_page_draws_the_same_graph(sample_kb, api):
    html = api.get("/graph").text
    block = html.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    drawn = json.loads(block)
    assert drawn == api.get("/api/graph").json()


def test_events_and_graph_commands(events_store):
    db = ["--db", events_store.url]
    agreements = cli_json("events", "--type", "AGREEMENT", "--format", "json", *db)
    assert [e["participants"] for e in agreements] == [["KazMunayGas", "SOCAR"]]
    run = CliRunner().invoke(cli, ["events", "--format", "csv", *db])
    assert run.exit_code == 0 and run.output.splitlines()[0].startswith("day,type,participants")
    assert len(run.output.splitlines()) == 1 + len(kb_events.event_records(events_store, kb_events.EventFilter()))
    graph = cli_json("graph", "--entity", "Askhat Khassenov", "--format", "json", *db)
    assert len(graph["edges"]) == 2
    assert graph == kb_events.cooperation_graph(events_store, kb_events.GraphFilter(entity="Askhat Khassenov"))
    run = CliRunner().invoke(cli, ["graph", *db])
    assert run.exit_code == 0 and "5 nodes, 3 edges" in run.output and "MEETING 2" in run.output


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--format", "xml"],
        ["events", "--since", "last week"],
        ["events", "--type", "PARTY"],
        ["graph", "--until", "soon"],
    ],
)
def test_bad_options_are_usage_errors(events_store, args):
    run = CliRunner().invoke(cli, [*args, "--db", events_store.url])
    assert run.exit_code == 2


@pytest.mark.parametrize(
    ("query", "entity_id"),
    [
        ("Саткалиев", "caspian:almassadam-satkaliyev"),
        ("КМГ", "caspian:kazmunaygas"),
        ("Хасенов", "caspian:askhat-khassenov"),
        ("Hasenov", "caspian:askhat-khassenov"),
    ],
)
def test_entities_by_any_name_in_the_cli_the_api_and_the_page(sample_kb, api, query, entity_id):
    listed = cli_json("entities", "--q", query, "--db", sample_kb[0], "--format", "json")
    assert entity_id in [e["id"] for e in listed]
    shown = cli_json("entities", "--db", sample_kb[0], "show", query, "--format", "json")
    assert shown["id"] == entity_id
    assert entity_id in [e["id"] for e in api.get("/api/entities", params={"q": query}).json()["items"]]
    page = api.get("/entities", params={"q": query})
    assert page.status_code == 200 and f'href="/entities/{entity_id}"' in page.text


def test_entities_show_by_canonical_name(sample_kb):
    assert cli_json("entities", "--db", sample_kb[0], "show", "KazMunayGas", "--format", "json")["id"] == (
        "caspian:kazmunaygas"
    )
