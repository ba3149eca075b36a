"""`caspian serve`, `caspian export`, `caspian bench web`."""

import json
from pathlib import Path
from typing import Annotated

import typer

from caspian.bench.web import run_bench
from caspian.cli.console import err, fail, out
from caspian.cli.context import open_store
from caspian.cli.exits import EXIT_USAGE
from caspian.cli.options import DbOption, JsonOption
from caspian.export import FORMATS, export_to
from caspian.kb import articles as kb_articles
from caspian.search import Indexer, SearchError
from caspian.web import WebSettings, create_app
from caspian.web import services as web_services

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:

    @app.command()
    def serve(
        host: Annotated[
            str, typer.Option(help="Address to bind; another than loopback makes the server reachable.")
        ] = ("127.0.0.1"),
        port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
        db: DbOption = None,
        index: Annotated[bool, typer.Option(help="Bring the keyword search index up to date first.")] = True,
        public_reads: Annotated[
            bool, typer.Option(help="Let other hosts read without the token (only with a non-loopback --host).")
        ] = False,
    ) -> None:
        """Web interface and HTTP API (OpenAPI at /docs); uploads need $CASPIAN_TOKEN."""
        import uvicorn

        store = open_store(db)
        if index:
            _update_index(store)
        _warm_up(store)
        settings = WebSettings(public_reads=public_reads)
        if host not in LOOPBACK:
            reads = "open to all" if public_reads else "open to other hosts only with the token"
            err.print(f"[yellow]serving on {host}[/yellow]: reads are {reads}", highlight=False)
        if not settings.token:
            err.print("uploads (POST /api/ingest) are off: set CASPIAN_TOKEN to enable them", highlight=False)
        err.print(f"Caspian on http://{host}:{port}/ (API reference at /docs) -> {store.url}", highlight=False)
        uvicorn.run(create_app(store, settings), host=host, port=port, log_level="warning")

    @app.command("export")
    def export_cmd(
        out_path: Annotated[Path, typer.Argument(metavar="OUT", help="File to write.")],
        fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Everything with provenance: article records (jsonl) or one row per article, mention, fact, event."""

        if fmt not in FORMATS:
            raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", EXIT_USAGE)
        if not out_path.parent.resolve().is_dir():
            raise fail(f"OUT {out_path}: folder {out_path.parent} does not exist", EXIT_USAGE)
        with open_store(db) as store:
            try:
                written = export_to(store, fmt, out_path)
            except OSError as exc:
                raise fail(f"cannot write {out_path}: {exc.strerror or exc}") from exc
            articles = kb_articles.count(store)
        summary = {"out": str(out_path), "format": fmt, "articles": articles, "bytes": written}
        if as_json:
            out.print_json(json.dumps(summary))
        else:
            err.print(f"{articles} articles exported as {fmt} to {out_path} ({written} bytes)", highlight=False)

    @bench_app.command("web")
    def bench_web(
        db: Annotated[
            str | None, typer.Option("--db", help="Database to serve (default: the sample corpus in a temporary file).")
        ] = None,
        requests: Annotated[
            int, typer.Option(help="Requests to send in all (half search, half article).", min=1)
        ] = 200,
        concurrency: Annotated[int, typer.Option(help="Requests in flight at once.", min=1)] = 200,
        warm: Annotated[
            bool, typer.Option(help="Request every distinct page once before measuring (pages are cached).")
        ] = True,
        kinds: Annotated[
            str, typer.Option(help="Comma-separated request kinds, taking turns: search, article, health.")
        ] = "search,article",
        as_json: JsonOption = False,
    ) -> None:
        """A bounded load test on loopback: search and article requests; errors and p50/p95 latency."""

        names = tuple(k.strip() for k in kinds.split(",") if k.strip())
        try:
            result = run_bench(
                db, requests=min(requests, 10_000), concurrency=min(concurrency, 1000), warm=warm, kinds=names
            )
        except ValueError as exc:
            raise fail(f"--kinds: {exc}", EXIT_USAGE) from exc
        except RuntimeError as exc:
            raise fail(str(exc)) from exc
        if as_json:
            out.print_json(json.dumps(result))
            return
        _print_bench(result)


def _update_index(store: object) -> None:

    try:
        changed = Indexer(store, embedder=None).update()  # type: ignore[arg-type]
    except SearchError as exc:
        err.print(f"[yellow]search index not updated[/yellow]: {exc}", highlight=False)
        return
    if changed:
        err.print(f"search index: {changed} articles added or updated", highlight=False)


def _warm_up(store: object) -> None:
    """One search before the first visitor: the search module loads its aliases and caches on first use."""

    try:
        web_services.search(store, "oil", limit=1)  # type: ignore[arg-type]
    except Exception as exc:  # a search problem must not stop the server; the page will show it
        err.print(f"[yellow]search warm-up failed[/yellow]: {exc}", highlight=False)


def _print_bench(result: dict) -> None:
    from rich.table import Table

    state = "warm" if result["warm"] else "cold"
    table = Table(title=f"caspian bench web ({result['requests']} requests, {result['concurrency']} at once, {state})")
    for col in ("endpoint", "requests", "errors", "p50 ms", "p95 ms", "max ms"):
        table.add_column(col)
    for name, r in result["endpoints"].items():
        table.add_row(
            name, str(r["requests"]), str(r["errors"]), f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}", f"{r['max_ms']:.1f}"
        )
    out.print(table)
    out.print(f"{result['seconds']} s, {result['requests_per_second']} requests/s; database: {result['db']}")
    for e in result["error_samples"]:
        out.print(f"  error: {e}", markup=False)
