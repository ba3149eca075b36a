"""The Dask executor: the same stages on a Dask cluster (a local one on 127.0.0.1, or a scheduler's address).

Each worker builds the pipeline once (cached per worker process) and processes whole batches;
results come back in input order, with a bounded number of batches in flight, so the store
writes them in the same order the local executor would, and an interrupted ingest resumes the
same way. Install with `pip install 'caspian[dask]'`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from caspian.document import Document
from caspian.executors import EXECUTORS, Batch
from caspian.executors.local import finish_batch
from caspian.pipeline import Pipeline
from caspian.settings import Settings

_PIPELINES: dict[str, Pipeline] = {}


def _process_on_worker(settings: Settings, docs: list[dict[str, Any]], failures: list, completed: list) -> Batch:
    key = repr(settings)  # Settings holds dicts, so it is not hashable; its repr is stable
    pipeline = _PIPELINES.get(key)
    if pipeline is None:
        pipeline = _PIPELINES[key] = Pipeline.from_settings(settings)
    return finish_batch(pipeline, [Document.from_dict(d) for d in docs], failures, completed)


def _result(item: Any) -> Batch:
    return item if isinstance(item, Batch) else item.result()


class DaskUnavailable(RuntimeError):
    pass


@EXECUTORS.register("dask")
class DaskExecutor:
    def __init__(
        self,
        settings: Settings,
        scheduler: str | None = None,
        workers: int | None = None,
        processes: bool = True,
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # an optional extra
            raise DaskUnavailable("the dask engine needs dask[distributed]: pip install 'caspian[dask]'") from exc
        self.settings = settings
        self.workers = max(1, workers if workers is not None else settings.workers)
        self._scheduler = scheduler
        self._processes = processes
        self._classes = (Client, LocalCluster)
        self._cluster: Any = None
        self._client: Any = None

    def _connect(self) -> Any:
        """The client, connected on the first batch with documents: a re-run that finds every
        source done (or a batch of failures alone) starts no cluster and waits for no workers."""
        if self._client is None:
            client_cls, cluster_cls = self._classes
            if self._scheduler:
                try:
                    self._client = client_cls(self._scheduler)
                except OSError as exc:  # refused or timed out: told as the engine's failure, no traceback
                    raise DaskUnavailable(f"cannot reach the Dask scheduler at {self._scheduler}: {exc}") from exc
            else:
                # A cluster of our own on loopback only, without the dashboard (nothing listens outside).
                # worker processes talk TCP on loopback only; threads in this process talk in-process
                where = {"host": "127.0.0.1"} if self._processes else {}
                self._cluster = cluster_cls(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=self._processes,
                    dashboard_address=None,
                    silence_logs=40,
                    **where,
                )
                self._client = client_cls(self._cluster)
        return self._client

    def map(self, batches: Iterable[Batch]) -> Iterator[Batch]:
        pending: deque[Any] = deque()
        for b in batches:
            if not b.docs:  # nothing to process: kept in order, never shipped
                pending.append(Batch(failures=list(b.failures), completed=list(b.completed)))
            else:
                docs = [d.to_dict() for d in b.docs]
                pending.append(
                    self._connect().submit(_process_on_worker, self.settings, docs, b.failures, b.completed, pure=False)
                )
            while len(pending) >= 2 * self.workers:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
