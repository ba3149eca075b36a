"""Ingest by upload: one file (text, HTML, JSON, JSON Lines, RSS/Atom) sent as the request body."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from caspian.document import Document, Failure
from caspian.readers import read_source
from caspian.readers.sources import Source
from caspian.search import Indexer
from caspian.store import Store
from caspian.watch.match import WatchHook
from caspian.web.services import SEARCH_LOCK

# Content type -> the file suffix the readers recognise.
SUFFIXES = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
}
_UNSAFE = re.compile(r"[^\w.-]+")


class UploadError(ValueError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def suffix_for(content_type: str | None) -> str:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind not in SUFFIXES:
        raise UploadError(415, f"unsupported content type {kind or '(none)'!r}; send one of {', '.join(SUFFIXES)}")
    return SUFFIXES[kind]


def safe_name(filename: str | None, suffix: str) -> str:
    stem = _UNSAFE.sub("_", Path(filename or "upload").name).strip("._") or "upload"
    return stem if stem.endswith(suffix) else stem + suffix


def ingest_bytes(store: Store, pipeline: Any, data: bytes, content_type: str | None, filename: str | None) -> dict:
    """Read, process and store one uploaded file; the articles keep `upload:NAME` as their path."""
    if not data.strip():
        raise UploadError(400, "the upload is empty")
    suffix = suffix_for(content_type)
    name = safe_name(filename, suffix)
    docs: list[Document] = []
    failures: list[Failure] = []
    with tempfile.TemporaryDirectory(prefix="caspian-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        source = Source(str(path), len(data), 0)
        for item in read_source(source, max_bytes=len(data) + 1):
            result = pipeline.run_one(item) if isinstance(item, Document) else item
            if isinstance(result, Failure):
                failures.append(Failure(f"upload:{name}", result.reason, result.stage))
            else:
                result.path = f"upload:{name}"
                docs.append(result)
    batch = store.write_batch(docs, failures)
    _index(store, docs)
    WatchHook(store)(docs)  # matches are recorded; `caspian watch check` or the next ingest delivers them
    return {
        "stored": batch.stored,
        "duplicates": batch.duplicates,
        "failed": len(failures),
        "failures": [f.to_dict() for f in failures],
        "ids": [d.id for d in docs],
    }


def _index(store: Store, docs: list[Document]) -> None:
    """Keep the keyword index in step (no model is loaded; vectors catch up on the next full index)."""
    if not docs or store.dialect != "sqlite":
        return
    with SEARCH_LOCK:
        Indexer(store, embedder=None).add(docs)
