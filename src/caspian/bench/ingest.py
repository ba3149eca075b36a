"""Ingest throughput (`caspian bench ingest`) on a synthetic corpus made from the bundled sample, and
the sample prepared by the earlier stages, the input of a one-stage benchmark."""

from __future__ import annotations

import contextlib
import random
import re
import resource
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from caspian.document import Document
from caspian.ingest import ingest
from caspian.pipeline import Pipeline
from caspian.readers import read_source
from caspian.readers.sample import sample_articles, sample_dir
from caspian.readers.sources import Source
from caspian.settings import Settings
from caspian.store import Store

_NUMBER = re.compile(r"(?<![\d.,])(\d{2,4})(?![\d.,])")


def prepared_samples(stages: tuple[str, ...], ner: str | None = None) -> list[Any]:
    """The sample articles read and run through `stages` once: the input of a one-stage benchmark.
    `ner`: the entity recogniser, when `stages` include entities (default: the pipeline's)."""
    options = {"entities": {"backend": ner}} if ner else {}
    prepare = Pipeline.from_settings(Settings(stages=stages, stage_options=options))
    docs: list[Document] = []
    for path in sample_articles():
        for item in read_source(Source(str(path), path.stat().st_size, path.stat().st_mtime_ns)):
            doc = prepare.run_one(item) if isinstance(item, Document) else item
            if isinstance(doc, Document):
                docs.append(doc)
    if not docs:
        raise FileNotFoundError("no sample articles to benchmark")
    return docs


def perturb(text: str, index: int, rng: random.Random) -> str:
    """A distinct but realistic variant: body numbers shifted, body paragraphs reordered, a counter.

    The shift goes into body paragraphs (lines over 80 characters), not the headline or the
    counter and date lines: those are noise or metadata, so changing only them would leave two
    variants with the same clean text, hence the same article id.
    """
    shift = index + 1
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if len(line) > 80]
    changed = False
    for i in body:
        new = _NUMBER.sub(lambda m: str(int(m.group(1)) + shift), lines[i], count=2)
        changed = changed or new != lines[i]
        lines[i] = new
    if not changed and body:
        lines[body[-1]] = lines[body[-1]].rstrip() + f" ({shift})"
    middle = [i for i in body if 2 <= i < len(lines) - 2]
    if len(middle) >= 2:
        a, b = rng.sample(middle, 2)
        lines[a], lines[b] = lines[b], lines[a]
    if rng.random() < 0.5:
        lines.insert(0, str(rng.randint(100, 99999)))
    return "\n".join(lines)


def make_corpus(out: Path, n: int, seed: int = 7) -> list[Path]:
    """Write `n` perturbed copies of the sample articles to `out`; some in cp1251 and UTF-16."""
    rng = random.Random(seed)
    articles = [(p.stem, p.read_text(encoding="utf-8")) for p in sample_articles()]
    if not articles:
        raise FileNotFoundError(f"no sample articles in {sample_dir()}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        stem, text = articles[i % len(articles)]
        variant = perturb(text, i // len(articles), rng)
        path = out / f"{i:06d}_{stem}.txt"
        roll = rng.random()
        if stem.startswith("ru") and roll < 0.15:
            data = variant.encode("cp1251", errors="replace")
        elif roll < 0.05:
            data = variant.encode("utf-16")
        else:
            data = variant.encode("utf-8")
        path.write_bytes(data)
        written.append(path)
    return written


def _peak_rss_mb() -> float:
    """The largest resident size any one process of ours reached."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # ru_maxrss is in KiB on Linux


class TreeMemory:
    """Samples the summed RSS of this process and its children in a thread; keeps the peak."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a worker may exit between listing and reading
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class BenchError(ValueError):
    pass


def bench_ingest(
    n: int = 2000,
    workers: int = 2,
    batch_size: int = 64,
    keep: Path | None = None,
    stages: tuple[str, ...] | None = None,
    engine: str = "local",
    engine_options: dict[str, Any] | None = None,
    db: str | None = None,
    stage_options: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Ingest `n` synthetic articles into a fresh SQLite file (or `db`, which must hold no articles:
    an empty PostgreSQL database, say); report articles/s and peak memory. `engine` and
    `engine_options` as for `caspian ingest` (`dask`, `{"scheduler": "tcp://..."}`)."""
    with tempfile.TemporaryDirectory(prefix="caspian-bench-") as tmp:
        root = keep or Path(tmp)
        corpus = root / "corpus"
        t0 = time.perf_counter()
        make_corpus(corpus, n)
        made = time.perf_counter() - t0
        path = root / "bench.db"
        if db is None and path.exists():
            path.unlink()
        settings = Settings(workers=workers, batch_size=batch_size)
        if stages:
            settings = settings.with_(stages=stages)
        if stage_options:
            settings = settings.with_(stage_options=stage_options)
        with Store(db or f"sqlite:///{path}") as store:
            if db is not None and store.count():
                raise BenchError(f"{store.url}: the benchmark needs a database without articles")
            with TreeMemory() as memory:
                report = ingest([str(corpus)], store, settings, engine=engine, engine_options=engine_options)
                stored = store.count()
            backend = store.dialect
        size = path.stat().st_size if db is None and path.exists() else 0
    return {
        "articles": n,
        "engine": engine,
        "database": backend,
        "stages": ",".join(settings.stages),
        "stored": stored,
        "failed": len(report.failures),
        "workers": workers,
        "batch_size": batch_size,
        "corpus_seconds": round(made, 2),
        "ingest_seconds": round(report.seconds, 2),
        "articles_per_second": round(n / report.seconds, 1) if report.seconds else None,
        "peak_rss_mb_total": round(memory.peak / 1024 / 1024, 1),
        "peak_rss_mb_largest_process": round(_peak_rss_mb(), 1),
        "db_mb": round(size / 1024 / 1024, 1),
    }
