"""The pipeline: an ordered list of named stages, built from settings.

It knows no storage and no executor: `process` takes documents and gives back
documents and failures, and executors decide where that runs. A stage may also offer
`batch(docs)`, one call for many documents (the entity stage feeds its transformer that way);
`process` uses it and falls back to one document at a time when a batch fails, so the failure
is pinned on its document and the rest go on.
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
            result = _apply(stage, doc)
            if isinstance(result, Failure):
                return result
            doc = result
        return _with_id(doc)

    def process(self, docs: Iterable[Document]) -> list[Document | Failure]:
        items: list[Document | Failure] = list(docs)
        for stage in self.stages:
            live = [i for i, item in enumerate(items) if isinstance(item, Document)]
            batch = getattr(stage, "batch", None)
            if batch is not None and len(live) > 1:
                try:
                    for i, doc in zip(live, batch([items[i] for i in live]), strict=True):
                        items[i] = doc
                    continue
                except Exception:  # one document at a time, below, names the bad one
                    pass
            for i in live:
                items[i] = _apply(stage, items[i])  # type: ignore[arg-type]
        return [_with_id(item) if isinstance(item, Document) else item for item in items]


def _apply(stage: Stage, doc: Document) -> Document | Failure:
    try:
        return stage(doc)
    except Exception as exc:  # one bad document never stops the batch
        return Failure(doc.origin, f"{type(exc).__name__}: {exc}", stage=stage.name)


def _with_id(doc: Document) -> Document:
    if not doc.id:
        doc.id = make_id((doc.title or "") + "\n" + (doc.text or doc.raw), doc.url)
    return doc
