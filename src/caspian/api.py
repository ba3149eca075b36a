"""The Python API: the same operations as the CLI, for notebooks and other programs."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from caspian.document import Document, Failure
from caspian.ingest import IngestReport
from caspian.ingest import ingest as _ingest
from caspian.pipeline import Pipeline
from caspian.readers import expand, read_source
from caspian.settings import Settings, default_db
from caspian.store import Store


@cache
def _default_pipeline() -> Pipeline:
    return Pipeline.from_settings()


def process(text: str, *, url: str | None = None, settings: Settings | None = None, **given: str) -> Document:
    """Run the pipeline on one article's text; `given` may carry title/published/source/lang/author."""
    pipeline = Pipeline.from_settings(settings) if settings else _default_pipeline()
    result = pipeline.run_one(Document(raw=text, url=url, meta={"given": given}))
    if isinstance(result, Failure):
        raise ValueError(f"{result.stage}: {result.reason}")
    return result


def extract(text: str, **kwargs: Any) -> dict[str, Any]:
    """The PRODUCT.md article record of one article's text."""
    return process(text, **kwargs).record()


def extract_files(paths: Iterable[str | Path], settings: Settings | None = None) -> list[Document | Failure]:
    """Read and process files, folders or globs; failures are returned, not raised."""
    pipeline = Pipeline.from_settings(settings) if settings else _default_pipeline()
    out: list[Document | Failure] = []
    for source in expand(str(p) for p in paths):
        for item in read_source(source, (settings or Settings()).max_bytes):
            out.append(item if isinstance(item, Failure) else pipeline.run_one(item))
    return out


def ingest(paths: Iterable[str | Path], db: str | None = None, settings: Settings | None = None) -> IngestReport:
    """Ingest into the knowledge base at `db` (default: $CASPIAN_DB or sqlite:///caspian.db)."""
    with Store(db or default_db()) as store:
        return _ingest([str(p) for p in paths], store, settings)


def open_store(db: str | None = None) -> Store:
    return Store(db or default_db())
