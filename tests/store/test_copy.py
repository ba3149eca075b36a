"""`caspian copy`: a knowledge base moved from SQLite to PostgreSQL and back, resumably, counts checked."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.document import Document
from caspian.store import Store
from caspian.store.copy import CopyError, copy_store
from tests.conftest import sample_documents
from tests.pg import fresh_database


def _records(url: str) -> dict[str, dict]:
    with Store(url) as store:
        out = {}
        for doc in store.documents():
            rec = doc.record()
            out[rec["id"]] = {k: rec[k] for k in ("title", "lang", "published", "text", "entities", "facts", "events")}
        return out


@pytest.mark.slow  # a PostgreSQL server
def test_sqlite_to_postgresql_and_back(tmp_path, postgres_url):
    origin = f"sqlite:///{tmp_path / 'origin.db'}"
    docs, _ = sample_documents()
    with Store(origin) as store:
        store.write_batch(docs)
    pg = fresh_database(postgres_url, "copy_target")
    with Store(origin) as src, Store(pg) as dst:
        partial = copy_store(src, dst, batch=50, limit=120)  # interrupted after about 120 rows
        assert partial.copied >= 120 and not partial.tables
        report = copy_store(src, dst, batch=50)  # run again: goes on, nothing twice
    assert report.equal and report.tables["articles"] == (len(docs), len(docs))
    assert report.tables["mentions"][0] > 100
    assert _records(pg) == _records(origin)
    with Store(pg) as store:  # the id sequences were moved past the copied ids: new rows go in
        extra = Document(raw="", id="extra1", path="extra.txt", text="КазМунайГаз", lang="ru")
        extra.entities = [
            {"canonical": "KazMunayGas", "type": "ORG", "mentions": [{"start": 0, "end": 11, "text": "КазМунайГаз"}]}
        ]
        extra.facts = [{"commodity": "oil", "metric": "production", "value": 1, "unit": "Mt", "quote": "x"}]
        assert store.write_batch([extra]).stored == 1
    back = f"sqlite:///{tmp_path / 'back.db'}"
    run = CliRunner().invoke(app, ["copy", "--from", pg, "--to", back, "--json"])
    assert run.exit_code == 0, run.output
    counts = json.loads(run.output)
    assert counts["counts_equal"] and counts["tables"]["articles"] == {
        "source": len(docs) + 1,
        "destination": len(docs) + 1,
    }
    assert _records(back) == _records(pg)


def test_copying_onto_itself_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Store(url) as a, pytest.raises(CopyError, match="the same database"):
        copy_store(a, a)
    run = CliRunner().invoke(app, ["copy", "--from", url, "--to", url])
    assert run.exit_code == 2 and "the same database" in run.output
