"""Benchmark of the fact stage alone (`caspian bench facts`)."""

from __future__ import annotations

import time
from typing import Any

from caspian.bench.ingest import prepared_samples
from caspian.pipeline import Pipeline, assigned_by
from caspian.settings import DEFAULT_STAGES, Settings


def bench_facts(n: int = 2000, ner: str | None = None) -> dict[str, Any]:
    """Articles/s of the fact stage alone, on the sample corpus prepared once (by the stages before
    it, with the `ner` recogniser: default the pipeline's) and repeated to `n`."""
    before = tuple(s for s in DEFAULT_STAGES[: DEFAULT_STAGES.index("facts")])
    docs = prepared_samples(before, ner)
    t0 = time.perf_counter()
    stage = Pipeline.from_settings(Settings(stages=("facts",)), given=assigned_by(before)).stages[0]
    load = time.perf_counter() - t0
    facts = 0
    t0 = time.perf_counter()
    for i in range(n):
        facts += len(stage(docs[i % len(docs)]).facts)
    seconds = time.perf_counter() - t0
    return {
        "articles": n,
        "distinct_articles": len(docs),
        "facts": facts,
        "load_seconds": round(load, 3),
        "seconds": round(seconds, 3),
        "articles_per_second": round(n / seconds, 1) if seconds else None,
        "processes": 1,
    }
