"""`caspian ingest`, `extract`, `demo`, `stats` and `failures`: from files to the knowledge base."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from caspian.bench.ingest import BenchError
from caspian.bench.ingest import bench_ingest as run_bench_ingest
from caspian.cli.console import err, fail, out, print_json, print_result, progress_bar
from caspian.cli.context import build_settings, db_url, open_store
from caspian.cli.exits import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from caspian.cli.options import (
    DbOption,
    IndexOption,
    JsonOption,
    NerOption,
    QuietOption,
    StageOption,
    StagesOption,
)
from caspian.document import Failure
from caspian.executors import engine_names
from caspian.executors.dask import DaskUnavailable
from caspian.ingest import ingest as ingest_paths
from caspian.kb import articles as kb_articles
from caspian.pipeline import Pipeline
from caspian.readers import expand, read_source
from caspian.readers.sample import sample_articles
from caspian.search import index_on_store
from caspian.settings import Settings
from caspian.store.copy import CopyError, copy_store
from caspian.watch.deliver import DeliverySettings, deliver_pending
from caspian.watch.match import WatchHook


def delivery_settings() -> DeliverySettings:
    """Where deliveries go: $CASPIAN_SMTP (smtp://host:port?from=...) and $CASPIAN_BASE_URL for links."""
    return DeliverySettings(
        smtp_url=os.environ.get("CASPIAN_SMTP") or None,
        base_url=os.environ.get("CASPIAN_BASE_URL") or "http://127.0.0.1:8000",
    )


def run_ingest(
    paths: list[str],
    db: str,
    settings: Settings,
    engine: str,
    quiet: bool,
    as_json: bool,
    engine_options: dict[str, Any] | None = None,
    index: bool = True,
) -> int:
    """Ingest `paths` into `db` with a progress bar and a summary; returns the exit code."""
    store = open_store(db)
    progress, update = progress_bar(quiet or as_json, "ingesting")

    def warn(message: str) -> None:
        err.print(f"[yellow]warning:[/yellow] {escape(message)}", highlight=False)

    def note(message: str) -> None:
        err.print(escape(message), highlight=False)

    try:
        if progress:
            progress.start()
        with index_on_store(store, index, warn=warn, note=note) as on_stored:
            watch = WatchHook(store, index=on_stored)
            report = ingest_paths(
                paths,
                store,
                settings,
                engine=engine,
                progress=update,
                on_stored=watch,
                engine_options=engine_options,
            )
        if watch.new:
            sent = deliver_pending(store, delivery_settings())
            found = sum(map(len, watch.new.values()))
            note(f"watchlists: {found} new matches; deliveries {sent['sent']} sent, {sent['failed']} failed")
    except DaskUnavailable as exc:
        err.print(f"[red]error:[/red] {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: finished batches are stored; run the same command to resume")
        return EXIT_INTERRUPTED
    finally:
        if progress:
            progress.stop()
        store.close()
    if as_json:
        out.print_json(json.dumps(report.as_dict(), ensure_ascii=False))
    elif not quiet:
        out.print(
            f"[bold]{report.stored}[/bold] stored, {report.duplicates} already there, "
            f"{len(report.failures)} failed, {report.skipped_sources} sources skipped as done "
            f"({report.sources} sources, {report.seconds:.1f} s) -> {db}"
        )
    for failure in report.failures:
        err.print(f"[red]failed[/red] {escape(failure.origin)}: {escape(failure.reason)}", highlight=False)
    return EXIT_SOME_FAILED if report.failures else EXIT_OK


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for standard input.")],
    db: DbOption = None,
    engine: Annotated[str, typer.Option(help="Executor: local (processes on this machine) or dask.")] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler (tcp://host:8786); default: a local cluster on 127.0.0.1.")
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (local engine, or a local Dask cluster).")] = 2,
    batch_size: Annotated[int, typer.Option(help="Articles per batch (one transaction each).")] = 64,
    max_bytes: Annotated[int | None, typer.Option(help="Largest single-article file, in bytes.")] = None,
    languages: Annotated[str | None, typer.Option(help="Comma-separated ISO 639-1 codes to detect.")] = None,
    stages: StagesOption = None,
    ner: NerOption = None,
    option: StageOption = None,
    index: IndexOption = True,
    quiet: QuietOption = False,
    as_json: JsonOption = False,
) -> None:
    """Read, process and store articles. Idempotent; an interrupted run resumes.

    Exit code 0: all stored; 3: some items failed (named on stderr), the rest stored; 1: error; 2: usage error.
    """
    settings = build_settings(workers, batch_size, max_bytes, languages, stages, ner, option)
    if engine not in engine_names():
        raise fail(f"unknown engine {engine!r}; available: {', '.join(engine_names())}", EXIT_USAGE)
    if scheduler and engine != "dask":
        raise fail("--scheduler is for --engine dask", EXIT_USAGE)
    options = {"scheduler": scheduler} if scheduler else {}
    raise typer.Exit(run_ingest(paths, db_url(db), settings, engine, quiet, as_json, options, index))


def extract(
    files: Annotated[list[str], typer.Argument(help="Article files (or - for standard input).")],
    fmt: Annotated[str, typer.Option("--format", help="json or jsonl.")] = "json",
    out_dir: Annotated[Path | None, typer.Option("--out", help="Write DIR/NAME.json per input file.")] = None,
    languages: Annotated[str | None, typer.Option(help="Comma-separated ISO 639-1 codes to detect.")] = None,
    stages: StagesOption = None,
    ner: NerOption = None,
    option: StageOption = None,
) -> None:
    """Process articles and print their records (no database)."""
    if fmt not in ("json", "jsonl"):
        raise fail(f"--format must be json or jsonl, not {fmt!r}", EXIT_USAGE)
    settings = build_settings(1, 64, None, languages, stages, ner, option)
    pipeline = Pipeline.from_settings(settings)
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    records: list[dict] = []
    for source in expand(files):
        per_source: list[dict] = []
        for item in read_source(source, settings.max_bytes):
            result = pipeline.run_one(item) if not isinstance(item, Failure) else item
            if isinstance(result, Failure):
                failed += 1
                err.print(f"failed {result.origin}: {result.reason}", highlight=False, markup=False)
                continue
            per_source.append(result.record())
        if out_dir and per_source:
            name = Path(source.path).stem if source.path != "-" else "stdin"
            payload = per_source[0] if len(per_source) == 1 else per_source
            (out_dir / f"{name}.json").write_text(
                json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        records.extend(per_source)
    if not out_dir:
        if fmt == "jsonl":
            for rec in records:
                sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            payload = records[0] if len(records) == 1 else records
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        err.print(f"{len(records)} records written to {out_dir}")
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def demo(
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 2,
    index: IndexOption = True,
    quiet: QuietOption = False,
) -> None:
    """Ingest the bundled sample corpus into a local SQLite file, index it for search and print a summary."""
    url = db_url(db)
    paths = [str(p) for p in sample_articles()]
    code = run_ingest(paths, url, Settings(workers=workers), "local", quiet, False, None, index)
    if not quiet:
        print_stats(url, as_json=False)
    raise typer.Exit(code)


def print_stats(url: str, as_json: bool) -> None:
    with open_store(url) as store:
        stats = kb_articles.stats(store)
    if as_json:
        print_json(stats)
        return
    table = Table(title=f"Caspian knowledge base: {url}", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("articles", str(stats["articles"]))
    table.add_row("languages", ", ".join(f"{k} {v}" for k, v in stats["languages"].items()) or "-")
    table.add_row("top sources", ", ".join(f"{k} {v}" for k, v in stats["sources"].items()) or "-")
    table.add_row("published", f"{stats['published']['first'] or '-'} .. {stats['published']['last'] or '-'}")
    counts = ("removed_lines", "entities", "mentions", "facts", "events", "story_clusters", "failures")
    for key in (*counts, "completed_sources"):
        table.add_row(key.replace("_", " "), str(stats[key]))
    out.print(table)


def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of what the knowledge base holds."""
    print_stats(db_url(db), as_json)


def failures(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Inputs that could not be stored, with the reason."""
    with open_store(db) as store:
        rows = kb_articles.failures(store)
    if as_json:
        print_json(rows)
        return
    table = Table("origin", "stage", "reason", "seen")
    for r in rows:
        table.add_row(r["origin"], r["stage"], r["reason"], str(r["count"]))
    out.print(table)


def bench_ingest(
    n: Annotated[int, typer.Option("--n", help="Articles to generate from the sample corpus.")] = 2000,
    workers: Annotated[int, typer.Option(help="Worker processes (local engine, or a local Dask cluster).")] = 2,
    batch_size: Annotated[int, typer.Option(help="Articles per batch.")] = 64,
    stages: StagesOption = None,
    engine: Annotated[str, typer.Option(help="Executor: local or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler (tcp://host:8786).")] = None,
    db: Annotated[
        str | None, typer.Option(help="A database without articles (default: a new SQLite file, removed after).")
    ] = None,
    ner: NerOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest N synthetic articles (the sample corpus perturbed and repeated); report speed and memory."""
    settings = build_settings(workers, batch_size, None, None, stages, ner)
    if engine not in engine_names():
        raise fail(f"unknown engine {engine!r}; available: {', '.join(engine_names())}", EXIT_USAGE)
    if scheduler and engine != "dask":
        raise fail("--scheduler is for --engine dask", EXIT_USAGE)
    try:
        result = run_bench_ingest(
            n=n,
            workers=workers,
            batch_size=batch_size,
            stages=settings.stages if stages else None,
            engine=engine,
            engine_options={"scheduler": scheduler} if scheduler else None,
            db=db_url(db) if db else None,
            stage_options=settings.stage_options or None,
        )
    except (BenchError, DaskUnavailable) as exc:
        raise fail(str(exc), EXIT_ERROR) from exc
    print_result("caspian bench ingest", result, as_json)


def copy(
    source: Annotated[
        str, typer.Option("--from", help="Database URL to copy from (sqlite:///kb.db, postgresql+psycopg://...).")
    ],
    destination: Annotated[
        str, typer.Option("--to", help="Database URL to copy into (created or brought up to date).")
    ],
    batch: Annotated[int, typer.Option(min=1, help="Rows per transaction.")] = 1000,
    quiet: QuietOption = False,
    as_json: JsonOption = False,
) -> None:
    """Copy a knowledge base to another database (SQLite <-> PostgreSQL), streamed and resumable;
    row counts compared at the end. Build the search index on the destination with `caspian index`."""
    with open_store(source) as src, open_store(destination) as dst:
        if (src.count() == 0) and not quiet:
            err.print(f"[yellow]warning:[/yellow] {escape(source)} holds no articles", highlight=False)
        tick = (
            None if quiet or as_json else (lambda table, n: err.print(f"{table}: {n} rows", end="\r", highlight=False))
        )
        try:
            report = copy_store(src, dst, batch, progress=tick)
        except CopyError as exc:
            raise fail(str(exc), EXIT_USAGE) from exc
    if as_json:
        out.print_json(json.dumps(report.as_dict()))
    else:
        table = Table(title=f"{escape(source)} -> {escape(destination)}")
        for col in ("table", "source rows", "destination rows"):
            table.add_column(col)
        for name, (a, b) in report.tables.items():
            table.add_row(name, str(a), str(b) if a == b else f"[red]{b}[/red]")
        out.print(table)
        out.print("counts equal" if report.equal else "[red]counts differ[/red] (rows the destination held before?)")
    raise typer.Exit(EXIT_OK if report.equal else EXIT_ERROR)


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:
    bench_app.command("ingest")(bench_ingest)
    app.command()(copy)
    app.command()(ingest)
    app.command()(extract)
    app.command()(demo)
    app.command()(stats)
    app.command()(failures)
