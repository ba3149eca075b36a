"""Option types shared by the command modules. Typer reads them from a command's signature, so
they are imported at module level where they are used."""

from typing import Annotated

import typer

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: $CASPIAN_DB or sqlite:///caspian.db).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON, for scripts.")]
NerOption = Annotated[
    str | None,
    typer.Option(
        help=(
            "Entity recogniser: accurate (default: natasha/e5 + gazetteer), gazetteer (rules only, "
            "fastest), fast (spaCy CNN + gazetteer), e5, natasha."
        )
    ),
]
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
StageOption = Annotated[
    list[str] | None,
    typer.Option(
        "--option",
        "-o",
        help="A stage option, STAGE.NAME=VALUE (repeatable), e.g. topics.min_score=3 or entities.backend=fast.",
    ),
]
