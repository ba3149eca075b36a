"""`caspian bench search`: index N synthetic articles, then time queries in each mode.

The articles are the bundled sample corpus (processed once by the pipeline) and the story set,
rewritten: sentences shuffled, numbers and dates changed, sentences of another article of the
same language mixed in. They are stored directly (no pipeline per article), then indexed.

Embedding 100,000 title + lead passages with e5-small takes about 20 minutes on 2 cores, so with
`embedder="auto"` more than 2,000 articles get the `hashing` stand-in for their vectors; the
hybrid and semantic queries then still embed the query with e5-small, so their latency holds
the real model's cost (the vector search runs over stand-in vectors of the same dimension).
"""

from __future__ import annotations

import random
import re
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from caspian.document import Document, make_id
from caspian.evaluation.stories import load_items
from caspian.pipeline import Pipeline
from caspian.readers.sample import sample_articles
from caspian.search.embedders import DEFAULT_EMBEDDER, get_embedder
from caspian.search.index import Indexer, default_vectors_path, server_sizes
from caspian.search.searcher import Searcher
from caspian.settings import Settings
from caspian.store import Store

AUTO_E5_UP_TO = 2_000
QUERIES = [
    "добыча нефти",
    "Kashagan production",
    "KMG Türkiye",
    "uranyum üretimi",
    "мұнай өндірісі",
    "gas transit to Uzbekistan",
    "КТК экспорт",
    "OPEC+ quota",
    "Тенгиз расширение",
    "doğal gaz boru hattı",
    "электр энергиясы",
    "wind farm Kazakhstan",
    "Kazatomprom",
    "нефтепровод Баку Тбилиси Джейхан",
    "Orta Koridor",
    "refinery capacity",
]
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_NUMBER = re.compile(r"\d+")


def base_articles() -> list[Document]:
    """The sample corpus through the pipeline, plus the story set: the material the articles are made of."""
    # The stages that give clean text, title, date and language: no models beyond language detection.
    pipeline = Pipeline.from_settings(Settings(stages=("clean", "metadata", "language", "segment")))
    docs = []
    for path in sample_articles():
        doc = pipeline.run_one(Document(raw=path.read_text(encoding="utf-8"), path=str(path)))
        if isinstance(doc, Document):
            docs.append(doc)
    docs += [d for _, d in load_items()]
    return docs


def synthetic(base: list[Document], n: int, seed: int = 11) -> list[Document]:
    rng = random.Random(seed)
    by_lang: dict[str | None, list[Document]] = {}
    for d in base:
        by_lang.setdefault(d.lang, []).append(d)
    out = []
    for i in range(n):
        src = base[i % len(base)]
        other = rng.choice(by_lang[src.lang])
        sentences = [s for s in _SENTENCE.split(src.text) if s.strip()]
        rng.shuffle(sentences)
        extra = [s for s in _SENTENCE.split(other.text) if s.strip()]
        sentences += rng.sample(extra, min(len(extra), 2))
        text = _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(1, 97)), " ".join(sentences))
        title = _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(1, 9)), src.title or "")
        text = f"{title}\n{text}"
        day = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append(
            Document(
                raw="", id=make_id(text), title=title, text=text, lang=src.lang, published=day, path=f"bench/{i}.txt"
            )
        )
    return out


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = np.asarray(seconds) * 1000.0
    return round(float(np.percentile(ms, 50)), 2), round(float(np.percentile(ms, 95)), 2)


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _size_mb(paths: list[Path]) -> float:
    return round(sum(p.stat().st_size for p in paths if p.exists()) / 1024 / 1024, 1)


def time_queries(searcher: Searcher, mode: str, count: int) -> dict[str, Any]:
    searcher.search(QUERIES[0], mode=mode)  # warm: models, caches, the vector file
    seconds, hits = [], []
    for i in range(count):
        started = time.perf_counter()
        found = searcher.search(QUERIES[i % len(QUERIES)], mode=mode, limit=10)
        seconds.append(time.perf_counter() - started)
        hits.append(len(found))
    p50, p95 = _percentiles(seconds)
    return {"p50_ms": p50, "p95_ms": p95, "mean_hits": round(statistics.mean(hits), 1)}


def bench_search(
    n: int = 1000,
    embedder: str | None = "auto",
    queries: int = 100,
    keep: Path | None = None,
    log: Callable[[str], None] | None = None,
    db: str | None = None,
) -> dict[str, Any]:
    """`db`: an empty database to run in (e.g. `postgresql+psycopg://...`) instead of a temporary
    SQLite file; what is stored and indexed is left there."""
    say = log or (lambda _msg: None)
    name = (DEFAULT_EMBEDDER if n <= AUTO_E5_UP_TO else "hashing") if embedder == "auto" else embedder
    with tempfile.TemporaryDirectory(prefix="caspian-bench-search-") as tmp:
        root = keep or Path(tmp)
        path = root / "bench-search.db"
        if db is None:
            for leftover in root.glob("bench-search.db*"):
                leftover.unlink()
        store = Store(db or f"sqlite:///{path}")
        if store.count():
            raise ValueError(f"the benchmark needs an empty database; {db} holds {store.count()} articles")
        sqlite = store.dialect == "sqlite"
        started = time.perf_counter()
        docs = synthetic(base_articles(), n)
        made = time.perf_counter() - started
        say(f"made {n} synthetic articles in {made:.1f} s; storing in {store.dialect}")
        started = time.perf_counter()
        for i in range(0, len(docs), 2000):
            store.write_batch(docs[i : i + 2000])
        stored_s = time.perf_counter() - started
        if sqlite:
            with store.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        articles_mb = _size_mb([path]) if sqlite else server_sizes(store)["database_mb"]
        del docs
        say(f"stored in {stored_s:.1f} s; indexing with vectors from {name or 'no embedder'}")
        started = time.perf_counter()
        with Indexer(store, embedder=name, autosave=False) as indexer:
            indexer.update(batch=500)
        build_s = time.perf_counter() - started
        if sqlite:
            with store.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            vectors = default_vectors_path(store)
            sizes = {"database_mb": _size_mb([path]), "vectors_mb": _size_mb([vectors]) if vectors else 0.0}
        else:  # the vectors are a table of the database
            sizes = server_sizes(store)
            sizes["database_mb"] = round(sizes["database_mb"] - sizes["vectors_mb"], 1)
        say(f"indexed in {build_s:.1f} s; timing {queries} queries per mode")
        started = time.perf_counter()
        searcher = Searcher(store)
        if name == "hashing":
            # Real query cost: the query is embedded by e5-small; the stand-in vectors have its dimension.
            searcher._embedder = get_embedder(DEFAULT_EMBEDDER)
        if name:
            searcher.vectors()  # on PostgreSQL: read from the database and indexed in this process
        load_s = time.perf_counter() - started
        modes = ["keyword"] + (["semantic", "hybrid"] if name else [])
        timings = {mode: time_queries(searcher, mode, queries) for mode in modes}
        result: dict[str, Any] = {
            "database": store.dialect,
            "articles": store.count(),
            "vectors": name or "none",
            "query_embedder": DEFAULT_EMBEDDER if name else "none",
            "make_seconds": round(made, 1),
            "store_seconds": round(stored_s, 1),
            "index_build_seconds": round(build_s, 1),
            "articles_per_second_indexed": round(n / build_s, 1) if build_s else None,
            "searcher_load_seconds": round(load_s, 1),
            "db_mb_articles_only": articles_mb,
            "db_mb_with_keyword_index": sizes["database_mb"],
            "vectors_mb": sizes["vectors_mb"],
        }
        for mode, t in timings.items():
            result |= {
                f"{mode}_p50_ms": t["p50_ms"],
                f"{mode}_p95_ms": t["p95_ms"],
                f"{mode}_mean_hits": t["mean_hits"],
            }
        result["peak_rss_mb"] = _peak_rss_mb()
        store.close()
    return result
