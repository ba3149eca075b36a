"""Ingest throughput on SQLite and on PostgreSQL, with 1 and 2 worker processes (docs/scale.md).

Starts a PostgreSQL server of its own (tests/pg.py: Debian's binaries, loopback, temporary folder),
writes N synthetic articles (the bench corpus) and times `caspian ingest --no-index` into each.
Usage, from the repository root:
    .venv/bin/python scripts/scale_ingest.py [N] [gazetteer|default]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pg import fresh_database, postgres_server

from caspian.bench.ingest import make_corpus


def main(n: int, ner: str) -> None:
    tmp = Path(tempfile.mkdtemp())
    make_corpus(tmp / "corpus", n)
    caspian = str(Path(sys.executable).parent / "caspian")
    with postgres_server() as pg:
        for workers in (1, 2):
            for backend in ("sqlite", "postgresql"):
                url = f"sqlite:///{tmp}/s{workers}.db" if backend == "sqlite" else fresh_database(pg, f"scale{workers}")
                args = [caspian, "ingest", str(tmp / "corpus"), "--db", url, "--workers", str(workers)]
                args += ["--no-index", "--quiet", "--json", *(["--ner", ner] if ner != "default" else [])]
                report = json.loads(subprocess.run(args, capture_output=True, text=True, check=False).stdout)
                rate = report["stored"] / report["seconds"]
                stored, seconds = report["stored"], report["seconds"]
                print(f"{backend:10s} workers={workers} stored={stored} {seconds} s {rate:.1f} articles/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 600, sys.argv[2] if len(sys.argv) > 2 else "gazetteer")
