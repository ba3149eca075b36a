"""The table of figures (kb.figures): periods, conversions, the chart's rules, and the sample corpus's
Kazakh oil output read as one row per year with who stated each figure."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.kb import figures as kb_figures
from caspian.kb.figures import FigureFilter, chart_series, convert, figure_table, period_span, scale


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2024", ("2024-01-01", "2024-12-31", "year")),
        ("2024-02", ("2024-02-01", "2024-02-29", "month")),
        ("2024-01-01", ("2024-01-01", "2024-01-01", "day")),
        ("2024-01..2024-03", ("2024-01-01", "2024-03-31", "quarter")),
        ("2024-01..2024-11", ("2024-01-01", "2024-11-30", "months")),
        ("2023-01..2023-12", ("2023-01-01", "2023-12-31", "year")),
        ("2024-03..2024-01", None),
        ("per year", None),
        (None, None),
    ],
)
def test_period_spans(period, expected):
    got = period_span(period)
    assert (got[0].isoformat(), got[1].isoformat(), got[2]) == expected if expected else got is None


def test_conversions_show_their_factor_and_need_a_period_for_rates():
    rate, how = convert(90.0, "Mt", "mb/d", "oil", 365, 7.33)
    assert rate == pytest.approx(90e6 * 7.33 / 365 / 1e6) and "7.33 bbl/t" in how["factor"] and how["per_period"]
    amount, _ = convert(1.8, "mb/d", "Mt", "oil", 366, 7.33)
    assert amount == pytest.approx(1.8e6 * 366 / 7.33 / 1e6)
    assert convert(450.0, "kb/d", "mb/d", "oil", None, 7.33)[0] == pytest.approx(0.45)  # same family: no period needed
    assert convert(90.0, "Mt", "mb/d", "oil", None, 7.33) is None  # an amount with no known period
    assert convert(90.0, "Mt", "mb/d", "coal", 365, 7.33) is None  # barrels are for oil
    assert convert(10.0, "Mt", "bcm", "lng", None, 7.33)[0] == pytest.approx(13.6)
    assert convert(5.0, "MW", "bcm", "electricity", 365, 7.33) is None


def _table(rows):
    return {"rows": rows}


def _row(period, unit="Mt", **cells):
    first, last, kind = period_span(period)
    row = {
        "period": period,
        "kind": kind,
        "days": (last - first).days + 1,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "unit": unit,
    }
    for m in kb_figures.MODALITIES:
        row[m] = {"value": cells[m]} if m in cells else None
    return row


def test_chart_lines_never_join_other_period_lengths_nor_cross_gaps():
    rows = [
        _row("2017", actual=86.2),
        _row("2018", actual=90.4),
        _row("2022", actual=84.2),  # a gap of three years: a new line
        _row("2023", actual=90.0),
        _row("2024-01..2024-03", actual=22.7),  # a quarter: never on the yearly line
        _row("2024-04..2024-06", actual=22.1),
        _row("2024", target=90.3),
    ]
    series = chart_series(_table(rows))
    lines = {(s["modality"], s["kind"], tuple(p[0][:4] for p in s["points"])) for s in series}
    assert lines == {
        ("actual", "year", ("2017", "2018")),
        ("actual", "year", ("2022", "2023")),
        ("actual", "quarter", ("2024", "2024")),
        ("target", "year", ("2024",)),
    }


def test_an_outlier_does_not_flatten_the_scale():
    low, high, outliers = scale([90.0, 87.6, 96.2, 90.3, 85.0, 253.0])
    assert outliers == [253.0] and high == 96.2 and low == 0.0
    assert scale([1.0, 2.0])[2] == []  # too few points to call one an outlier


def test_sample_oil_output_one_row_per_year_with_who_stated_each(sample_store):
    table = figure_table(sample_store, FigureFilter("oil", "production", "Kazakhstan"))
    rows = {(r["period"], r["unit"]): r for r in table["rows"]}
    assert not {u for _, u in rows} & {"%", "x"}  # changes and shares are no levels: only when asked
    shares = figure_table(sample_store, FigureFilter("oil", "production", "Kazakhstan", unit="%"))
    assert {r["unit"] for r in shares["rows"]} <= {"%"}
    year = rows[("2024", "Mt")]
    assert year["actual"]["value"] == 87.6 and year["actual"]["sources"] >= 2
    assert year["target"] is not None and 90.3 in year["target"]["values"]
    stated = {s["stated_by"] for s in year["actual"]["statements"] + year["target"]["statements"]}
    assert "Ministry of Energy of Kazakhstan" in stated
    assert rows[("2023", "Mt")]["actual"]["value"] == 90.0
    assert "Almassadam Satkaliyev" in {s["stated_by"] for s in rows[("2023", "Mt")]["actual"]["statements"]}
    # every source keeps its span; figures with no known period stay apart
    for s in year["actual"]["statements"]:
        assert s["quote"] and s["start"] is not None and s["article_id"]
    assert all(s["value"] for s in table["undated"]) and not any(r["period"] is None for r in table["rows"])


def test_sample_oil_output_in_one_unit(sample_store):
    table = figure_table(sample_store, FigureFilter("oil", "production", "Kazakhstan", unit="mb/d"))
    assert {r["unit"] for r in table["rows"]} == {"mb/d"}
    year = next(r for r in table["rows"] if r["period"] == "2024")
    assert year["actual"]["value"] == pytest.approx(87.6 * 7.33 / 366, abs=1e-4)  # 2024 has 366 days
    assert year["actual"]["statements"][0]["stated_unit"] == "Mt"
    assert any(c["source"] == "Mt" and "bbl/t" in c["factor"] for c in table["conversions"])


def test_figures_table_json_csv_and_workbook(tmp_path, sample_kb):
    from openpyxl import load_workbook

    url, _ = sample_kb
    args = ["figures", "--commodity", "oil", "--metric", "production", "--geo", "Kazakhstan", "--db", url]
    shown = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "87.6" in shown.output and "Ministry of Energy" in shown.output and "period unknown" in shown.output
    data = json.loads(CliRunner().invoke(app, [*args, "--format", "json"]).output)
    assert any(r["period"] == "2024" and r["actual"]["value"] == 87.6 for r in data["rows"])
    out = tmp_path / "figures.csv"
    run = CliRunner().invoke(app, [*args, "--format", "csv", "--bom", "--out", str(out)])
    assert run.exit_code == 0, run.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert next(r for r in rows if r["period"] == "2024")["actual"] == "87.6"
    book = tmp_path / "figures.xlsx"
    run = CliRunner().invoke(app, [*args, "--format", "xlsx", "--out", str(book)])
    assert run.exit_code == 0, run.output
    wb = load_workbook(book)
    assert wb.sheetnames == ["figures", "sources", "conversions"]
    assert [c.value for c in wb["figures"][1]][:5] == ["period", "kind", "start", "end", "unit"]
    assert wb["sources"].max_row > len(data["rows"])  # one line per source
    converted = json.loads(CliRunner().invoke(app, [*args, "--unit", "mb/d", "--format", "json"]).output)
    assert {r["unit"] for r in converted["rows"]} == {"mb/d"} and converted["conversions"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "xlsx"], "give --out"),
        (["--format", "pdf"], "--format must be one of"),
        (["--unit", "furlongs"], "--unit must be one of"),
    ],
)
def test_figures_usage_errors(sample_kb, extra, message):
    url, _ = sample_kb
    run = CliRunner().invoke(app, ["figures", "--commodity", "oil", "--metric", "production", "--db", url, *extra])
    assert run.exit_code == 2 and message in run.output


def test_spreadsheet_cells_never_run_as_formulas():
    from caspian import export

    statement = {"stated_by": '=HYPERLINK("http://x")', "article_id": "a", "published": None}
    row = _row("2024", actual=1.0)
    row["actual"] = {"value": -1.5, "sources": 1, "values": [-1.5], "statements": [statement]}
    flat = export.figure_rows({"rows": [row]})[0]
    assert flat["actual"] == -1.5  # a negative number stays a number
    assert flat["actual_stated_by"].startswith("'=")
    assert "'=HYPERLINK" in export.figures_csv({"rows": [row]})
