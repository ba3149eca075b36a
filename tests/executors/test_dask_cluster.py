"""A real Dask cluster (issue 16, item 4): a `dask scheduler` and two `dask worker` processes on
loopback, started here; `caspian ingest --engine dask --scheduler tcp://...` into PostgreSQL gives the
records the local engine gives, and a worker killed mid-run is replaced by the other: still exact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from caspian.bench.ingest import make_corpus
from caspian.cli.app import app
from caspian.store import Store
from tests.dask_cluster import dask_cluster, records, wait_for_workers
from tests.pg import fresh_database

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow  # three processes of Dask and a database server

N = 36  # articles: nine batches of 4, several on each worker (issue 16 asks 5,000: scripts/cluster_run.py)


def test_ingest_on_a_cluster_of_processes_matches_the_local_engine(tmp_path, postgres_url):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, N)
    with dask_cluster(2) as (address, workers):
        local = fresh_database(postgres_url, "dask_local")
        remote = fresh_database(postgres_url, "dask_remote")
        common = ["--ner", "gazetteer", "--no-index", "--quiet", "--batch-size", "4"]
        # the local engine's run while the cluster's processes start
        run = CliRunner().invoke(app, ["ingest", str(corpus), "--db", local, "--workers", "1", *common])
        assert run.exit_code in (0, 3), run.output
        wait_for_workers(address, 2)
        # the cluster run, with one worker killed once the first batches are stored
        args = [sys.executable, "-m", "caspian.cli", "ingest", str(corpus), "--db", remote, "--engine", "dask"]
        proc = subprocess.Popen([*args, "--scheduler", address, *common], stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 240
        killed = False
        while proc.poll() is None and time.time() < deadline:
            time.sleep(0.3)
            if not killed:
                try:
                    with Store(remote) as store:
                        stored = store.count()
                except Exception:  # the schema may not be there yet
                    stored = 0
                if stored >= 8:
                    os.killpg(workers[0].pid, signal.SIGKILL)
                    killed = True
        _, err = proc.communicate(timeout=max(1, deadline - time.time()))
        assert proc.returncode in (0, 3), err
        assert killed, "the ingest finished before a worker could be killed; make the corpus larger"
        assert records(remote) == records(local) and len(records(local)) > N // 2
