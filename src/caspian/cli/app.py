"""The whole `caspian` command line as one Typer app (`app`), for tests and for embedding; the
console script (`caspian.cli.main`) builds only the part a command line needs."""

from __future__ import annotations

from caspian.cli.main import MODULES, build, main

app = build(MODULES)

__all__ = ["app", "main"]
