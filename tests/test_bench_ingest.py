"""`caspian bench ingest` into a database of one's own (issue 16: the same benchmark on PostgreSQL)."""

import json

from typer.testing import CliRunner

from caspian.cli.app import app


def test_bench_ingest_into_a_given_database_and_never_into_a_used_one(store_url):
    args = ["bench", "ingest", "--n", "12", "--workers", "1", "--ner", "gazetteer", "--db", store_url, "--json"]
    run = CliRunner().invoke(app, args)
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout)
    assert result["stored"] == 12 and result["engine"] == "local"
    assert result["database"] == store_url.split(":")[0].split("+")[0]
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 1
    assert "needs a database without articles" in again.output


def test_bench_ingest_refuses_an_unknown_engine():
    run = CliRunner().invoke(app, ["bench", "ingest", "--n", "1", "--engine", "spark"])
    assert run.exit_code == 2 and "unknown engine 'spark'" in run.output
