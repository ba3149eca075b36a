"""`caspian entities` and `caspian entities show` over a knowledge base built from sample articles."""

import json

import pytest
from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.ingest import ingest
from caspian.store import Store
from tests.conftest import GAZETTEER, SAMPLE

ARTICLES = ["ru01_oil_output", "kk01_opec_quota", "tr01_kmg_tpao", "en04_wind_mirny", "ru04_refinery"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    with Store(url) as store:
        # The gazetteer recogniser: what is tested is the command over a knowledge base, and every
        # name and role asserted below is the gazetteer's (the transformer adds none of them).
        ingest([str(SAMPLE / f"{name}.txt") for name in ARTICLES], store, GAZETTEER)
    return url


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_list_as_json_filters_by_type_and_language(db):
    result = run("entities", "--db", db, "--type", "PERSON", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    satkaliyev = rows["caspian:almassadam-satkaliyev"]
    assert (satkaliyev["articles"], satkaliyev["langs"]) == (4, "en,kk,ru,tr")
    assert all(r["type"] == "PERSON" for r in rows.values())
    result = run("entities", "--db", db, "--lang", "tr", "--q", "kazmunay", "--format", "json")
    assert [(r["id"], r["articles"]) for r in json.loads(result.output)] == [("caspian:kazmunaygas", 1)]


def test_list_as_csv(db):
    result = run("entities", "--db", db, "--type", "facility", "--format", "csv", "--limit", "2")
    lines = result.output.splitlines()
    assert lines[0] == "id,canonical,type,wikidata,articles,mentions,langs"
    assert len(lines) == 3 and all(",FACILITY," in line for line in lines[1:])


def test_show_gives_aliases_per_language_roles_and_counts(db):
    result = run("entities", "show", "caspian:almassadam-satkaliyev", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    rec = json.loads(result.output)
    assert rec["articles"] == 4 and rec["articles_by_lang"] == {"en": 1, "kk": 1, "ru": 1, "tr": 1}
    assert "Алмасадам Сәтқалиев" in rec["aliases"]["kk"] and "Almasadam Satkaliyev" in rec["aliases"]["tr"]
    assert [(r["role"], r["first"], r["articles"]) for r in rec["roles"]] == [
        ("Minister of Energy of Kazakhstan", "2023-12-01T09:40:00", 4)
    ]
    assert rec["gazetteer"]["roles"][0]["title"] == "Minister of Energy"
    table = run("entities", "show", "caspian:kazmunaygas", "--db", db)
    assert table.exit_code == 0 and "КазМунайГаз" in table.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["entities", "show", "caspian:nobody"], 1, "no entity 'caspian:nobody'"),
        (["entities", "--format", "xml"], 2, "--format must be one of table, csv, json"),
        (["entities", "--type", "CITY"], 2, "--type must be one of"),
    ],
)
def test_errors_name_what_is_wrong(db, args, code, message):
    result = CliRunner().invoke(app, [*args, "--db", db] if args[1] == "show" else [args[0], "--db", db, *args[1:]])
    assert result.exit_code == code
    assert message in result.output
