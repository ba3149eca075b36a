"""Readers: turn sources (files, folders, globs, stdin) into documents or failures.

Each reader takes the bytes of one source and yields `Document`s (one for a text or
HTML file, many for JSONL, JSON arrays and feeds) or `Failure`s naming what was wrong.
A bad item never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from caspian.document import Document, Failure
from caspian.readers.decode import DecodeError
from caspian.readers.feed import read_feed
from caspian.readers.formats import detect
from caspian.readers.html import read_html
from caspian.readers.jsonl import read_json, read_jsonl
from caspian.readers.sources import MissingSource, Source, expand
from caspian.readers.text import read_text

__all__ = ["DEFAULT_MAX_BYTES", "READERS", "Source", "expand", "read_source"]

READERS: dict[str, Callable[[bytes, str], Iterator[Document | Failure]]] = {
    "txt": read_text,
    "html": read_html,
    "json": read_json,
    "jsonl": read_jsonl,
    "feed": read_feed,
}

# A single article over this size is not an article (a dump, a log, a mistake).
# JSONL files and feeds hold many articles and get a larger allowance.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
CONTAINER_FACTOR = 50


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def read_source(source: Source | MissingSource, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | Failure]:
    """Read one source into documents; every problem becomes a Failure naming the source."""
    if isinstance(source, MissingSource):
        yield Failure(source.path, source.reason)
        return
    fmt_hint = detect(source.path, b"") if not source.is_stdin else None
    limit = max_bytes * (CONTAINER_FACTOR if fmt_hint in ("jsonl", "feed", "json") else 1)
    if source.size > limit:
        yield Failure(
            source.path,
            f"file too large for a {fmt_hint or 'text'} input ({_mb(source.size)} > {_mb(limit)}); "
            "raise the limit with --max-bytes if this is intended",
        )
        return
    try:
        data = source.read_bytes()
    except OSError as exc:
        yield Failure(source.path, f"cannot read: {exc.strerror or exc}")
        return
    fmt = detect(source.path, data[:1024]) if not source.is_stdin else detect("", data[:1024])
    reader = READERS[fmt]
    try:
        for item in reader(data, source.path):
            if isinstance(item, Document):
                item.meta.setdefault("format", fmt)
            yield item
    except DecodeError as exc:
        yield Failure(source.path, str(exc))
    except Exception as exc:  # a reader bug or a pathological file must not stop the batch
        yield Failure(source.path, f"cannot parse as {fmt}: {type(exc).__name__}: {exc}")
