"""Executors run a pipeline over batches of documents; the store never sees them.

`local` runs in this process (workers=1) or in a pool of processes; `dask` runs the same
stages on a Dask cluster (optional extra). Each worker builds the pipeline once. An engine's
module is imported when it is asked for, so the Dask dependency costs nothing until then.
"""

from __future__ import annotations

import importlib
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

# engine name -> the module that registers it
ENGINE_MODULES = {"local": "caspian.executors.local", "dask": "caspian.executors.dask"}


def engine_names() -> list[str]:
    return sorted(set(ENGINE_MODULES) | set(EXECUTORS.names()))


def make_executor(name: str, settings: Settings, **options: Any) -> Executor:
    if name not in EXECUTORS and name in ENGINE_MODULES:
        importlib.import_module(ENGINE_MODULES[name])
    return EXECUTORS.get(name)(settings, **options)
