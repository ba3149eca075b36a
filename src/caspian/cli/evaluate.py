"""`caspian eval gold`: the pipeline scored against gold files (metadata, noise, entities, facts, events)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from caspian.cli.console import err, fail, out
from caspian.cli.context import build_settings
from caspian.cli.exits import EXIT_USAGE
from caspian.cli.options import JsonOption, NerOption
from caspian.evaluation.gold import evaluate
from caspian.pipeline import Pipeline


def eval_gold(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold NAME.json files.")],
    articles: Annotated[
        Path | None, typer.Option(help="Folder of NAME.txt (default: the gold folder's parent).")
    ] = None,
    ner: NerOption = None,
    as_json: JsonOption = False,
) -> None:
    """Score the pipeline against gold files: metadata, noise, entities, facts, events."""
    pipeline = Pipeline.from_settings(build_settings(ner=ner)) if ner else None
    try:
        report = evaluate(gold_dir, articles, pipeline=pipeline)
    except FileNotFoundError as exc:
        raise fail(str(exc), EXIT_USAGE) from exc
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


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:
    eval_app.command("gold")(eval_gold)
