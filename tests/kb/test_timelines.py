"""Timelines: by month or week and language, every period between the first and last, and what
has no date in a group of its own (never sorted last, never dropped)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.document import Document
from caspian.kb.timelines import UNKNOWN, TimelineError, TimelineQuery, period_of, timeline
from caspian.store import Store


@pytest.mark.parametrize(
    ("day", "step", "expected"),
    [
        ("2024-06-21", "month", ("2024-06", "2024-06-01")),
        ("2024-06-21", "week", ("2024-W25", "2024-06-17")),
        ("2025-01-01", "week", ("2025-W01", "2024-12-30")),  # ISO weeks cross the new year
    ],
)
def test_periods(day, step, expected):
    from datetime import date

    key, first = period_of(date.fromisoformat(day), step)
    assert (key, first.isoformat()) == expected


def _doc(i: int, published: str | None, lang: str, topics: list[str]) -> Document:
    doc = Document(raw="", id=f"t{i}", path=f"t{i}.txt", title=f"t{i}", text="Kazakhstan KazMunayGas", lang=lang)
    doc.published = published
    doc.topics = topics
    doc.entities = [
        {
            "id": "caspian:kazmunaygas",
            "canonical": "KazMunayGas",
            "type": "ORG",
            "aliases": {"ru": ["КазМунайГаз"]},
            "mentions": [{"start": 11, "end": 22, "text": "KazMunayGas"}],
        }
    ]
    doc.events = [{"type": "MEETING", "participants": ["KazMunayGas", "SOCAR"], "date": None, "start": 0, "end": 22}]
    return doc


@pytest.fixture
def store(tmp_path):
    docs = [
        _doc(1, "2024-01-15", "ru", ["production"]),
        _doc(2, "2024-01-20", "kk", ["production"]),
        _doc(3, "2024-04-02", "en", ["exports"]),
        _doc(4, None, "tr", ["production"]),
    ]
    with Store(f"sqlite:///{tmp_path / 't.db'}") as s:
        s.write_batch(docs)
        yield s


def test_entity_timeline_by_month_with_the_undated_apart(store):
    found = timeline(store, TimelineQuery(entity="kazmunaygas"))
    assert found["subject"] == "KazMunayGas" and found["kind"] == "entity"
    assert [b["period"] for b in found["buckets"]] == ["2024-01", "2024-02", "2024-03", "2024-04"]  # empty months kept
    january = found["buckets"][0]
    assert (january["mentions"], january["events"], january["articles"], january["langs"]) == (
        2,
        2,
        2,
        {"kk": 1, "ru": 1},
    )
    assert found["buckets"][1]["mentions"] == 0
    unknown = found["unknown"]
    assert unknown["period"] == UNKNOWN and (unknown["mentions"], unknown["events"], unknown["langs"]) == (
        1,
        1,
        {"tr": 1},
    )


def test_topic_timeline_by_week(store):
    found = timeline(store, TimelineQuery(topic="production", step="week"))
    assert [b["period"] for b in found["buckets"]] == ["2024-W03"]  # both January reports in one week
    assert found["buckets"][0]["langs"] == {"kk": 1, "ru": 1} and found["unknown"]["mentions"] == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (TimelineQuery(), "exactly one"),
        (TimelineQuery(entity="KMG", topic="production"), "exactly one"),
        (TimelineQuery(entity="Nobody Known"), "no entity is named"),
        (TimelineQuery(story="nope"), "no story"),
        (TimelineQuery(topic="production", step="year"), "step must be"),
    ],
)
def test_bad_questions_are_clear_errors(store, query, message):
    with pytest.raises(TimelineError, match=message):
        timeline(store, query)


def test_cli_timeline(store):
    run = CliRunner().invoke(app, ["timeline", "--entity", "KazMunayGas", "--db", str(store.url), "--format", "json"])
    assert run.exit_code == 0, run.output
    assert '"date unknown"' in run.output
    run = CliRunner().invoke(app, ["timeline", "--db", str(store.url)])
    assert run.exit_code == 2 and "exactly one" in run.output


def test_sample_entity_with_only_undated_mentions_shows_them(sample_store):
    found = timeline(sample_store, TimelineQuery(entity="Хасенов"))
    assert found["buckets"] == [] and found["unknown"]["mentions"] > 0
