"""`caspian search`, `caspian index`, `caspian eval retrieval`, `caspian eval stories`, `caspian bench search`."""


import json
from pathlib import Path
from typing import Annotated, Any

import typer

EXIT_ERROR, EXIT_USAGE = 1, 2
DEFAULT_DATA = "../shared/data"


def _fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    from caspian.cli import err

    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code)


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:
    from caspian.cli import DbOption, JsonOption

    @eval_app.command("retrieval")
    def eval_retrieval(
        dataset: Annotated[str, typer.Option(help="Dataset: tatoeba.")] = "tatoeba",
        data: Annotated[Path, typer.Option(help="Folder of public datasets.")] = Path(DEFAULT_DATA),
        langs: Annotated[str, typer.Option(help="Comma-separated ISO 639-3 codes.")] = "kaz,rus,tur,uzb,aze,tat",
        limit: Annotated[int | None, typer.Option(help="First N pairs per language (default: all).")] = None,
        embedder: Annotated[str, typer.Option(help="Embedder backend.")] = "e5-small",
        as_json: JsonOption = False,
    ) -> None:
        """Cross-lingual retrieval accuracy of the embedder (Tatoeba, both directions)."""
        from caspian.cli import out
        from caspian.evaluation.retrieval import evaluate_tatoeba
        from caspian.search.embedders import embedders

        if dataset != "tatoeba":
            raise _fail(f"--dataset must be tatoeba, not {dataset!r}", EXIT_USAGE)
        if embedder not in embedders:
            raise _fail(f"unknown --embedder {embedder!r}; known: {', '.join(embedders.names())}", EXIT_USAGE)
        codes = tuple(c.strip() for c in langs.split(",") if c.strip())
        try:
            result = evaluate_tatoeba(data, langs=codes, limit=limit, embedder=embedder)
        except FileNotFoundError as exc:
            raise _fail(f"--data {data}: {exc}", EXIT_USAGE) from exc
        if as_json:
            out.print_json(json.dumps(result, ensure_ascii=False))
            return
        _print_retrieval(result)

    _register_search(app, DbOption, JsonOption)
    _register_stories(eval_app, JsonOption)
    _register_bench(bench_app, JsonOption)


def _print_retrieval(result: dict[str, Any]) -> None:
    from rich.table import Table

    from caspian.cli import out

    table = Table(title=f"Tatoeba retrieval accuracy, % ({result['embedder']}, {result['data']})")
    for col in ("language", "pairs", "source → English", "English → source"):
        table.add_column(col)
    for lang, r in result["langs"].items():
        table.add_row(lang, str(r["pairs"]), f"{r['src_to_eng']:.1f}", f"{r['eng_to_src']:.1f}")
    out.print(table)
    out.print(f"{result['sentences']} sentences embedded in {result['seconds']} s ({result['sentences_per_second']}/s)")


def _register_search(app: typer.Typer, DbOption: Any, JsonOption: Any) -> None:
    pass


def _register_stories(eval_app: typer.Typer, JsonOption: Any) -> None:
    pass


def _register_bench(bench_app: typer.Typer, JsonOption: Any) -> None:
    pass
