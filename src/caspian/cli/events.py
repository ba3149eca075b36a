"""`caspian events` and `caspian graph`: events with their sources, and who cooperates with whom."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Annotated, Any

import typer

from caspian.cli.console import err, out
from caspian.cli.context import open_store
from caspian.cli.exits import EXIT_USAGE
from caspian.cli.options import DbOption
from caspian.kb import events as kb_events
from caspian.kb import timelines as kb_timelines

FORMATS = ("table", "csv", "json")
EVENT_TYPES = ("MEETING", "AGREEMENT", "FORUM", "STATEMENT", "OTHER")
_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")]
SinceOption = Annotated[str | None, typer.Option(help="From this day on (YYYY, YYYY-MM or YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Up to this day (YYYY, YYYY-MM or YYYY-MM-DD).")]


def _check(fmt: str, since: str | None, until: str | None, type_: str | None = None) -> None:

    problems = []
    if fmt not in FORMATS:
        problems.append(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    for name, value in (("--since", since), ("--until", until)):
        if value and not _DAY.match(value):
            problems.append(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    if type_ and type_.upper() not in EVENT_TYPES:
        problems.append(f"--type must be one of {', '.join(EVENT_TYPES)}, not {type_!r}")
    for p in problems:
        err.print(f"[red]error:[/red] {p}")
    if problems:
        raise typer.Exit(EXIT_USAGE)


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:

    @app.command("timeline")
    def timeline_cmd(
        entity: Annotated[
            str | None, typer.Option(help="An entity: its id or any of its names, in any script.")
        ] = None,
        story: Annotated[str | None, typer.Option(help="A story id (caspian stories).")] = None,
        topic: Annotated[str | None, typer.Option(help="A topic: production, opec_plus, renewables, ...")] = None,
        step: Annotated[str, typer.Option(help="month or week.")] = "month",
        db: DbOption = None,
        fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    ) -> None:
        """Mentions and events of an entity, story or topic by month or week and language, with
        what has no date in a group of its own."""
        if fmt not in ("table", "json"):
            raise typer.Exit(_usage(f"--format must be table or json, not {fmt!r}"))
        query = kb_timelines.TimelineQuery(entity, story, topic, step)
        try:
            query.check()
            with open_store(db) as store:
                found = kb_timelines.timeline(store, query)
        except kb_timelines.TimelineError as exc:
            raise typer.Exit(_usage(str(exc))) from exc
        if fmt == "json":
            typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
            return
        from rich.table import Table

        view = Table(title=f"{found['kind']} {found['subject']}: by {found['step']}")
        for col in ("period", "mentions", "events", "articles", "languages"):
            view.add_column(col)
        for b in [*found["buckets"], found["unknown"]]:
            if b["mentions"] or b["events"] or b is found["unknown"]:
                langs = ", ".join(f"{k} {v}" for k, v in b["langs"].items())
                view.add_row(b["period"], str(b["mentions"]), str(b["events"]), str(b["articles"]), langs)
        out.print(view)

    @app.command("events")
    def events_cmd(
        type_: Annotated[str | None, typer.Option("--type", help=", ".join(EVENT_TYPES) + ".")] = None,
        entity: Annotated[str | None, typer.Option(help="A participant: canonical name, id or alias.")] = None,
        since: SinceOption = None,
        until: UntilOption = None,
        limit: Annotated[int, typer.Option(help="At most this many events.")] = 100,
        merged: Annotated[
            bool, typer.Option("--merged", help="One row per event, its reports in every article and language merged.")
        ] = False,
        fmt: FormatOption = "table",
        db: DbOption = None,
    ) -> None:
        """Events (meetings, agreements, forums, statements) with participants, place, date and source."""
        _check(fmt, since, until, type_)
        flt = kb_events.EventFilter(type=type_, since=since, until=until, entity=entity)
        with open_store(db) as store:
            if merged:
                rows = kb_events.merged_event_records(store, flt, limit)
                for row in rows:
                    row["reports"] = len(row["sources"])
            else:
                rows = kb_events.event_records(store, flt, limit)
        columns = ("day", "type", "participants", "place", "summary", "article_id", "start", "end")
        if merged:
            columns = ("day", "type", "participants", "place", "languages", "reports", "summary")
        if fmt == "json":
            out.print_json(json.dumps(rows, ensure_ascii=False, default=str))
        elif fmt == "csv":
            _csv(rows, columns)
        else:
            _table(f"{len(rows)} events", rows, columns)

    @app.command("graph")
    def graph_cmd(
        entity: Annotated[str | None, typer.Option(help="Only this entity's edges (name, id or alias).")] = None,
        since: SinceOption = None,
        until: UntilOption = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
        db: DbOption = None,
    ) -> None:
        """The cooperation graph: who met, signed or took part in forums with whom, with counts and dates
        (the graph of `/api/graph`: MEETING, AGREEMENT and FORUM events)."""
        _check("json" if fmt == "json" else "table" if fmt == "table" else fmt, since, until)
        with open_store(db) as store:
            graph = kb_events.cooperation_graph(store, kb_events.GraphFilter(since=since, until=until, entity=entity))
        if fmt == "json":
            out.print_json(json.dumps(graph, ensure_ascii=False))
            return
        rows = [
            {**e, "count": e["weight"], "types": ", ".join(f"{k} {v}" for k, v in e["types"].items())}
            for e in graph["edges"]
        ]
        _table(
            f"{len(graph['nodes'])} nodes, {len(graph['edges'])} edges",
            rows,
            ("source", "target", "count", "types", "first", "last"),
        )


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in columns])
    typer.echo(buffer.getvalue(), nl=False)


def _table(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    from rich.table import Table

    table = Table(*columns, title=title)
    for r in rows:
        table.add_row(*(_cell(r.get(c)) for c in columns))
    out.print(table)


def _usage(message: str) -> int:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return EXIT_USAGE
