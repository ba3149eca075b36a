"""Benchmarks of the entity stage (`caspian bench entities`) and of every stage's CPU cost."""

from __future__ import annotations

import copy
import time
from typing import Any

from caspian.bench.ingest import prepared_samples
from caspian.document import Document
from caspian.ner.training.corpora import read_corpus
from caspian.ner.training.scoring import articles
from caspian.pipeline import Pipeline
from caspian.readers import read_source
from caspian.readers.sample import sample_articles
from caspian.readers.sources import Source
from caspian.settings import Settings


def corpus_articles(dataset: str, data: str, words_per_article: int = 500) -> list[Any]:
    """Documents of about `words_per_article` words: a public NER test set's consecutive sentences
    joined (general news in the corpus's language, not our field's names)."""
    samples = read_corpus(dataset, data)
    lang = samples[0].lang if samples else ""
    return [Document(raw=t, text=t, lang=lang) for t in articles(samples, words_per_article)]


def bench_entities(
    n: int = 2000, backend: str = "accurate", dataset: str | None = None, data: str = "../shared/data"
) -> dict[str, Any]:
    """Articles/s of the entity stage alone, in batches as the executors give them
    (`Settings.batch_size`), on the sample corpus prepared once and repeated to `n` articles, or
    with `dataset` on ≈ 500-word texts made from a public NER test set (each text once, at most `n`).
    CPU seconds are reported beside wall seconds: on a shared machine they are the steadier number."""
    if dataset:
        docs = corpus_articles(dataset, data)[:n]
        n = len(docs)
    else:
        docs = prepared_samples(("clean", "metadata", "language", "segment"))
    t0 = time.perf_counter()
    settings = Settings(stages=("entities",), stage_options={"entities": {"backend": backend}})
    stage = Pipeline.from_settings(settings, given=("text", "lang")).stages[0]  # the documents above have them
    load = time.perf_counter() - t0
    found = words = 0
    wall, cpu = time.perf_counter(), time.process_time()
    batch_size = settings.batch_size  # the executors hand the pipeline batches of this size
    for start in range(0, n, batch_size):
        batch = [copy.copy(docs[i % len(docs)]) for i in range(start, min(n, start + batch_size))]
        for doc in stage.batch(batch):
            found += len(doc.entities)
            words += len(doc.text.split())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "backend": backend,
        "texts": dataset or "sample corpus",
        "articles": n,
        "distinct_articles": len(docs),
        "words_per_article": round(words / n, 1),
        "entities_per_article": round(found / n, 2),
        "load_seconds": round(load, 3),
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "articles_per_second": round(n / wall, 1) if wall else None,
        "articles_per_cpu_second": round(n / cpu, 1) if cpu else None,
        "words_per_cpu_second": round(words / cpu) if cpu else None,
        "processes": 1,
    }


def bench_stages(rounds: int = 5) -> dict[str, Any]:
    """CPU milliseconds per article of every stage of the default pipeline, on the sample corpus."""
    pipeline = Pipeline.from_settings()
    raw = [
        item
        for path in sample_articles()
        for item in read_source(Source(str(path), path.stat().st_size, path.stat().st_mtime_ns))
        if isinstance(item, Document)
    ]
    cpu = dict.fromkeys(pipeline.names, 0.0)
    for doc in raw:  # warm up: models and lexicons load on first use
        pipeline.run_one(copy.deepcopy(doc))
    for _ in range(rounds):
        for original in raw:
            doc = copy.deepcopy(original)
            for stage in pipeline.stages:
                t0 = time.process_time()
                doc = stage(doc)
                cpu[stage.name] += time.process_time() - t0
    n = rounds * len(raw)
    total = sum(cpu.values())
    return {
        "articles": n,
        "ms_per_article": {name: round(1000 * sec / n, 2) for name, sec in cpu.items()},
        "total_ms_per_article": round(1000 * total / n, 2),
        "articles_per_cpu_second": round(n / total, 1) if total else None,
    }
