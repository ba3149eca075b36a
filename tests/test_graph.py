"""Events and the cooperation graph read back from a knowledge base, and their commands."""

import json

import pytest
from typer.testing import CliRunner

from caspian.cli import app
from caspian.document import Document
from caspian.graph import cooperation_graph, events
from caspian.store import Store


def article(i: int, published: str | None, evs: list[dict], ents: list[tuple[str, str]]) -> Document:
    text = f"Article number {i} about energy cooperation in the Caspian region and beyond."
    return Document(
        raw=text,
        text=text,
        id=f"a{i:015d}",
        path=f"/corpus/{i}.txt",
        published=published,
        lang="en",
        entities=[{"canonical": c, "type": t, "mentions": [{"start": 0, "end": 7, "text": c}]} for c, t in ents],
        events=[{"start": 0, "end": 20, "summary": "s.", **e} for e in evs],
    )


@pytest.fixture
def store(tmp_path):
    kmg = ("KazMunayGas", "ORG")
    people = [("Askhat Khassenov", "PERSON"), ("Alparslan Bayraktar", "PERSON"), ("Rovshan Najaf", "PERSON")]
    docs = [
        article(
            1,
            "2024-03-01",
            [
                {"type": "MEETING", "participants": ["Askhat Khassenov", "Alparslan Bayraktar"], "date": None},
                {"type": "STATEMENT", "participants": ["Askhat Khassenov"], "date": None},
            ],
            [kmg, *people],
        ),
        article(
            2,
            "2024-09-10",
            [
                {"type": "MEETING", "participants": ["Askhat Khassenov", "Rovshan Najaf"], "date": "2024-09-09"},
                {"type": "AGREEMENT", "participants": ["KazMunayGas", "SOCAR"], "date": None},
            ],
            [kmg, *people, ("SOCAR", "ORG")],
        ),
        article(
            3,
            "2024-10-01",
            [
                {"type": "MEETING", "participants": ["Askhat Khassenov", "Alparslan Bayraktar"], "date": None},
            ],
            people,
        ),
    ]
    with Store(f"sqlite:///{tmp_path / 'kb.db'}") as s:
        s.write_batch(docs)
        yield s


def test_events_filter_by_type_entity_and_period(store):
    assert [e["article_id"][-1] for e in events(store)] == ["3", "2", "2", "1", "1"]
    assert {e["type"] for e in events(store, type_="meeting")} == {"MEETING"}
    najaf = events(store, entity="Rovshan Najaf")
    assert len(najaf) == 1 and najaf[0]["day"] == "2024-09-09" and najaf[0]["path"] == "/corpus/2.txt"
    assert [e["day"] for e in events(store, since="2024-09-01", until="2024-09-30")] == ["2024-09-09", "2024-09-10"]


def test_graph_counts_edges_with_dates_and_sources_and_skips_statements(store):
    graph = cooperation_graph(store)
    edges = {(e["source"], e["target"]): e for e in graph["edges"]}
    pair = edges[("Alparslan Bayraktar", "Askhat Khassenov")]
    assert pair["count"] == 2 and pair["first"] == "2024-03-01" and pair["last"] == "2024-10-01"
    assert pair["articles"] == ["a000000000000003", "a000000000000001"]
    assert set(edges) == {
        ("Alparslan Bayraktar", "Askhat Khassenov"),
        ("Askhat Khassenov", "Rovshan Najaf"),
        ("KazMunayGas", "SOCAR"),
    }
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes["Askhat Khassenov"]["weight"] == 3 and nodes["KazMunayGas"]["type"] == "ORG"


def test_graph_of_one_entity_and_a_period(store):
    graph = cooperation_graph(store, entity="KazMunayGas")
    assert [(e["source"], e["target"]) for e in graph["edges"]] == [("KazMunayGas", "SOCAR")]
    since = cooperation_graph(store, since="2024-06-01")
    assert sum(e["count"] for e in since["edges"]) == 3


def test_events_and_graph_commands(store, tmp_path):
    runner = CliRunner()
    db = ["--db", f"sqlite:///{tmp_path / 'kb.db'}"]
    run = runner.invoke(app, ["events", "--type", "AGREEMENT", "--format", "json", *db])
    assert run.exit_code == 0, run.output
    assert [e["participants"] for e in json.loads(run.output)] == [["KazMunayGas", "SOCAR"]]
    run = runner.invoke(app, ["events", "--format", "csv", *db])
    assert run.exit_code == 0 and run.output.splitlines()[0].startswith("day,type,participants")
    assert len(run.output.splitlines()) == 6
    run = runner.invoke(app, ["graph", "--entity", "Askhat Khassenov", "--format", "json", *db])
    assert run.exit_code == 0, run.output
    assert len(json.loads(run.output)["edges"]) == 2


@pytest.mark.parametrize(
    "args",
    [["events", "--format", "xml"], ["events", "--since", "last week"], ["events", "--type", "PARTY"]],
)
def test_bad_options_are_usage_errors(store, tmp_path, args):
    run = CliRunner().invoke(app, [*args, "--db", f"sqlite:///{tmp_path / 'kb.db'}"])
    assert run.exit_code == 2


def test_an_entity_is_found_by_any_name_it_was_written_with(tmp_path):
    from caspian.graph import entity_names

    text = "КМГ и SOCAR подписали соглашение."
    doc = Document(
        raw=text,
        text=text,
        id="b" * 16,
        lang="ru",
        entities=[
            {
                "id": "caspian:kazmunaygas",
                "canonical": "KazMunayGas",
                "type": "ORG",
                "mentions": [{"start": 0, "end": 3, "text": "КМГ"}],
            }
        ],
        events=[
            {"type": "AGREEMENT", "participants": ["KazMunayGas", "SOCAR"], "start": 0, "end": 33, "summary": "s."}
        ],
    )
    with Store(f"sqlite:///{tmp_path / 'kb.db'}") as s:
        s.write_batch([doc])
        for name in ("КМГ", "kazmunaygas", "KazMunayGas", "caspian:kazmunaygas"):
            assert "kazmunaygas" in entity_names(s, name), name
        assert entity_names(s, "Gazprom") == {"gazprom"}
        graph = cooperation_graph(s, entity="КМГ")
        assert [(e["source"], e["target"]) for e in graph["edges"]] == [("KazMunayGas", "SOCAR")]
