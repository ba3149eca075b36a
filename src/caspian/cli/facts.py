"""`caspian facts`, `caspian eval quantities`, `caspian bench facts`."""

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from caspian import export
from caspian.bench.facts import bench_facts
from caspian.cli.console import err, fail, out, print_result
from caspian.cli.context import db_url, ner_backend, open_store
from caspian.cli.exits import EXIT_USAGE
from caspian.cli.options import DbOption, JsonOption, NerOption
from caspian.evaluation.quantities import DATASETS, evaluate_quantities
from caspian.kb import facts as kb_facts
from caspian.kb import figures as kb_figures

DEFAULT_DATA = "../shared/data"
FORMATS = ("table", "csv", "json")
FIGURE_FORMATS = ("table", "json", "csv", "xlsx")
# the columns `caspian facts` prints, in order (typed in kb.facts); article and offsets are the provenance
COLUMNS = kb_facts.REPORT_COLUMNS
# Published NewsQuant figures (value F1 / value+unit F1) to print beside ours.
NEWSQUANT_BASELINES = {"CQE": (92.0, 85.6), "quantulum3": (73.0, 47.2)}


def query_facts(db: Any, flt: kb_facts.FactSearch, limit: int | None = None) -> list[dict[str, Any]]:
    """Facts from the store with their article's id, language and date, newest article first
    (`kb.facts.find_facts`: `period` matches by prefix, the other filters whole values, case-insensitively)."""
    return [{c: _plain(row[c]) for c in COLUMNS} for row in kb_facts.find_facts(db, flt, limit)]


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def render_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _print_table(rows: list[dict[str, Any]], title: str) -> None:
    from rich.table import Table

    table = Table(title=title)
    for col in ("commodity", "metric", "value", "unit", "period", "modality", "geo", "lang", "article", "quote"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r["commodity"],
            r["metric"],
            f"{r['value']:g}" if isinstance(r["value"], int | float) else str(r["value"]),
            r["unit"],
            r["period"] or "-",
            r["modality"],
            r["geo"] or "-",
            r["lang"] or "-",
            f"{r['article_id']}:{r['start']}-{r['end']}",
            r["quote"],
        )
    out.print(table)


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:

    @app.command("facts")
    def facts_cmd(
        commodity: Annotated[str | None, typer.Option(help="oil, gas, lng, electricity, uranium, ...")] = None,
        metric: Annotated[str | None, typer.Option(help="production, export, capacity, quota, ...")] = None,
        geo: Annotated[str | None, typer.Option(help="Country or place the figure is about, e.g. Kazakhstan.")] = None,
        modality: Annotated[str | None, typer.Option(help="actual, forecast, target or limit.")] = None,
        period: Annotated[str | None, typer.Option(help="Period prefix: 2024, 2024-Q1, 'per year' ...")] = None,
        lang: Annotated[str | None, typer.Option(help="Article language: ru, kk, tr, en ...")] = None,
        db: DbOption = None,
        limit: Annotated[int | None, typer.Option(min=1, help="At most N facts.")] = None,
        fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    ) -> None:
        """Facts in the knowledge base, filtered, each with its article, quote and offsets."""

        if fmt not in FORMATS:
            raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", EXIT_USAGE)
        if modality and modality not in ("actual", "forecast", "target", "limit"):
            raise fail(f"--modality must be actual, forecast, target or limit, not {modality!r}", EXIT_USAGE)
        flt = kb_facts.FactSearch(commodity, metric, geo, modality, period, lang)
        url = db_url(db)
        with open_store(url) as store:
            rows = query_facts(store, flt, limit)
        if fmt == "json":
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        elif fmt == "csv":
            typer.echo(render_csv(rows), nl=False)
        else:
            _print_table(rows, f"{len(rows)} facts in {url}")

    @app.command("figures")
    def figures_cmd(
        commodity: Annotated[str, typer.Option(help="oil, gas, lng, electricity, uranium, ...")],
        metric: Annotated[str, typer.Option(help="production, export, capacity, quota, ...")],
        geo: Annotated[str | None, typer.Option(help="Country, place or company the figures are about.")] = None,
        unit: Annotated[
            str | None,
            typer.Option(help="Convert every figure to this unit (Mt, mb/d, kb/d, bcm ...); the factor is shown."),
        ] = None,
        bbl_per_t: Annotated[
            float,
            typer.Option("--bbl-per-t", min=5.0, max=10.0, help="Barrels in a tonne of the oil grade (Mt <-> mb/d)."),
        ] = kb_figures.DEFAULT_BBL_PER_T,
        db: DbOption = None,
        fmt: Annotated[str, typer.Option("--format", help="table, json, csv or xlsx (xlsx needs --out).")] = "table",
        bom: Annotated[bool, typer.Option("--bom", help="CSV with a UTF-8 byte-order mark (for Excel).")] = False,
        out_file: Annotated[
            Path | None, typer.Option("--out", help="Write to this file instead of the terminal.")
        ] = None,
    ) -> None:
        """One table of figures: a row per period with actual, target, forecast and limit side by
        side, who stated each, the number of sources and where they disagree."""
        if fmt not in FIGURE_FORMATS:
            raise fail(f"--format must be one of {', '.join(FIGURE_FORMATS)}, not {fmt!r}", EXIT_USAGE)
        if fmt == "xlsx" and out_file is None:
            raise fail("--format xlsx writes a workbook: give --out FILE.xlsx", EXIT_USAGE)
        if unit and unit not in kb_figures.UNITS:
            raise fail(f"--unit must be one of {', '.join(kb_figures.UNITS)}, not {unit!r}", EXIT_USAGE)
        flt = kb_figures.FigureFilter(commodity, metric, geo, unit, bbl_per_t)
        url = db_url(db)
        with open_store(url) as store:
            table = kb_figures.figure_table(store, flt)
        if fmt == "table" and out_file is None:
            _print_figures(table, url)
            return
        data: bytes
        if fmt == "xlsx":
            data = export.figures_xlsx(dict(table))
        elif fmt == "csv":
            data = export.figures_csv(dict(table), bom=bom).encode("utf-8")
        else:
            data = (json.dumps(table, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        if out_file is None:
            typer.echo(data.decode("utf-8"), nl=False)
        else:
            out_file.write_bytes(data)
            err.print(f"{len(table['rows'])} periods written to {out_file}")

    @eval_app.command("quantities")
    def eval_quantities(
        dataset: Annotated[str, typer.Option(help="Dataset: en-cqe-newsquant.")] = "en-cqe-newsquant",
        data: Annotated[Path, typer.Option(help="Folder of public datasets.")] = Path(DEFAULT_DATA),
        errors: Annotated[int, typer.Option(min=0, help="Show up to N mismatched sentences.")] = 0,
        as_json: JsonOption = False,
    ) -> None:
        """Value and value+unit P/R/F1 of the quantity extractor (NewsQuant's matching rules)."""

        if dataset not in DATASETS:
            raise fail(f"--dataset must be one of {', '.join(DATASETS)}, not {dataset!r}", EXIT_USAGE)
        try:
            report = evaluate_quantities(dataset, data, errors=errors)
        except FileNotFoundError as exc:
            raise fail(f"--data {data}: {exc}", EXIT_USAGE) from exc
        if as_json:
            out.print_json(json.dumps(report, ensure_ascii=False))
            return
        _print_quantities(report)

    @bench_app.command("facts")
    def bench_facts_cmd(
        n: Annotated[int, typer.Option("--n", min=1, help="Articles to run through the fact stage.")] = 2000,
        ner: NerOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Articles/s of the fact stage alone (the earlier stages run once, outside the timing)."""
        try:
            result = bench_facts(n, ner_backend(ner) if ner else None)
        except FileNotFoundError as exc:
            raise fail(str(exc)) from exc
        print_result("caspian bench facts", result, as_json)


def _print_figures(table: kb_figures.FigureTable, url: str) -> None:
    from rich.table import Table

    where = f" · {table['geo']}" if table["geo"] else ""
    view = Table(title=f"{table['commodity']} {table['metric']}{where}: {len(table['rows'])} periods in {url}")
    view.add_column("period")
    view.add_column("unit")
    for m in kb_figures.MODALITIES:
        view.add_column(m, overflow="fold")
    for row in table["rows"]:
        cells = []
        for m in kb_figures.MODALITIES:
            cell = row[m]  # type: ignore[literal-required]
            if not cell:
                cells.append("")
                continue
            text = f"{cell['value']:g}" + (
                " (also " + ", ".join(f"{v:g}" for v in cell["values"][1:]) + ")" if cell["disagreement"] else ""
            )
            names = sorted({s["stated_by"] for s in cell["statements"] if s["stated_by"]})
            cells.append(
                f"{text}\n{cell['sources']} source{'s' if cell['sources'] != 1 else ''}"
                + (f"\n{'; '.join(names)}" if names else "")
            )
        view.add_row(row["period"], row["unit"], *cells)
    out.print(view)
    for c in table["conversions"]:
        out.print(f"converted {c['source']} -> {c['target']}: {c['factor']}", highlight=False)
    if table["not_converted"]:
        out.print(
            f"{table['not_converted']} figures left out: not convertible to {table['unit']} "
            "(another kind of unit, or a rate and an amount with no known period)",
            highlight=False,
        )
    if table["undated"]:
        out.print(f"period unknown: {len(table['undated'])} figures (`--format json` lists them)", highlight=False)


def _print_quantities(report: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"{report['dataset']}: {report['sentences']} sentences")
    for col in ("match", "P", "R", "F1", "gold", "predicted"):
        table.add_column(col)
    for name, key in (("value", "value"), ("value + unit", "value_unit")):
        d = report[key]
        row = (f"{100 * d[k]:.1f}" for k in ("precision", "recall", "f1"))
        table.add_row(name, *row, str(d["gold"]), str(d["tp"] + d["fp"]))
    out.print(table)
    for name, (v, vu) in NEWSQUANT_BASELINES.items():
        out.print(f"  published {name}: value F1 {v:.1f}, value+unit F1 {vu:.1f}")
    for e in report.get("errors", []):
        out.print(f"  {e['text']}\n    gold {e['gold']}\n    ours {e['pred']}", markup=False, highlight=False)
