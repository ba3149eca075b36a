"""A PostgreSQL server of the tests' own: Debian's server binaries, a cluster in a temporary folder,
listening on 127.0.0.1 on a free port (and a socket in the same folder), stopped at the end.

As root (CI) the cluster belongs to the `postgres` user (the server refuses to run as root).
Without the binaries the tests that need it are skipped, except in CI, where they fail: CI must run
them (`.ci/run` installs the `postgresql` package).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def missing() -> str | None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (.venv/bin/pip install 'caspian[postgres]')"
    if not (_bin("initdb") and _bin("pg_ctl")):
        return "no PostgreSQL server binaries (apt-get install postgresql)"
    return None


def need_postgres() -> None:
    reason = missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL tests must run in CI: {reason}")
        pytest.skip(reason)


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def start_server() -> tuple[str, Path]:
    """Start a server; return its SQLAlchemy URL (database `caspian`, user `caspian`, no password) and
    the folder that holds it (give it to `stop_server`)."""
    need_postgres()
    root = Path(tempfile.mkdtemp(prefix="caspian-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = lambda args: subprocess.run(_as_server_user(args), check=True, capture_output=True, text=True, timeout=120)  # noqa: E731
    try:
        run([_bin("initdb"), "-D", str(data), "-U", "caspian", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"])
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        run([_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "-t", "60", "start"])
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(
                    host="127.0.0.1", port=port, user="caspian", dbname="postgres", autocommit=True
                ) as conn:
                    conn.execute("CREATE DATABASE caspian")
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    except BaseException:
        stop_server(root)
        raise
    return f"postgresql+psycopg://caspian@127.0.0.1:{port}/caspian", root


def stop_server(root: Path) -> None:
    data = root / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            _as_server_user([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
    shutil.rmtree(root, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """A server for the length of a `with` block; yields its SQLAlchemy URL."""
    url, root = start_server()
    try:
        yield url
    finally:
        stop_server(root)


@contextmanager
def shared_server(share: Path) -> Iterator[str]:
    """One server for a whole test run, however many xdist workers: the first worker that needs it
    starts it (under a file lock in `share`, a folder every worker of the run knows) and records its
    URL and folder there; the others read them. The run's controller stops it (`stop_shared`).
    One start instead of one per worker: each start (initdb + pg_ctl) costs 1-2 s."""
    import fcntl

    need_postgres()
    share.mkdir(parents=True, exist_ok=True)
    with open(share / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if (share / "url").exists():
                url = (share / "url").read_text()
            else:
                url, root = start_server()
                (share / "root").write_text(str(root))
                (share / "url").write_text(url)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    yield url


def stop_shared(share: Path) -> None:
    if (share / "root").exists():
        stop_server(Path((share / "root").read_text()))
    shutil.rmtree(share, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """A new empty database on the server of `url` (each test its own); its URL. The server is shared
    by the run's xdist workers: the name gets the worker's id, so two workers never share a database."""
    import psycopg

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        name = f"{name}_{worker}"

    port = int(url.rsplit(":", 1)[1].split("/")[0])
    with psycopg.connect(host="127.0.0.1", port=port, user="caspian", dbname="caspian", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"
