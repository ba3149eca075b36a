"""The pipeline: an ordered list of named stages, built from settings.

It knows no storage and no executor: `process` takes documents and gives back
documents and failures, and executors decide where that runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from caspian.document import Document, Failure, make_id
from caspian.registry import Registry
from caspian.settings import Settings


class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


STAGES: Registry[type] = Registry("stage")


class Pipeline:
    def __init__(self, stages: list[Stage]) -> None:
        self.stages = stages

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Pipeline:
        import caspian.stages  # noqa: F401  (registers the built-in stages)

        settings = settings or Settings()
        return cls([STAGES.get(name)(settings) for name in settings.stages])

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def run_one(self, doc: Document) -> Document | Failure:
        for stage in self.stages:
            try:
                doc = stage(doc)
            except Exception as exc:  # one bad document never stops the batch
                return Failure(doc.origin, f"{type(exc).__name__}: {exc}", stage=stage.name)
        if not doc.id:
            doc.id = make_id((doc.title or "") + "\n" + (doc.text or doc.raw), doc.url)
        return doc

    def process(self, docs: Iterable[Document]) -> list[Document | Failure]:
        return [self.run_one(doc) for doc in docs]
