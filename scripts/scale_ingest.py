"""Ingest throughput on SQLite and on PostgreSQL, with 1 and 2 workers, on the local and the Dask
engines (docs/scale.md).

Starts a PostgreSQL server of its own (tests/pg.py: Debian's binaries, loopback, temporary folder) and
runs `caspian bench ingest --n N --ner NER` (no search index) for each combination (the Dask engine on a local
cluster of worker processes, `--workers` of them). Usage, from the repository root:
    .venv/bin/python scripts/scale_ingest.py [N] [gazetteer|default] [local,dask]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pg import fresh_database, postgres_server


def main(n: int, ner: str, engines: list[str]) -> None:
    caspian = str(Path(sys.executable).parent / "caspian")
    with postgres_server() as pg:
        for engine in engines:
            for backend in ("sqlite", "postgresql"):
                rates = {}
                for workers in (1, 2):
                    args = [caspian, "bench", "ingest", "--n", str(n), "--workers", str(workers), "--engine", engine]
                    args += ["--json", *(["--ner", ner] if ner != "default" else [])]
                    if backend == "postgresql":
                        args += ["--db", fresh_database(pg, f"scale_{engine}_{workers}")]
                    run = subprocess.run(args, capture_output=True, text=True, check=False)
                    if run.returncode != 0:
                        print(f"{engine} {backend} workers={workers}: failed\n{run.stderr[-1500:]}")
                        continue
                    report = json.loads(run.stdout)
                    rates[workers] = report["articles_per_second"]
                    print(
                        f"{engine:5s} {backend:10s} workers={workers} stored={report['stored']} "
                        f"{report['ingest_seconds']} s {rates[workers]} articles/s",
                        flush=True,
                    )
                if len(rates) == 2:
                    print(f"{engine:5s} {backend:10s} 2 workers / 1 = {rates[2] / rates[1]:.2f}", flush=True)


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1200,
        sys.argv[2] if len(sys.argv) > 2 else "gazetteer",
        (sys.argv[3] if len(sys.argv) > 3 else "local,dask").split(","),
    )
