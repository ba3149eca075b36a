"""Named-entity recognition backends, chosen by name (`Settings.stage_options["entities"]["backend"]`).

A recogniser finds typed spans in a text; resolving them to canonical entities is the entity
stage's job, not the recogniser's. Backends register themselves in `RECOGNIZERS`; the modules
that define them are listed in `BACKEND_MODULES` and imported on first use, so a heavy backend
(a transformer) costs nothing until it is asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from caspian.registry import Registry

# Labels a recogniser may emit: PRODUCT.md's entity types (PER is spelled PERSON there).
LABELS = ("PERSON", "ORG", "COUNTRY", "LOCATION", "FACILITY", "EVENT", "DOCUMENT")


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # character offsets into the text given to `recognize`
    end: int
    label: str  # one of LABELS (a backend that only knows LOC may emit LOCATION for countries too)
    score: float = 1.0
    source: str = ""  # the backend that found it


class Recognizer(Protocol):
    name: str

    def recognize(self, text: str, lang: str) -> list[Span]: ...


RECOGNIZERS: Registry[type] = Registry("recognizer")

# name -> module that registers it; imported lazily by `get_recognizer`.
BACKEND_MODULES: dict[str, str] = {
    "e5": "caspian.ner.backend",
    "gazetteer": "caspian.entities.recognizer",
    "natasha": "caspian.ner.natasha_backend",
    "accurate": "caspian.ner.accurate",
    "fast": "caspian.ner.fast",
}


def get_recognizer(name: str, **options: object) -> Recognizer:
    if name not in RECOGNIZERS and name in BACKEND_MODULES:
        importlib.import_module(BACKEND_MODULES[name])
    return RECOGNIZERS.get(name)(**options)
