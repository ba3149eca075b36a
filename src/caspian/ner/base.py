"""The one recogniser interface, and the backends chosen by name (`Settings.stage_options["entities"]["backend"]`).

A recogniser finds typed spans in texts; resolving them to canonical entities is the entity
stage's job, not the recogniser's. Every backend subclasses `Recognizer` and defines `recognize`
or `recognize_batch` (the other comes from the base class), so callers need only those two.

Backends register themselves in `RECOGNIZERS`; the modules that define them are listed in
`BACKEND_MODULES` and imported on first use, so a heavy backend (a transformer) costs nothing until
it is asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from caspian.entities.types import ENTITY_TYPES
from caspian.registry import Registry

# Labels a recogniser may emit: PRODUCT.md's entity types (PER is spelled PERSON there).
LABELS = ENTITY_TYPES


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # character offsets into the text given to `recognize`
    end: int
    label: str  # one of LABELS (a backend that only knows LOC may emit LOCATION for countries too)
    score: float = 1.0
    source: str = ""  # the backend that found it


class Recognizer:
    """A named-entity recogniser. Subclasses define `recognize_batch` (batching pays: a
    transformer encodes the windows of many texts together) or `recognize` (one text at a time),
    and may take keyword options in `__init__` (`get_recognizer(name, **options)`)."""

    name: str = ""

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.recognize is Recognizer.recognize and cls.recognize_batch is Recognizer.recognize_batch:
            raise TypeError(f"{cls.__name__} must define recognize or recognize_batch")

    def recognize(self, text: str, lang: str) -> list[Span]:
        """The spans of one text, in the order of their start."""
        return self.recognize_batch([text], lang)[0]

    def recognize_batch(self, texts: list[str], lang: str, covered: list[list[Span]] | None = None) -> list[list[Span]]:
        """The spans of each text (all in language `lang`).

        `covered` (per text) are the spans the caller has found already with the gazetteer (the
        entity stage runs it itself). Given them, a recogniser need not find the gazetteer's
        mentions again: one that completes its models' spans with the gazetteer returns the
        models' spans alone, the gazetteer backend nothing, and any may skip work where the
        covered spans leave nothing to find. Returned spans may still overlap covered ones.
        """
        return [self.recognize(text, lang) for text in texts]


RECOGNIZERS: Registry[type[Recognizer]] = Registry("recognizer")

# name -> module that registers it; imported lazily by `get_recognizer`.
BACKEND_MODULES: dict[str, str] = {
    "accurate": "caspian.ner.accurate",
    "e5": "caspian.ner.e5",
    "fast": "caspian.ner.fast",
    "gazetteer": "caspian.ner.gazetteer",
    "natasha": "caspian.ner.natasha",
}


def backend_names() -> list[str]:
    """Every backend `get_recognizer` knows: the built-in ones and any registered since."""
    return sorted(set(BACKEND_MODULES) | set(RECOGNIZERS.names()))


def get_recognizer(name: str, **options: object) -> Recognizer:
    """The backend `name` built with `options`; `registry.UnknownComponent` for an unknown name,
    ImportError or FileNotFoundError when its dependencies or weights are missing."""
    if name not in RECOGNIZERS and name in BACKEND_MODULES:
        importlib.import_module(BACKEND_MODULES[name])
    recognizer = RECOGNIZERS.get(name)(**options)
    if not isinstance(recognizer, Recognizer):
        raise TypeError(f"recognizer {name!r} is not a caspian.ner.base.Recognizer")
    return recognizer
