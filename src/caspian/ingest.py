"""Ingest: sources -> readers -> executor(pipeline) -> store, batch by batch.

Each batch is stored in one transaction together with the list of sources it
completes, so an interrupted ingest resumes where it stopped: finished sources
are skipped, a half-done one is read again and its stored articles (same ids)
are not stored twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from caspian.document import Document, Failure
from caspian.executors import Batch, make_executor
from caspian.pipeline import validate
from caspian.readers import Source, expand, read_source
from caspian.readers.sources import MissingSource
from caspian.settings import Settings
from caspian.store import Store

# Exit code of `caspian ingest` when some items failed and the rest was stored.
EXIT_SOME_FAILED = 3


@dataclass(slots=True)
class IngestReport:
    sources: int = 0
    skipped_sources: int = 0
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "sources": self.sources,
            "skipped_sources": self.skipped_sources,
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "failed": len(self.failures),
            "failures": [f.to_dict() for f in self.failures],
            "seconds": round(self.seconds, 2),
        }


def read_batches(
    sources: Iterable[Source | MissingSource], settings: Settings, skip: set[str], report: IngestReport
) -> Iterator[tuple[Batch, int]]:
    """Batches of read documents, each with the number of sources it finishes."""
    batch, finished = Batch(), 0
    for src in sources:
        if isinstance(src, Source) and src.key in skip:
            report.skipped_sources += 1
            finished += 1
            continue
        count, whole_failed = 0, False
        for item in read_source(src, settings.max_bytes):
            if isinstance(item, Failure):
                batch.failures.append(item)
                whole_failed = whole_failed or item.origin == src.path
            else:
                batch.docs.append(item)
                count += 1
                report.read += 1
                if len(batch.docs) >= settings.batch_size:
                    yield batch, finished
                    batch, finished = Batch(), 0
        if isinstance(src, Source) and not src.is_stdin and not whole_failed:
            batch.completed.append((src.key, src.path, count))
        finished += 1
    if batch.docs or batch.failures or batch.completed or finished:
        yield batch, finished


def ingest(
    paths: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    engine: str = "local",
    progress: Callable[[int, int], None] | None = None,
    on_stored: Callable[[list[Document]], None] | None = None,
    engine_options: dict[str, Any] | None = None,
) -> IngestReport:
    """Read, process and store everything under `paths`. `progress(done, total)` is called per batch.

    Raises `StageConfigError` before reading anything when the stages cannot run in their order
    or an option is unknown."""
    settings = settings or Settings()
    validate(settings)
    started = time.perf_counter()
    report = IngestReport()
    sources = list(expand(paths))
    report.sources = len(sources)
    skip = store.completed_sources()
    executor = make_executor(engine, settings, **(engine_options or {}))
    done = 0
    pending_counts: list[int] = []

    def batches() -> Iterator[Batch]:
        for batch, finished in read_batches(sources, settings, skip, report):
            pending_counts.append(finished)
            yield batch

    if progress:
        progress(0, report.sources)
    try:
        for batch in executor.map(batches()):
            # A file whose only article failed in a stage is not done: it is read (and reported) again.
            failed = {f.origin for f in batch.failures}
            completed = [c for c in batch.completed if c[1] not in failed]
            result = store.write_batch(batch.docs, batch.failures, completed)
            report.stored += result.stored
            report.duplicates += result.duplicates
            report.failures.extend(batch.failures)
            if on_stored:
                on_stored(batch.docs)
            done += pending_counts.pop(0) if pending_counts else 0
            if progress:
                progress(done, report.sources)
    finally:
        executor.close()
        report.seconds = time.perf_counter() - started
    return report
