"""Plain-text articles, in any common encoding."""

from __future__ import annotations

from collections.abc import Iterator

from caspian.document import Document, Failure
from caspian.readers.decode import decode


def read_text(data: bytes, path: str) -> Iterator[Document | Failure]:
    text, encoding = decode(data)
    text = text.lstrip("\ufeff")
    if not text.strip():
        yield Failure(path, "empty file")
        return
    yield Document(raw=text, path=path, meta={"encoding": encoding})
