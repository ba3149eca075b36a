"""The console script. It builds the Typer app with only the command modules the command line
names (`caspian stats` imports the ingest module, not the web app, the search index or the
benchmarks), so a command starts in a fraction of the time the whole CLI takes to import. With no
command, `--help` or a name it does not know, it builds all of them, and Typer answers as usual.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys

import typer

# Command modules of caspian.cli, in the order `caspian --help` lists their commands.
MODULES = ("ingest", "search", "entities", "facts", "events", "watch", "web", "evaluate", "ner")
# Top-level command -> the module that defines it.
COMMANDS = {
    "ingest": "ingest",
    "extract": "ingest",
    "demo": "ingest",
    "stats": "ingest",
    "failures": "ingest",
    "copy": "ingest",
    "search": "search",
    "index": "search",
    "stories": "search",
    "entities": "entities",
    "facts": "facts",
    "figures": "facts",
    "events": "events",
    "graph": "events",
    "timeline": "events",
    "watch": "watch",
    "poll": "watch",
    "digest": "watch",
    "serve": "web",
    "export": "web",
    "train": "ner",
}
# `caspian eval NAME` and `caspian bench NAME` -> the module that defines it.
GROUPS = {
    "eval": {
        "gold": "evaluate",
        "quantities": "facts",
        "retrieval": "search",
        "stories": "search",
        "topical": "search",
        "ner": "ner",
        "factru": "ner",
    },
    "bench": {
        "ingest": "ingest",
        "entities": "entities",
        "facts": "facts",
        "search": "search",
        "web": "web",
        "watch": "watch",
        "ner": "ner",
    },
}


def build(modules: tuple[str, ...] = MODULES) -> typer.Typer:
    """The root app with the commands of `modules` (names in MODULES) registered."""
    app = typer.Typer(
        help="Caspian: offline-first, multilingual intelligence on energy-sector news.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    eval_app = typer.Typer(help="Accuracy against gold data and public datasets.", no_args_is_help=True)
    bench_app = typer.Typer(help="Throughput and memory.", no_args_is_help=True)
    for group in (app, eval_app, bench_app):
        # A callback keeps each a group even when it holds one command (Typer would collapse it).
        group.callback()(_group)
    app.add_typer(eval_app, name="eval")
    app.add_typer(bench_app, name="bench")
    for name in modules:
        importlib.import_module(f"caspian.cli.{name}").register(app, eval_app, bench_app)
    return app


def _group() -> None:
    pass


def modules_for(args: list[str]) -> tuple[str, ...]:
    """The command modules a command line needs: one when it names a known command, else all."""
    words = [a for a in args if not a.startswith("-")]
    if not words or any(a in ("--help", "-h") for a in args[: args.index(words[0])]):
        return MODULES
    first = words[0]
    if first in GROUPS:
        module = GROUPS[first].get(words[1]) if len(words) > 1 else None
    else:
        module = COMMANDS.get(first)
    return (module,) if module else MODULES


def main() -> None:
    # OpenMP threads that sleep when idle: busy-waiting ones stall a query embedding under load (docs/search.md)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    build(modules_for(sys.argv[1:]))()
