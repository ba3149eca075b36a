"""Issue 16, item 4, at full size: N articles (default 5,000) ingested by a Dask cluster of separate
processes (a scheduler and two workers on loopback) into PostgreSQL, one worker SIGKILLed once a
tenth is stored, compared record by record with the local engine's run of the same articles.
(The test, tests/executors/test_dask_cluster.py, does the same with 48 articles.)

Starts its own PostgreSQL server and Dask processes (tests/pg.py, tests/dask_cluster.py) on loopback
and stops them. Usage, from the repository root:
    .venv/bin/python scripts/cluster_run.py [N]
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.dask_cluster import dask_cluster, records, wait_for_workers
from tests.pg import fresh_database, postgres_server

from caspian.bench.ingest import make_corpus
from caspian.store import Store


def main(n: int) -> int:
    tmp = Path(tempfile.mkdtemp())
    make_corpus(tmp / "corpus", n)
    common = ["--ner", "gazetteer", "--no-index", "--quiet", "--json"]
    caspian = str(Path(sys.executable).parent / "caspian")
    with postgres_server() as pg, dask_cluster(2) as (address, workers):
        local, remote = fresh_database(pg, "local"), fresh_database(pg, "cluster")
        t0 = time.monotonic()
        run = subprocess.run(
            [caspian, "ingest", str(tmp / "corpus"), "--db", local, *common], capture_output=True, text=True
        )
        print(f"local engine: exit {run.returncode}, {time.monotonic() - t0:.1f} s", json.loads(run.stdout or "{}"))
        wait_for_workers(address, 2)
        t0 = time.monotonic()
        args = [caspian, "ingest", str(tmp / "corpus"), "--db", remote, "--engine", "dask", "--scheduler", address]
        proc = subprocess.Popen([*args, *common], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        killed_at = None
        while proc.poll() is None:
            time.sleep(0.5)
            if killed_at is None:
                try:
                    with Store(remote) as store:
                        stored = store.count()
                except Exception:  # the schema may not be there yet
                    stored = 0
                if stored >= n // 10:
                    os.killpg(workers[0].pid, signal.SIGKILL)
                    killed_at = stored
        out, err = proc.communicate()
        print(f"cluster: exit {proc.returncode}, {time.monotonic() - t0:.1f} s, worker killed at {killed_at} stored")
        print(json.loads(out or "{}") if proc.returncode in (0, 3) else err[-2000:])
        a, b = records(local), records(remote)
        same = sum(1 for k in a if a.get(k) == b.get(k))
        print(f"local {len(a)} records, cluster {len(b)} records, identical {same}; equal: {a == b}")
        return 0 if a == b and killed_at is not None else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
