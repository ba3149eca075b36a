"""The `caspian` command line. `main` is the console script; `caspian.cli.app.app` is the whole
Typer app (importing it imports every command module).

Modules: `main` (the console script: builds the app from the command modules a command line
needs), `app` (all of them), `console` (output, errors, progress), `options` (shared option
types), `exits` (exit codes), `context` (database and settings from options, checked before any
model loads), and one module per command group: `ingest` (ingest, extract, demo, stats, failures,
bench ingest), `search` (search, index, stories, eval retrieval/stories, bench search), `entities`
(entities, bench entities), `facts` (facts, eval quantities, bench facts), `events` (events,
graph), `web` (serve, export, bench web), `evaluate` (eval gold), `ner` (train, eval ner/factru,
bench ner).
"""

from caspian.cli.main import main

__all__ = ["main"]
