"""Exports (jsonl, csv, parquet) with provenance, streamed; the `caspian export` and `bench web` commands."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from caspian.cli.app import app as cli
from caspian.export import COLUMN_NAMES, export_chunks, export_to
from caspian.store import Store


@pytest.fixture(scope="module")
def store(demo_url):
    with Store(demo_url) as s:
        yield s


def expected_rows(store: Store) -> int:
    stats = store.stats()
    return stats["articles"] + stats["mentions"] + stats["facts"] + stats["events"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_comes_in_pieces(store, fmt):
    chunks = list(export_chunks(store, fmt, batch=5))
    assert len(chunks) > 3 and all(isinstance(c, bytes) for c in chunks)


def test_jsonl_records_carry_text_spans_and_paths(store, tmp_path):
    out = tmp_path / "all.jsonl"
    export_to(store, "jsonl", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == store.count()
    for rec in records:
        assert rec["path"] and rec["id"]
        for fact in rec["facts"]:
            assert rec["text"][fact["start"] : fact["end"]] == fact["quote"]


def test_csv_round_trips_texts_and_spans(store, tmp_path):
    out = tmp_path / "all.csv"
    export_to(store, "csv", out, batch=7)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert tuple(rows[0]) == COLUMN_NAMES and len(rows) == expected_rows(store)
    texts = {r["article_id"]: r["text"] for r in rows if r["kind"] == "article"}
    assert texts == {d.id: d.text for d in store.documents()}
    for row in rows:
        if row["kind"] == "mention":
            assert texts[row["article_id"]][int(row["start"]) : int(row["end"])] == row["text"]


def test_parquet_has_every_row_and_typed_columns(store, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "all.parquet"
    export_to(store, "parquet", out)
    table = pq.read_table(out)
    assert table.num_rows == expected_rows(store)
    assert str(table.schema.field("value").type) == "double" and str(table.schema.field("start").type) == "int64"
    facts = [r for r in table.to_pylist() if r["kind"] == "fact"]
    assert facts and all(isinstance(f["value"], float) for f in facts if f["value"] is not None)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_command(demo_url, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(cli, ["export", str(out), "--format", fmt, "--db", demo_url, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["format"] == fmt and summary["bytes"] == out.stat().st_size > 0
    assert not out.with_name(out.name + ".part").exists()


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["export", "{tmp}/x.xml", "--format", "xml"], 2, "--format must be one of"),
        (["export", "{tmp}/missing/x.csv", "--format", "csv"], 2, "does not exist"),
    ],
)
def test_export_command_usage_errors(demo_url, tmp_path, args, code, words):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args] + ["--db", demo_url]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == code and words in result.output


@pytest.mark.slow
def test_bench_web_serves_without_errors(sqlite_demo):
    """Starts `caspian serve` in a subprocess on a free loopback port, sends a bounded load, stops it.
    (The benchmark's server, not the store, is tested here: the API tests run on both stores.)"""
    from caspian.bench.web import run_bench

    result = run_bench(sqlite_demo[0], requests=40, concurrency=8)
    assert result["requests"] == 40 and result["errors"] == 0, result["error_samples"]
    assert set(result["endpoints"]) == {"article", "search"}
    assert all(r["p95_ms"] >= r["p50_ms"] > 0 for r in result["endpoints"].values())


def test_bench_plan_takes_turns():
    from caspian.bench.web import SEARCHES, plan

    todo = plan(["a1", "b2"], 7, ("search", "article", "health"))
    assert [k for k, _ in todo] == ["search", "article", "health"] * 2 + ["search"]
    assert todo[1] == ("article", "/articles/a1") and todo[4] == ("article", "/articles/b2")
    assert todo[0][1] == f"/search?q={SEARCHES[0]}" and todo[3][1] == f"/search?q={SEARCHES[1]}"
    assert todo[2] == ("health", "/api/health")


def test_bench_command_rejects_unknown_kinds():
    result = CliRunner().invoke(cli, ["bench", "web", "--kinds", "search,everything"])
    assert result.exit_code == 2 and "unknown request kinds" in result.output


def test_the_load_client_reads_status_and_body_and_notices_a_cut_body():
    import asyncio

    from caspian.bench.web import HTTPProblem, fetch

    replies = {
        b"/ok": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        b"/missing": b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
        b"/cut": b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort",
        b"/junk": b"nonsense",
    }
    seen: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.readuntil(b"\r\n\r\n")
        target = request.split(b" ")[1]
        seen.append(target)
        writer.write(replies.get(target.split(b"?")[0], replies[b"/missing"]))
        await writer.drain()
        writer.close()

    async def run() -> list:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        out = []
        async with server:
            for path in ("/ok", "/missing", "/cut", "/junk", "/ok?q=нефть OPEC+"):
                try:
                    out.append(await fetch("127.0.0.1", port, path, timeout=5))
                except HTTPProblem as exc:
                    out.append(str(exc))
        return out

    ok, missing, cut, junk, encoded = asyncio.run(run())
    assert ok == (200, b"hello") and missing == (404, b"") and encoded == (200, b"hello")
    assert "cut short" in cut and "not an HTTP response" in junk
    assert seen[-1] == b"/ok?q=%D0%BD%D0%B5%D1%84%D1%82%D1%8C%20OPEC+"  # percent-encoded, `+` kept
