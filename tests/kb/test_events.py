"""kb.events: events with their sources, and THE cooperation graph (hand-made events whose answer is known)."""

from __future__ import annotations

import json

import pytest

from caspian.document import Document
from caspian.kb import QueryError
from caspian.kb import events as kb_events
from caspian.store import Store

A1, A2, A3 = (f"a{i:015d}" for i in (1, 2, 3))


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (kb_events.EventFilter(), [A3, A3, A2, A2, A2, A1, A1]),
        (kb_events.EventFilter(type="meeting"), [A3, A2, A1]),
        (kb_events.EventFilter(type="AGREEMENT, forum"), [A3, A2]),
        (kb_events.EventFilter(entity="Rovshan Najaf"), [A2, A2]),
        (kb_events.EventFilter(entity="rovshan najaf", type="MEETING"), [A2]),
        (kb_events.EventFilter(since="2024-09-01", until="2024-09-30"), [A2, A2, A2]),
        (kb_events.EventFilter(since="2024-10"), [A3, A3]),
        (kb_events.EventFilter(until="2024-03"), [A1, A1]),
        (kb_events.EventFilter(article=A1), [A1, A1]),
        (kb_events.EventFilter(entity="Nobody"), []),
    ],
)
def test_event_filters(events_store, flt, expected):
    """The CLI's records and the API's pages hold the same events under one filter."""
    records = kb_events.event_records(events_store, flt)
    assert [e["article_id"] for e in records] == expected
    total, items = kb_events.list_events(events_store, flt, 50, 0)
    assert total == len(expected) and sorted(e["article_id"] for e in items) == sorted(expected)
    assert [e["when"] for e in items if e["when"]] == sorted((e["when"] for e in items if e["when"]), reverse=True)


def test_event_records_carry_their_source(events_store):
    najaf = kb_events.event_records(events_store, kb_events.EventFilter(type="MEETING", entity="Rovshan Najaf"))
    assert len(najaf) == 1
    assert najaf[0]["day"] == "2024-09-09" and najaf[0]["path"] == "/corpus/2.txt" and najaf[0]["summary"] == "s."
    days = [
        e["day"]
        for e in kb_events.event_records(events_store, kb_events.EventFilter(since="2024-09", until="2024-09-30"))
    ]
    assert days == ["2024-09-09", "2024-09-10", "2024-09-10"]
    assert len(kb_events.event_records(events_store, kb_events.EventFilter(), limit=2)) == 2
    assert len(kb_events.event_records(events_store, kb_events.EventFilter(entity="Askhat Khassenov"), limit=2)) == 2


def test_a_bad_date_is_a_query_error(events_store):
    with pytest.raises(QueryError, match="since"):
        kb_events.list_events(events_store, kb_events.EventFilter(since="2024/01/01"), 10, 0)
    with pytest.raises(QueryError, match="until"):
        kb_events.cooperation_graph(events_store, kb_events.GraphFilter(until="June"))


def test_events_of_articles_oldest_first(events_store):
    found = kb_events.events_in_articles(events_store, [A1, A3])
    assert [e["article_id"] for e in found] == [A1, A1, A3, A3]


def test_graph_counts_meetings_agreements_and_forums_only(events_store):
    graph = kb_events.cooperation_graph(events_store)
    edges = {(e["source"], e["target"]): e for e in graph["edges"]}
    # OTHER (an incident) and STATEMENT join nobody; a FORUM with one participant has no edge
    assert list(edges) == [
        ("Alparslan Bayraktar", "Askhat Khassenov"),
        ("Askhat Khassenov", "Rovshan Najaf"),
        ("KazMunayGas", "SOCAR"),
    ]
    pair = edges[("Alparslan Bayraktar", "Askhat Khassenov")]
    assert pair["weight"] == 2 and pair["types"] == {"MEETING": 2}
    assert (pair["first"], pair["last"]) == ("2024-03-01", "2024-10-01")
    assert pair["articles"] == [A3, A1] and len(pair["events"]) == 2
    assert edges[("Askhat Khassenov", "Rovshan Najaf")]["first"] == "2024-09-09"  # the event's own date
    assert edges[("KazMunayGas", "SOCAR")]["types"] == {"AGREEMENT": 1}
    nodes = [(n["id"], n["events"], n["type"]) for n in graph["nodes"]]
    assert nodes == [
        ("Askhat Khassenov", 3, "PERSON"),
        ("Alparslan Bayraktar", 2, "PERSON"),
        ("KazMunayGas", 1, "ORG"),
        ("Rovshan Najaf", 1, "PERSON"),
        ("SOCAR", 1, "ORG"),
    ]
    assert all(n["label"] == n["id"] and n["entity"] for n in graph["nodes"])
    assert graph["events"] == 4


def test_graph_shape_is_typed(events_store):
    graph = kb_events.cooperation_graph(events_store)
    assert set(graph) == set(kb_events.Graph.__annotations__)
    assert all(set(n) == set(kb_events.GraphNode.__annotations__) for n in graph["nodes"])
    assert all(set(e) == set(kb_events.GraphEdge.__annotations__) for e in graph["edges"])


@pytest.mark.parametrize(
    ("flt", "edges", "weight"),
    [
        (kb_events.GraphFilter(entity="KazMunayGas"), [("KazMunayGas", "SOCAR")], 1),
        (
            kb_events.GraphFilter(entity="askhat khassenov"),
            [("Alparslan Bayraktar", "Askhat Khassenov"), ("Askhat Khassenov", "Rovshan Najaf")],
            3,
        ),
        (kb_events.GraphFilter(since="2024-06-01"), None, 3),
        (
            kb_events.GraphFilter(since="2024-09", until="2024-09"),
            [("Askhat Khassenov", "Rovshan Najaf"), ("KazMunayGas", "SOCAR")],
            2,
        ),
        (kb_events.GraphFilter(until="1990"), [], 0),
    ],
)
def test_graph_of_one_entity_or_a_period(events_store, flt, edges, weight):
    graph = kb_events.cooperation_graph(events_store, flt)
    if edges is not None:
        assert [(e["source"], e["target"]) for e in graph["edges"]] == edges
    assert sum(e["weight"] for e in graph["edges"]) == weight
    assert {n["id"] for n in graph["nodes"]} == {x for e in graph["edges"] for x in (e["source"], e["target"])}


def test_participant_entities(events_store):
    refs = kb_events.participant_entities(events_store, {"KazMunayGas", "Askhat Khassenov", "Nobody"})
    assert refs == {
        "KazMunayGas": {"id": "caspian:kazmunaygas", "type": "ORG"},
        "Askhat Khassenov": {"id": "caspian:askhat-khassenov", "type": "PERSON"},
    }
    assert kb_events.participant_entity_ids(events_store, {"KazMunayGas"}) == {"KazMunayGas": "caspian:kazmunaygas"}
    assert kb_events.participant_entities(events_store, set()) == {}


def test_an_entity_is_found_by_any_name_it_was_written_with(tmp_path):
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
    with Store(f"sqlite:///{tmp_path / 'kb.db'}") as store:
        store.write_batch([doc])
        for name in ("КМГ", "kazmunaygas", "KazMunayGas", "caspian:kazmunaygas"):
            assert "kazmunaygas" in kb_events.participant_names(store, name), name
        assert kb_events.participant_names(store, "Gazprom") == {"gazprom"}
        graph = kb_events.cooperation_graph(store, kb_events.GraphFilter(entity="КМГ"))
        assert [(e["source"], e["target"]) for e in graph["edges"]] == [("KazMunayGas", "SOCAR")]
        assert [e["article_id"] for e in kb_events.event_records(store, kb_events.EventFilter(entity="КМГ"))] == [
            doc.id
        ]


def test_flatten_reads_aliases_by_language():
    assert kb_events.flatten({"ru": ["КМГ", "КазМунайГаз"], "en": "KMG", "kk": None}) == ["КМГ", "КазМунайГаз", "KMG"]


def _report(i: int, published: str, kind: str, who: list[str], day: str | None, lang: str = "en"):
    from tests.kb.conftest import article

    doc = article(i, published, [{"type": kind, "participants": who, "date": day}], [(p, "PERSON") for p in who])
    doc.lang = lang
    return doc


def test_one_meeting_told_by_three_articles_is_one_edge(tmp_path):
    """The SCO ministers' meeting in English, Turkish and Russian (one of them undated, one naming a
    third minister) is one event; the same two ministers meeting a year later is another."""
    from caspian.store import Store

    pair = ["Almasadam Satkaliyev", "Alparslan Bayraktar"]
    docs = [
        _report(11, "2024-06-21", "MEETING", pair, "2024-06-21", "en"),
        _report(12, "2024-06-22", "MEETING", [*pair, "Parviz Shahbazov"], "2024-06-21", "tr"),
        _report(13, "2024-06-23", "MEETING", pair, None, "ru"),  # no date in its text: its article's
        _report(14, "2025-06-20", "MEETING", pair, "2025-06-20", "en"),  # a year later: another meeting
        _report(15, "2024-07-15", "MEETING", pair, None, "kk"),  # undated, three weeks later: another
        _report(16, "2024-06-21", "AGREEMENT", pair, "2024-06-21", "en"),  # same day, another kind
    ]
    with Store(f"sqlite:///{tmp_path / 'e.db'}") as store:
        store.write_batch(docs)
        graph = kb_events.cooperation_graph(store)
    edge = next(e for e in graph["edges"] if {e["source"], e["target"]} == set(pair))
    assert edge["weight"] == 4 and edge["types"] == {"MEETING": 3, "AGREEMENT": 1}
    assert len(edge["events"]) == 6 and len(edge["articles"]) == 6  # every report is kept as a source
    assert (edge["first"], edge["last"]) == ("2024-06-21", "2025-06-20")
    third = [e for e in graph["edges"] if "Parviz Shahbazov" in (e["source"], e["target"])]
    assert [e["weight"] for e in third] == [1, 1]
    assert graph["events"] == 4


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ((["A", "B"], "2024-01-10", True), (["A", "B"], "2024-01-10", True), True),
        ((["A", "B"], "2024-01-10", True), (["A", "B"], "2024-01-11", True), False),  # two stated days
        ((["A", "B"], "2024-01-10", True), (["A", "B"], "2024-01-12", False), True),  # article date nearby
        ((["A", "B"], "2024-01-10", True), (["A", "B"], "2024-01-20", False), False),
        ((["A", "B", "C"], "2024-01-10", True), (["A", "D", "E"], "2024-01-10", True), False),  # one shared
        ((["A", "B", "C", "D"], "2024-01-10", True), (["A", "B", "E", "F", "G"], "2024-01-10", True), True),
        ((["A"], "2024-01-10", True), (["A"], "2024-01-10", True), True),  # a statement-like single party
    ],
)
def test_when_two_reports_are_one_event(first, second, same):
    reports = [(1, "a1", "MEETING", *first), (2, "a2", "MEETING", *second)]
    assert (len(kb_events.merge_reports(reports)) == 1) is same


def test_merged_event_records_list_one_event_with_its_sources_in_every_language(tmp_path):
    from typer.testing import CliRunner

    from caspian.cli.app import app
    from caspian.store import Store

    pair = ["Almasadam Satkaliyev", "Alparslan Bayraktar"]
    docs = [
        _report(21, "2024-06-21", "MEETING", pair, "2024-06-21", "en"),
        _report(22, "2024-06-22", "MEETING", pair, "2024-06-21", "tr"),
        _report(23, "2025-06-20", "MEETING", pair, "2025-06-20", "ru"),
    ]
    url = f"sqlite:///{tmp_path / 'm.db'}"
    with Store(url) as store:
        store.write_batch(docs)
        merged = kb_events.merged_event_records(store, kb_events.EventFilter(type="MEETING"))
        reports = kb_events.event_records(store, kb_events.EventFilter(type="MEETING"))
    assert len(reports) == 3 and [e["day"] for e in merged] == ["2025-06-20", "2024-06-21"]
    assert merged[1]["languages"] == ["en", "tr"] and len(merged[1]["sources"]) == 2
    assert {s["article_id"] for s in merged[1]["sources"]} == {docs[0].id, docs[1].id}
    run = CliRunner().invoke(app, ["events", "--merged", "--db", url, "--format", "json"])
    assert run.exit_code == 0, run.output
    assert [len(e["sources"]) for e in json.loads(run.output)] == [1, 2]


def test_merging_by_day_gives_what_comparing_every_pair_gives():
    """The day-indexed merge is the plain rule (join the first earlier event that agrees) made
    linear: on random reports both give the same events."""
    import random

    def plain(reports):
        merged = []
        for event_id, article_id, kind, participants, day, dated in reports:
            people = set(participants)
            group = next((g for g in merged if kb_events._same_happening(g, kind, people, day, dated)), None)
            if group is None:
                merged.append(kb_events.MergedEvent(kind, people, day, dated, [event_id], [article_id]))
                continue
            group.participants |= people
            group.reports.append(event_id)
            if article_id not in group.articles:
                group.articles.append(article_id)
            if dated and not group.dated:
                group.day, group.dated = day, True
        return merged

    rng = random.Random(5)
    people = ["A", "B", "C", "D", "E"]
    for _ in range(200):
        reports = []
        for i in range(rng.randint(1, 25)):
            day = rng.choice([None, *(f"2024-03-{d:02d}" for d in range(1, 15))])
            reports.append(
                (
                    i,
                    f"a{rng.randint(1, 6)}",
                    rng.choice(["MEETING", "FORUM"]),
                    rng.sample(people, rng.randint(1, 4)),
                    day,
                    day is not None and rng.random() < 0.6,
                )
            )
        reports.sort(key=lambda r: (r[4] is None, r[4] or ""))
        fast = [(g.type, g.participants, g.day, g.reports) for g in kb_events.merge_reports(reports)]
        slow = [(g.type, g.participants, g.day, g.reports) for g in plain(reports)]
        assert fast == slow, reports


def test_the_sco_ministers_meeting_told_in_english_and_turkish_is_one_event(tmp_path):
    """A seed (English, Trend) and a sample article (Turkish, AA) report the SCO energy ministers'
    meeting of 21 June 2024: one forum and one meeting, each with both articles as sources, and
    each counted once in the graph."""
    from caspian.ingest import ingest
    from caspian.store import Store
    from tests.conftest import GAZETTEER, SAMPLE, need_seeds

    files = [str(need_seeds() / "003_745bf46580cf1511.txt"), str(SAMPLE / "tr20_sco_energy_ministers.txt")]
    with Store(f"sqlite:///{tmp_path / 'sco.db'}") as store:
        ingest(files, store, GAZETTEER)
        merged = kb_events.merged_event_records(store, kb_events.EventFilter(type="MEETING,FORUM"))
        graph = kb_events.cooperation_graph(store)
    told_twice = {e["type"] for e in merged if e["languages"] == ["en", "tr"]}
    assert told_twice == {"MEETING", "FORUM"}, merged
    edge = next(
        e for e in graph["edges"] if {e["source"], e["target"]} == {"Almassadam Satkaliyev", "Sergey Mochalnikov"}
    )
    assert edge["types"] == {"FORUM": 1, "MEETING": 1} and len(edge["articles"]) == 2


def test_a_merged_event_takes_the_place_most_reports_give_and_keeps_the_others():
    told = [
        {"place": "Astana", "date": None},
        {"place": "Nur-Sultan", "date": "2024-06-21"},
        {"place": "Astana", "date": "2024-06-21"},
        {"place": None, "date": None},
    ]
    assert kb_events._reconciled_place(told) == "Astana"
    assert kb_events._reconciled_place(told[:2]) == "Nur-Sultan"  # a tie: the report that states the date
    assert kb_events._reconciled_place([{"place": None}]) is None
