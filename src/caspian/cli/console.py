"""The consoles every command prints to, and the few ways a command ends or shows a result."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from caspian.cli.exits import EXIT_ERROR

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    """Print `error: message` on stderr; raise the returned Exit to end the command with `code`."""
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code)


def print_json(data: Any) -> None:
    out.print_json(json.dumps(data, ensure_ascii=False, default=str))


def print_result(title: str, result: dict[str, Any], as_json: bool) -> None:
    """A flat result (a benchmark's) as JSON, or as a two-column table of its keys and values."""
    if as_json:
        out.print_json(json.dumps(result))
        return
    table = Table(title=title, show_header=False)
    for k, v in result.items():
        table.add_row(k.replace("_", " "), str(v))
    out.print(table)


def progress_bar(quiet: bool, label: str) -> tuple[Progress | None, Callable[[int, int], None]]:
    """(a rich Progress or None when quiet or not on a terminal, an update(done, total) callback)."""
    progress = None
    if not quiet and (err.is_terminal or sys.stderr.isatty()):
        progress = Progress(
            TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
        )
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if progress is None:
            return
        if task is None:
            task = progress.add_task(label, total=total)
        progress.update(task, completed=done, total=total)

    return progress, update
