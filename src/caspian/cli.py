"""The `caspian` command line (Typer + Rich)."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from caspian.settings import Settings, default_db

app = typer.Typer(
    help="Caspian: offline-first, multilingual intelligence on energy-sector news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Accuracy against gold data and public datasets.", no_args_is_help=True)
bench_app = typer.Typer(help="Throughput and memory.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(bench_app, name="bench")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


from caspian.commands._common import (  # noqa: E402  (shared with sub-commands)
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    DbOption,
    JsonOption,
    QuietOption,
    print_result,
)


def _db(value: str | None) -> str:
    return value or default_db()


def _open_store(url: str) -> Any:
    from caspian.store import Store, StoreError

    try:
        return Store(url)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_ERROR) from exc


def _settings(
    workers: int,
    batch_size: int,
    max_bytes: int | None,
    languages: str | None,
    stages: str | None = None,
    ner: str | None = None,
) -> Settings:
    import caspian.stages  # noqa: F401  (registers the built-in stages)
    from caspian.pipeline import STAGES

    settings = Settings(workers=workers, batch_size=batch_size)
    if ner:
        settings = settings.with_(stage_options={"entities": {"backend": _ner_backend(ner)}})
    if max_bytes:
        settings = settings.with_(max_bytes=max_bytes)
    if languages:
        settings = settings.with_(languages=tuple(c.strip() for c in languages.split(",") if c.strip()))
    if stages:
        names = tuple(n.strip() for n in stages.split(",") if n.strip())
        unknown = [n for n in names if n not in STAGES]
        if unknown:
            err.print(f"[red]error:[/red] unknown stage {', '.join(unknown)}; known: {', '.join(STAGES.names())}")
            raise typer.Exit(EXIT_USAGE)
        settings = settings.with_(stages=names)
    return settings


def _ner_backend(name: str) -> str:
    from caspian.nlp.ner import BACKEND_MODULES, RECOGNIZERS

    known = sorted(set(BACKEND_MODULES) | set(RECOGNIZERS.names()))
    if name not in known:
        err.print(f"[red]error:[/red] unknown NER backend {name!r}; known: {', '.join(known)}")
        raise typer.Exit(EXIT_USAGE)
    return name


NerOption = Annotated[
    str | None,
    typer.Option(
        help=(
            "Entity recogniser: accurate (default: natasha/e5 + gazetteer), gazetteer (rules only, "
            "fastest), fast (spaCy CNN + gazetteer), e5, natasha."
        )
    ),
]


def progress_bar(quiet: bool, label: str) -> tuple[Progress | None, Callable[[int, int], None]]:
    """(a rich Progress or None when quiet or not on a terminal, an update(done, total) callback)."""
    progress = _progress(quiet, label)
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if progress is None:
            return
        if task is None:
            task = progress.add_task(label, total=total)
        progress.update(task, completed=done, total=total)

    return progress, update


IndexOption = Annotated[
    bool,
    typer.Option(
        "--index/--no-index",
        help="Keep the search index and stories up to date as articles are stored (embeds title + lead).",
    ),
]
StagesOption = Annotated[
    str | None, typer.Option(help="Comma-separated stage names, in order (default: all built-in stages).")
]


def _progress(quiet: bool, label: str) -> Progress | None:
    if quiet or (not err.is_terminal and not sys.stderr.isatty()):
        return None
    return Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
    )


def _run_ingest(
    paths: list[str],
    db: str,
    settings: Settings,
    engine: str,
    quiet: bool,
    as_json: bool,
    engine_options: dict[str, Any] | None = None,
    index: bool = True,
) -> int:
    from caspian.commands.search import ingest_hook
    from caspian.executors.dask import DaskUnavailable
    from caspian.ingest import EXIT_SOME_FAILED, ingest

    store = _open_store(db)
    progress, update = progress_bar(quiet or as_json, "ingesting")

    try:
        if progress:
            progress.start()
        with ingest_hook(store, index) as on_stored:
            report = ingest(
                paths,
                store,
                settings,
                engine=engine,
                progress=update,
                on_stored=on_stored,
                engine_options=engine_options,
            )
    except DaskUnavailable as exc:
        err.print(f"[red]error:[/red] {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: finished batches are stored; run the same command to resume")
        return 130
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


@app.command()
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
    index: IndexOption = True,
    quiet: QuietOption = False,
    as_json: JsonOption = False,
) -> None:
    """Read, process and store articles. Idempotent; an interrupted run resumes.

    Exit code 0: all stored; 3: some items failed (named on stderr), the rest stored; 1: error.
    """
    from caspian.executors import engine_names

    settings = _settings(workers, batch_size, max_bytes, languages, stages, ner)
    if engine not in engine_names():
        err.print(f"[red]error:[/red] unknown engine {engine!r}; available: {', '.join(engine_names())}")
        raise typer.Exit(EXIT_USAGE)
    if scheduler and engine != "dask":
        err.print("[red]error:[/red] --scheduler is for --engine dask")
        raise typer.Exit(EXIT_USAGE)
    options = {"scheduler": scheduler} if scheduler else {}
    raise typer.Exit(_run_ingest(paths, _db(db), settings, engine, quiet, as_json, options, index))


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Article files (or - for standard input).")],
    fmt: Annotated[str, typer.Option("--format", help="json or jsonl.")] = "json",
    out_dir: Annotated[Path | None, typer.Option("--out", help="Write DIR/NAME.json per input file.")] = None,
    languages: Annotated[str | None, typer.Option(help="Comma-separated ISO 639-1 codes to detect.")] = None,
    stages: StagesOption = None,
    ner: NerOption = None,
) -> None:
    """Process articles and print their records (no database)."""
    from caspian.document import Failure
    from caspian.pipeline import Pipeline
    from caspian.readers import expand, read_source

    if fmt not in ("json", "jsonl"):
        err.print(f"[red]error:[/red] --format must be json or jsonl, not {fmt!r}")
        raise typer.Exit(EXIT_USAGE)
    settings = _settings(1, 64, None, languages, stages, ner)
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
    raise typer.Exit(3 if failed else EXIT_OK)


@app.command()
def demo(
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 2,
    index: IndexOption = True,
    quiet: QuietOption = False,
) -> None:
    """Ingest the bundled sample corpus into a local SQLite file, index it for search and print a summary."""
    from caspian.evaluation.bench import sample_dir

    url = _db(db)
    paths = [str(p) for p in sorted(sample_dir().glob("*.txt"))]
    code = _run_ingest(paths, url, Settings(workers=workers), "local", quiet, False, None, index)
    if not quiet:
        _print_stats(url, as_json=False)
    raise typer.Exit(code)


def _print_stats(url: str, as_json: bool) -> None:
    with _open_store(url) as store:
        stats = store.stats()
    if as_json:
        out.print_json(json.dumps(stats, ensure_ascii=False, default=str))
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


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of what the knowledge base holds."""
    _print_stats(_db(db), as_json)


@app.command()
def failures(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Inputs that could not be stored, with the reason."""
    with _open_store(_db(db)) as store:
        rows = store.failures()
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False, default=str))
        return
    table = Table("origin", "stage", "reason", "seen")
    for r in rows:
        table.add_row(r["origin"], r["stage"], r["reason"], str(r["count"]))
    out.print(table)


@eval_app.command("gold")
def eval_gold(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold NAME.json files.")],
    articles: Annotated[
        Path | None, typer.Option(help="Folder of NAME.txt (default: the gold folder's parent).")
    ] = None,
    ner: NerOption = None,
    as_json: JsonOption = False,
) -> None:
    """Score the pipeline against gold files: metadata, noise, entities, facts, events."""
    from caspian.evaluation.gold import evaluate
    from caspian.pipeline import Pipeline

    pipeline = Pipeline.from_settings(_settings(1, 64, None, None, None, ner)) if ner else None
    try:
        report = evaluate(gold_dir, articles, pipeline=pipeline)
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    data = report.as_dict()
    if as_json:
        out.print_json(json.dumps(data, ensure_ascii=False, default=str))
        return
    table = Table(title=f"gold: {gold_dir} ({data['articles']} articles)")
    for col in ("measure", "value"):
        table.add_column(col)
    table.add_row("metadata accuracy", f"{data['metadata_accuracy']:.3f}")
    for f, v in data["metadata_by_field"].items():
        table.add_row(f"  {f}", f"{v:.3f}")
    table.add_row("noise lines recovered", f"{data['noise_recall']:.3f}")
    shown = {"metadata_accuracy", "noise_recall"}
    for kind in ("entities", "facts", "events", "topics"):
        d = data[kind]
        table.add_row(f"{kind} P / R / F1", _prf(d))
        # Breakdowns the scorer gives (`facts_by_lang`, `entities_by_type`, ...), one row each.
        for key in sorted(k for k in data if k.startswith(f"{kind}_by_")):
            for name, sub in data[key].items():
                table.add_row(f"  {key.removeprefix(kind + '_')}: {name}", _prf(sub))
    for key, value in data.items():
        if isinstance(value, int | float) and key.endswith(("_accuracy", "_recall")) and key not in shown:
            table.add_row(key.replace("_", " "), f"{value:.3f}")
    out.print(table)
    for e in data["metadata_errors"]:
        out.print(f"  {e['article']}: {e['field']} gold={e['gold']!r} predicted={e['predicted']!r}", markup=False)
    for name, missed in data["noise_missed"].items():
        out.print(f"  {name}: noise kept in text: {missed}", markup=False)
    for name, why in data["errors"].items():
        err.print(f"  {name}: {why}", markup=False)


def _prf(d: dict[str, Any]) -> str:
    return f"{d['precision']:.3f} / {d['recall']:.3f} / {d['f1']:.3f}  (gold {d['gold']})"


@bench_app.command("ingest")
def bench_ingest_cmd(
    n: Annotated[int, typer.Option("--n", help="Articles to generate from the sample corpus.")] = 2000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 2,
    batch_size: Annotated[int, typer.Option(help="Articles per batch.")] = 64,
    stages: StagesOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest N synthetic articles (the sample corpus perturbed and repeated); report speed and memory."""
    from caspian.evaluation.bench import bench_ingest

    chosen = _settings(workers, batch_size, None, None, stages).stages if stages else None
    result = bench_ingest(n=n, workers=workers, batch_size=batch_size, stages=chosen)
    print_result("caspian bench ingest", result, as_json)


def _register_commands() -> None:
    from caspian.commands import register_all

    register_all(app, eval_app, bench_app)


_register_commands()


def main() -> None:
    # OpenMP threads that sleep when idle: busy-waiting ones stall a query embedding under load (docs/search.md)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
