"""The one type that flows through every stage: an article and its record (PRODUCT.md)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

# Fields of the public article record, in the order PRODUCT.md lists them.
RECORD_FIELDS = (
    "id",
    "lang",
    "source",
    "url",
    "title",
    "author",
    "published",
    "dateline",
    "text",
    "sentences",
    "paragraph_langs",
    "removed",
    "entities",
    "facts",
    "events",
    "topics",
)


@dataclass(slots=True)
class Document:
    """An article on its way through the pipeline.

    `raw` is the decoded input as it arrived; `text` is the clean body that every
    offset (sentences, mentions, facts, events) refers to. Readers fill `raw`,
    `path`, `item` and whatever metadata the container format carries (`meta`).
    """

    raw: str
    path: str = "-"
    item: int | None = None
    url: str | None = None
    id: str = ""
    lang: str | None = None
    source: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    dateline: str | None = None
    text: str = ""
    sentences: list[list[int]] = field(default_factory=list)
    paragraph_langs: list[dict[str, Any]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    # Container metadata (HTML <meta>, JSON fields, feed entries) and stage notes,
    # e.g. {"encoding": "cp1251", "format": "txt", "lang_confidence": 0.93}.
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        """Where the document came from, for messages: `path` or `path#item`."""
        return self.path if self.item is None else f"{self.path}#{self.item}"

    def record(self) -> dict[str, Any]:
        """The PRODUCT.md article record."""
        data = asdict(self)
        return {name: data[name] for name in RECORD_FIELDS}

    def to_dict(self) -> dict[str, Any]:
        """Everything, for storage and for passing between processes."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


_SPACE = re.compile(r"\s+")


def normalise_for_id(text: str) -> str:
    """The form of a text its id is computed from: NFC, case-folded, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def make_id(text: str, url: str | None = None) -> str:
    """A stable article id: a hash of the URL when given, else of the normalised text."""
    key = ("url:" + url.strip()) if url else ("text:" + normalise_for_id(text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Failure:
    """An input or document that could not be processed, with a reason a user can act on."""

    origin: str
    reason: str
    stage: str = "read"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)
