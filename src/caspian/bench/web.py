"""A bounded load test of the web server on loopback: `caspian bench web`.

The server runs in its own process (as `caspian serve`), so the client's work does not share
its interpreter; requests alternate between search and article pages; the run stops after
`requests` requests and the server is stopped with it.
"""

from __future__ import annotations

import asyncio
import math
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from caspian.ingest import ingest
from caspian.kb import articles as kb_articles
from caspian.readers.sample import sample_articles
from caspian.search import Indexer
from caspian.settings import Settings
from caspian.store import Store

SEARCHES = ("нефть", "Kashagan", "uranium", "doğal gaz", "мұнай", "OPEC+ quota", "Tengiz", "KazMunayGas Türkiye")
START_TIMEOUT = 300.0  # serve first brings the keyword index up to date
REQUEST_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sample_database(folder: Path) -> str:
    """The bundled sample corpus ingested into `folder/bench.db`, keyword index built."""
    url = f"sqlite:///{folder / 'bench.db'}"
    with Store(url) as store:
        ingest([str(p) for p in sample_articles()], store, Settings(workers=1))
        Indexer(store, embedder=None).update()
    return url


def article_ids(url: str, limit: int = 100) -> list[str]:
    with Store(url) as store:
        return kb_articles.article_ids(store, limit)


@contextmanager
def server(url: str, port: int):
    # As a user starts it: the keyword index is brought up to date before the first request.
    cmd = [sys.executable, "-m", "caspian.cli", "serve", "--db", url, "--port", str(port)]
    log = tempfile.TemporaryFile()  # noqa: SIM115  (a pipe nobody reads would fill up and stall the server)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/health", proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


def wait_until_up(health: str, proc: subprocess.Popen, log: Any) -> None:
    import httpx

    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            message = log.read().decode("utf-8", "replace")
            raise RuntimeError(f"the server exited with {proc.returncode}: {message.strip()[-500:]}")
        try:
            if httpx.get(health, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {health} within {START_TIMEOUT:.0f} s")


KINDS = ("search", "article", "health")


def plan(ids: list[str], requests: int, kinds: tuple[str, ...] = ("search", "article")) -> list[tuple[str, str]]:
    """(kind, path) for each request, the kinds taking turns; `health` is the floor of the HTTP stack."""
    out = []
    for i in range(requests):
        kind, turn = kinds[i % len(kinds)], i // len(kinds)
        if kind == "search":
            out.append((kind, f"/search?q={SEARCHES[turn % len(SEARCHES)]}"))
        elif kind == "article":
            out.append((kind, f"/articles/{ids[turn % len(ids)]}"))
        else:
            out.append((kind, "/api/health"))
    return out


class HTTPProblem(Exception):
    pass


async def fetch(host: str, port: int, path: str, timeout: float = REQUEST_TIMEOUT) -> tuple[int, bytes]:
    """GET `path` over a new connection (HTTP/1.1, `Connection: close`): (status, body).

    The load generator is our own few lines of asyncio, not httpx: at 200 requests in flight,
    httpx spent about 4 ms of CPU per request in the client, on the same two cores as the server,
    so it measured itself (p95 540 ms where this client measures 130 ms against the same server).
    Every request opens its own connection, as 200 separate readers would.
    """

    async def run() -> tuple[int, bytes]:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            target = quote(path, safe="/?&=:+%")
            writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
            await writer.drain()
            data = await reader.read()
        finally:
            writer.close()
        head, sep, body = data.partition(b"\r\n\r\n")
        parts = head.split(b" ", 2)
        if not sep or len(parts) < 2 or not parts[1].isdigit():
            raise HTTPProblem(f"not an HTTP response ({len(data)} bytes)")
        headers = dict(
            (k.strip().lower(), v.strip()) for k, _, v in (line.partition(b":") for line in head.split(b"\r\n")[1:])
        )
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) != len(body):
            raise HTTPProblem(f"body cut short: {len(body)} of {int(length)} bytes")
        return int(parts[1]), body

    return await asyncio.wait_for(run(), timeout)


async def _load(
    base: str, requests: list[tuple[str, str]], concurrency: int, warm: bool = True
) -> tuple[list[tuple[str, float, str | None]], float]:
    """Each request's (kind, ms, problem) and the seconds the measured run took (not the warm-up)."""
    host, _, port = base.removeprefix("http://").rpartition(":")
    gate = asyncio.Semaphore(concurrency)

    async def one(kind: str, path: str) -> tuple[str, float, str | None]:
        async with gate:
            start = time.perf_counter()
            try:
                status, _ = await fetch(host, int(port), path)
                problem = None if status == 200 else f"{path}: HTTP {status}"
            except (OSError, TimeoutError, HTTPProblem) as exc:
                problem = f"{path}: {type(exc).__name__}: {exc}"
            return kind, (time.perf_counter() - start) * 1000, problem

    # Warm up: the first queries load lexicons; with `warm`, every distinct page is rendered
    # (and cached) once, so the run measures a server in use rather than one just started.
    for kind, path in dict.fromkeys(requests) if warm else requests[:4]:
        await one(kind, path)
    start = time.perf_counter()
    results = await asyncio.gather(*(one(kind, path) for kind, path in requests))
    return results, time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


def summarise(results: list[tuple[str, float, str | None]]) -> dict[str, Any]:
    by_kind: dict[str, list[tuple[float, str | None]]] = {}
    for kind, ms, problem in results:
        by_kind.setdefault(kind, []).append((ms, problem))
    out = {}
    for kind, rows in sorted(by_kind.items()):
        ms = [m for m, _ in rows]
        out[kind] = {
            "requests": len(rows),
            "errors": sum(1 for _, p in rows if p),
            "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1),
            "max_ms": round(max(ms), 1),
        }
    return out


def run_bench(
    db: str | None,
    requests: int = 200,
    concurrency: int = 200,
    warm: bool = True,
    kinds: tuple[str, ...] = ("search", "article"),
) -> dict[str, Any]:
    unknown = set(kinds) - set(KINDS)
    if unknown or not kinds:
        raise ValueError(f"unknown request kinds {sorted(unknown)}; use some of {', '.join(KINDS)}")
    with tempfile.TemporaryDirectory(prefix="caspian-bench-web-") as tmp:
        url = db or sample_database(Path(tmp))
        ids = article_ids(url)
        if not ids:
            raise RuntimeError(f"{url} holds no articles to request")
        todo = plan(ids, requests, kinds)
        with server(url, free_port()) as base:
            results, seconds = asyncio.run(_load(base, todo, concurrency, warm))
    return {
        "db": db or "sample corpus (temporary)",
        "requests": len(results),
        "concurrency": concurrency,
        "warm": warm,
        "seconds": round(seconds, 2),
        "requests_per_second": round(len(results) / seconds, 1) if seconds else None,
        "errors": sum(1 for *_, p in results if p),
        "endpoints": summarise(results),
        "error_samples": [p for *_, p in results if p][:5],
    }
