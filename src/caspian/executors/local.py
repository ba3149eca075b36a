"""The local executor: in this process, or a pool of worker processes on this machine."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any

from caspian.document import Document, Failure
from caspian.executors import EXECUTORS, Batch
from caspian.pipeline import Pipeline
from caspian.settings import Settings

_PIPELINE: Pipeline | None = None


def _init_worker(settings: Settings, threads: int) -> None:
    global _PIPELINE
    # Each worker gets its share of the cores for torch's intra-op threads (the NER model);
    # the environment is read when torch is imported, set_num_threads covers a forked torch.
    os.environ["OMP_NUM_THREADS"] = str(threads)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)
    _PIPELINE = Pipeline.from_settings(settings)


def start_method() -> str:
    """`fork` is cheapest, but a process that has run torch cannot fork safely (its OpenMP
    thread pool does not survive the fork: the workers hang), so then `forkserver` or `spawn`."""
    methods = mp.get_all_start_methods()
    if "fork" in methods and "torch" not in sys.modules:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _process(payload: tuple[list[dict[str, Any]], list[Failure], list[tuple[str, str, int]]]) -> Batch:
    docs, failures, completed = payload
    assert _PIPELINE is not None
    return finish_batch(_PIPELINE, [Document.from_dict(d) for d in docs], failures, completed)


def finish_batch(pipeline: Pipeline, docs: list[Document], failures: list[Failure], completed: list) -> Batch:
    """The pipeline over `docs`, as a Batch with the failures and completed sources it came with."""
    out = Batch(failures=list(failures), completed=list(completed))
    for result in pipeline.process(docs):
        if isinstance(result, Failure):
            out.failures.append(result)
        else:
            result.raw = ""  # the store keeps text and removed lines; raw is not shipped back
            out.docs.append(result)
    return out


@EXECUTORS.register("local")
class LocalExecutor:
    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        self.settings = settings
        self.workers = max(1, workers if workers is not None else settings.workers)
        self._pool: Any = None
        self._pipeline: Pipeline | None = None

    def map(self, batches: Iterable[Batch]) -> Iterator[Batch]:
        batches = iter(batches)
        first = list(islice(batches, 2))
        if self.workers == 1 or len(first) < 2:
            # One batch (a file, standard input, an upload): in this process. Starting workers, each
            # building its own pipeline, would cost more than the batch itself.
            self._pipeline = self._pipeline or Pipeline.from_settings(self.settings)
            for batch in chain(first, batches):
                yield finish_batch(self._pipeline, batch.docs, batch.failures, batch.completed)
            return
        batches = chain(first, batches)
        ctx = mp.get_context(start_method())
        threads = max(1, (os.cpu_count() or 1) // self.workers)
        self._pool = ctx.Pool(self.workers, initializer=_init_worker, initargs=(self.settings, threads))
        # At most a few batches in flight: reading never runs far ahead of storing.
        pending: deque[Any] = deque()
        for b in batches:
            pending.append(
                self._pool.apply_async(_process, (([d.to_dict() for d in b.docs], b.failures, b.completed),))
            )
            while len(pending) >= 2 * self.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
