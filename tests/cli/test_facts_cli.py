import csv
import io
import json

import pytest
import typer
from typer.testing import CliRunner

import caspian.stages  # noqa: F401  (registers the built-in stages)
from caspian.bench.facts import bench_facts
from caspian.cli.facts import COLUMNS, register
from caspian.store import Store
from tests.conftest import SHARED, process_text

ARTICLES = [
    ("ru", "2023-01-20", "Добыча газа в Казахстане в 2022 году составила 53,3 млрд кубометров."),
    ("en", "2024-02-01", "Kazakhstan plans to produce 59 billion cubic metres of gas in 2024, QazaqGaz said."),
    ("tr", "2024-03-05", "Kazakistan 2023 yılında 90 milyon ton petrol üretti."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    docs = []
    for lang, published, text in ARTICLES:
        doc = process_text(pipeline, text, given={"lang": lang, "published": published})
        doc.published = published
        docs.append(doc)
    url = f"sqlite:///{tmp_path_factory.mktemp('facts') / 'facts.db'}"
    with Store(url) as store:
        store.write_batch(docs)
    return url, docs


def _app() -> typer.Typer:
    # only this module's commands, so that the test depends on no other command module
    app, eval_app, bench_app = typer.Typer(), typer.Typer(), typer.Typer()
    app.add_typer(eval_app, name="eval")
    app.add_typer(bench_app, name="bench")
    register(app, eval_app, bench_app)
    return app


APP = _app()


def run(*args):
    return CliRunner().invoke(APP, list(args))


def test_facts_csv_filters_and_provenance(db):
    url, docs = db
    result = run(
        "facts", "--commodity", "gas", "--metric", "production", "--geo", "Kazakhstan", "--db", url, "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(float(r["value"]), r["unit"], r["lang"]) for r in rows] == [(59.0, "bcm", "en"), (53.3, "bcm", "ru")]
    assert list(rows[0]) == list(COLUMNS)
    by_id = {d.id: d for d in docs}
    for r in rows:
        doc = by_id[r["article_id"]]
        assert doc.text[int(r["start"]) : int(r["end"])] == r["quote"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--modality", "target"), [(59.0, "bcm", "target")]),
        (("--lang", "tr"), [(90.0, "Mt", "actual")]),
        (("--period", "2022"), [(53.3, "bcm", "actual")]),
        (("--commodity", "OIL"), [(90.0, "Mt", "actual")]),
        (("--geo", "Turkey"), []),
        (("--limit", "1"), [(90.0, "Mt", "actual")]),  # newest article first
    ],
)
def test_facts_json_filters(db, args, expected):
    url, _ = db
    result = run("facts", *args, "--db", url, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [(r["value"], r["unit"], r["modality"]) for r in json.loads(result.output)] == expected


def test_facts_table_names_the_article(db):
    url, docs = db
    result = run("facts", "--lang", "tr", "--db", url)
    assert result.exit_code == 0, result.output
    tr_doc = next(d for d in docs if d.lang == "tr")
    assert "3 facts" not in result.output and "1 facts" in result.output
    assert tr_doc.id[:6] in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--format", "xml"), "--format"), (("--modality", "maybe"), "--modality")],
)
def test_facts_usage_errors(db, args, message):
    url, _ = db
    result = run("facts", *args, "--db", url)
    assert result.exit_code == 2
    assert message in result.output


def test_eval_quantities_missing_data_is_a_usage_error(tmp_path):
    result = run("eval", "quantities", "--data", str(tmp_path))
    assert result.exit_code == 2
    assert str(tmp_path) in result.output


def test_eval_quantities_unknown_dataset():
    result = run("eval", "quantities", "--dataset", "nope")
    assert result.exit_code == 2 and "en-cqe-newsquant" in result.output


def test_eval_quantities_prints_both_scores():
    data = SHARED / "data"
    if not (data / "quantity" / "en-cqe-newsquant").is_dir():
        pytest.skip(f"NewsQuant is not in {data}")
    result = run("eval", "quantities", "--data", str(data), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["value"]["f1"] >= 0.85 and report["value_unit"]["f1"] >= 0.75


def test_bench_facts_counts_articles_and_facts():
    result = bench_facts(n=30, ner="gazetteer")
    assert result["articles"] == 30 and result["distinct_articles"] >= 24
    assert result["facts"] > 30 and result["articles_per_second"] > 0
