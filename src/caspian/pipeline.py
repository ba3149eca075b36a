"""The pipeline: an ordered list of named stages, built from settings and checked before it runs.

It knows no storage and no executor: `process` takes documents and gives back
documents and failures, and executors decide where that runs. A stage may also offer
`batch(docs)`, one call for many documents (the entity stage feeds its transformer that way);
`process` uses it and falls back to one document at a time when a batch fails, so the failure
is pinned on its document and the rest go on.

`validate(settings)` checks a configuration without building a stage (no model loads): every
stage and option is known, and each stage runs after the stages that set what it `requires`.
`Pipeline.from_settings` checks the same before it builds the stages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from caspian.document import Document, Failure, make_id
from caspian.settings import Settings
from caspian.stages import STAGES, Stage, StageConfigError, parse_options

__all__ = ["READER_FIELDS", "STAGES", "Pipeline", "Stage", "StageConfigError", "assigned_by", "validate"]

log = logging.getLogger(__name__)

# The Document fields a reader fills: there before the first stage.
READER_FIELDS = ("raw", "path", "item", "url", "meta")


def validate(settings: Settings | None = None, given: Iterable[str] = ()) -> list[type]:
    """Check that `settings` describe a pipeline that can work, without building it.

    Raises StageConfigError (a ValueError) for an unknown stage, options of an unknown stage, an
    option a stage does not have (or a value of the wrong type), or a stage that runs before the
    stages that set the fields it requires. `given`: Document fields the caller's documents have
    already (beyond READER_FIELDS), e.g. `("text", "lang")` for a pipeline of `entities` alone over
    documents prepared elsewhere. Returns the stage classes, in order.
    """
    settings = settings or Settings()
    classes = [_stage_class(name) for name in settings.stages]
    for name, raw in settings.stage_options.items():
        if name not in STAGES:
            raise StageConfigError(f"options for unknown stage {name!r}; known stages: {', '.join(STAGES.names())}")
        options_cls = getattr(STAGES.get(name), "Options", None)
        if options_cls is not None:  # a stage that declares no Options reads its options itself
            parse_options(name, options_cls, raw)
    available = set(READER_FIELDS) | set(given)
    for cls in classes:
        missing = [f for f in getattr(cls, "requires", ()) if f not in available]
        if missing:
            raise StageConfigError(_missing_message(cls.name, missing))
        available.update(getattr(cls, "assigns", ()))
    return classes


def assigned_by(stages: Iterable[str]) -> tuple[str, ...]:
    """The Document fields the named stages set: `given` for a pipeline that goes on from them."""
    return tuple(dict.fromkeys(f for name in stages for f in getattr(_stage_class(name), "assigns", ())))


class Pipeline:
    def __init__(self, stages: list[Stage]) -> None:
        self.stages = stages

    @classmethod
    def from_settings(cls, settings: Settings | None = None, given: Iterable[str] = ()) -> Pipeline:
        """The stages `settings` name, built in order, once `validate` has passed them."""
        settings = settings or Settings()
        return cls([stage(settings) for stage in validate(settings, given)])

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
                except Exception as exc:  # one document at a time, below, names the bad one
                    log.warning(
                        "stage %r: a batch of %d documents failed (%s: %s); processing them one by one",
                        stage.name,
                        len(live),
                        type(exc).__name__,
                        exc,
                    )
            for i in live:
                items[i] = _apply(stage, items[i])  # type: ignore[arg-type]
        return [_with_id(item) if isinstance(item, Document) else item for item in items]


def _stage_class(name: str) -> type:
    if name not in STAGES:
        raise StageConfigError(f"unknown stage {name!r}; known stages: {', '.join(STAGES.names())}")
    return STAGES.get(name)


def _setters(field: str) -> list[str]:
    return [name for name in STAGES.names() if field in getattr(STAGES.get(name), "assigns", ())]


def _missing_message(stage: str, missing: list[str]) -> str:
    """stage 'events' needs 'entities' (set by stage 'entities'), which does not run before it"""
    parts = []
    for field in missing:
        setters = _setters(field)
        by = " or ".join(repr(s) for s in setters) or "no stage"
        parts.append(f"{field!r} (set by {'stage ' if setters else ''}{by})")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    verb = "does" if len(parts) == 1 else "do"
    return f"stage {stage!r} needs {listed}, which {verb} not run before it"


def _apply(stage: Stage, doc: Document) -> Document | Failure:
    try:
        return stage(doc)
    except Exception as exc:  # one bad document never stops the batch
        return Failure(doc.origin, f"{type(exc).__name__}: {exc}", stage=stage.name)


def _with_id(doc: Document) -> Document:
    if not doc.id:
        doc.id = make_id((doc.title or "") + "\n" + (doc.text or doc.raw), doc.url)
    return doc
