"""Option types shared by the core CLI and the sub-command modules (not a command module itself)."""

from typing import Annotated

import typer

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: $CASPIAN_DB or sqlite:///caspian.db).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON, for scripts.")]
