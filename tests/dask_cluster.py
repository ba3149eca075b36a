"""A Dask cluster of separate processes on loopback: a `dask scheduler` and N `dask worker`s, each in
its own session (so a test can SIGKILL one), stopped at the end. Used by
tests/executors/test_dask_cluster.py and scripts/cluster_run.py (the 5,000-article run)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spawn(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        start_new_session=True,
    )


@contextmanager
def dask_cluster(workers: int = 2) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """Yield (scheduler address, worker processes) at once: the workers may still be starting (call
    `wait_for_workers` before the run that needs them, and do other work meanwhile)."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _spawn([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])
    procs = [
        _spawn(
            [
                str(BIN / "dask"),
                "worker",
                address,
                "--host",
                "127.0.0.1",
                *("--nthreads", "1", "--no-dashboard", "--no-nanny"),
            ]
        )
        for _ in range(workers)
    ]
    try:
        yield address, procs
    finally:
        for p in [*procs, scheduler]:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
            p.wait(10)


def wait_for_workers(address: str, n: int, timeout: float = 60) -> None:
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(n, timeout=timeout)


def records(url: str) -> dict[str, dict]:
    """What two runs must agree on: each stored article's reading, by id."""
    from caspian.store import Store

    keep = ("title", "lang", "published", "entities", "facts", "events")
    with Store(url) as store:
        return {d.id: {k: v for k, v in d.record().items() if k in keep} for d in store.documents()}
