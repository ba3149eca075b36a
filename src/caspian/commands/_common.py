"""What the core CLI and the sub-command modules share (not a command module itself): option
types, exit codes, the error message that ends a command, the key-value table of a result."""

from typing import Annotated, Any

import typer

# Exit codes (README documents them).
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: $CASPIAN_DB or sqlite:///caspian.db).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON, for scripts.")]


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    """Print `error: message` on stderr; raise the returned Exit to end the command with `code`."""
    from caspian.cli import err

    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code)


def print_result(title: str, result: dict[str, Any], as_json: bool) -> None:
    """A flat result (a benchmark's) as JSON, or as a two-column table of its keys and values."""
    import json

    from rich.table import Table

    from caspian.cli import out

    if as_json:
        out.print_json(json.dumps(result))
        return
    table = Table(title=title, show_header=False)
    for k, v in result.items():
        table.add_row(k.replace("_", " "), str(v))
    out.print(table)
