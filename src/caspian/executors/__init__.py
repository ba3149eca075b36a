"""Executors run a pipeline over batches of documents; the store never sees them.

`local` runs in this process (workers=1) or in a pool of processes; a Dask executor
registers under `dask` and runs the same stages. Each worker builds the pipeline once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from caspian.document import Document, Failure
from caspian.registry import Registry
from caspian.settings import Settings


@dataclass(slots=True)
class Batch:
    """Documents to process, with what travels alongside them to the store."""

    docs: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    # Sources whose every item is in this batch or an earlier one: (key, path, count).
    completed: list[tuple[str, str, int]] = field(default_factory=list)


class Executor(Protocol):
    def map(self, batches: Iterable[Batch]) -> Iterator[Batch]:
        """Process each batch's documents; yield the batches in their input order."""
        ...

    def close(self) -> None: ...


EXECUTORS: Registry[Any] = Registry("executor")


def make_executor(name: str, settings: Settings, **options: Any) -> Executor:
    import caspian.executors.local  # noqa: F401  (registers `local`)

    return EXECUTORS.get(name)(settings, **options)
