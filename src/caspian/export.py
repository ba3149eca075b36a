"""Exports of the whole knowledge base, with provenance, streamed in batches (never built in memory).

- `jsonl`: one article record per line (PRODUCT.md) plus `path` and `item`, where it came from.
- `csv` / `parquet`: one flat table, one row per article, entity mention, fact and event
  (`kind`), each row carrying its article's id, path, url, source, title, language and date,
  and the character span (`start`, `end`) into the article's `text` that supports it.

`export_chunks(store, fmt)` yields the bytes of the file; `export_to(store, fmt, path)` writes them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from caspian.document import Document
from caspian.kb import articles as kb_articles
from caspian.kb.facts import FIELD_TYPES as FACT_TYPES
from caspian.store import Store

FORMATS = ("jsonl", "csv", "parquet")
MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}

# The Parquet type of a fact column, from its Python type (kb.facts types the fact columns once).
ARROW_TYPES = {str: "string", int: "int64", float: "float64"}
FACT_FLAT = ("commodity", "metric", "value", "unit", "period", "modality", "geo", "confidence")
# (column, parquet type) of the flat table, in order.
FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "string"),
    ("article_id", "string"),
    ("article_path", "string"),
    ("article_item", "int64"),
    ("article_url", "string"),
    ("article_source", "string"),
    ("article_title", "string"),
    ("lang", "string"),
    ("published", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("text", "string"),
    ("entity_id", "string"),
    ("canonical", "string"),
    ("entity_type", "string"),
    ("role", "string"),
    ("wikidata", "string"),
    *((name, ARROW_TYPES[FACT_TYPES[name]]) for name in FACT_FLAT),
    ("event_type", "string"),
    ("participants", "string"),
    ("place", "string"),
    ("date", "string"),
    ("summary", "string"),
    ("details", "string"),
)
COLUMN_NAMES = tuple(name for name, _ in FLAT_COLUMNS)
T = TypeVar("T")
# Rows per Parquet row group: `batch` times this (an article gives tens of rows, a row group wants thousands).
PARQUET_ROWS_PER_ARTICLE = 4


class ExportError(ValueError):
    pass


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def json_line(doc: Document) -> str:
    record = {**doc.record(), "path": doc.path, "item": doc.item}
    return json.dumps(record, ensure_ascii=False, default=str) + "\n"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def flat_rows(doc: Document) -> Iterator[dict[str, Any]]:
    """The rows of one article in the flat table."""
    base = {
        "article_id": doc.id,
        "article_path": doc.path,
        "article_item": doc.item,
        "article_url": doc.url,
        "article_source": doc.source,
        "article_title": doc.title,
        "lang": doc.lang,
        "published": doc.published,
    }
    details = {k: getattr(doc, k) for k in ("author", "dateline", "sentences", "paragraph_langs", "removed", "topics")}
    yield {**base, "kind": "article", "start": 0, "end": len(doc.text), "text": doc.text, "details": _dumps(details)}
    for ent in doc.entities:
        for m in ent.get("mentions", []):
            yield {
                **base,
                "kind": "mention",
                "start": _int(m.get("start")),
                "end": _int(m.get("end")),
                "text": m.get("text"),
                "entity_id": ent.get("id"),
                "canonical": ent.get("canonical"),
                "entity_type": ent.get("type"),
                "role": ent.get("role"),
                "wikidata": ent.get("wikidata"),
            }
    for f in doc.facts:
        yield {
            **base,
            "kind": "fact",
            "start": _int(f.get("start")),
            "end": _int(f.get("end")),
            "text": f.get("quote"),
            **{k: f.get(k) for k in ("commodity", "metric", "unit", "modality", "geo")},
            "period": None if f.get("period") is None else str(f.get("period")),
            "value": _number(f.get("value")),
            "confidence": _number(f.get("confidence")),
        }
    for e in doc.events:
        start, end = _int(e.get("start")), _int(e.get("end"))
        yield {
            **base,
            "kind": "event",
            "start": start,
            "end": end,
            "text": doc.text[start:end] if start is not None and end is not None else None,
            "event_type": e.get("type"),
            "participants": _dumps(e.get("participants") or []),
            "place": e.get("place"),
            "date": e.get("date"),
            "summary": e.get("summary"),
        }


def _batches(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def all_flat_rows(docs: Iterable[Document]) -> Iterator[dict[str, Any]]:
    for doc in docs:
        yield from flat_rows(doc)


def jsonl_chunks(docs: Iterable[Document], batch: int = 100) -> Iterator[bytes]:
    for group in _batches(map(json_line, docs), batch):
        yield "".join(group).encode("utf-8")


def csv_chunks(
    rows: Iterable[dict[str, Any]], columns: tuple[str, ...] = COLUMN_NAMES, batch: int = 500
) -> Iterator[bytes]:
    """CSV with a header row, in UTF-8, one chunk of bytes per batch of rows."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    yield buffer.getvalue().encode("utf-8")
    for group in _batches(rows, batch):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(group)
        yield buffer.getvalue().encode("utf-8")


class _Drain(io.RawIOBase):
    """A write-only sink that hands back what was written since the last `take()`.

    pyarrow's ParquetWriter writes to any file-like object; taking its bytes after each
    row group lets a response or a file receive the Parquet file piece by piece.
    """

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._pos = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._parts.append(chunk)
        self._pos += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._pos

    def take(self) -> bytes:
        out, self._parts = b"".join(self._parts), []
        return out


def parquet_chunks(rows: Iterable[dict[str, Any]], batch: int = 2000) -> Iterator[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in FLAT_COLUMNS])
    sink = _Drain()
    writer = pq.ParquetWriter(sink, schema, compression="zstd")
    try:
        for group in _batches(rows, batch):
            table = pa.Table.from_pylist([{c: r.get(c) for c in COLUMN_NAMES} for r in group], schema=schema)
            writer.write_table(table)
            yield sink.take()
    finally:
        writer.close()
    yield sink.take()


def export_chunks(store: Store, fmt: str, batch: int = 500) -> Iterator[bytes]:
    check_format(fmt)
    docs = kb_articles.iter_documents(store, batch)
    if fmt == "jsonl":
        return jsonl_chunks(docs, batch)
    if fmt == "csv":
        return csv_chunks(all_flat_rows(docs), batch=batch)
    return parquet_chunks(all_flat_rows(docs), batch=batch * PARQUET_ROWS_PER_ARTICLE)


def export_to(store: Store, fmt: str, out: Path, batch: int = 500) -> int:
    """Write the export to `out` (through a temporary file beside it); returns the bytes written."""
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    written = 0
    try:
        with tmp.open("wb") as fh:
            for chunk in export_chunks(store, fmt, batch):
                fh.write(chunk)
                written += len(chunk)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return written


# --- the table of figures (kb.figures) as a spreadsheet -------------------------------------------

FIGURE_MODALITIES = ("actual", "target", "forecast", "limit")
FIGURE_COLUMNS = (
    "period",
    "kind",
    "start",
    "end",
    "unit",
    *(f"{m}{part}" for m in FIGURE_MODALITIES for part in ("", "_sources", "_values", "_stated_by")),
)
# A text cell that a spreadsheet would run as a formula (CSV injection) is written after an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def figure_rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per period of a figures table: the figure of each modality, its number of
    sources, every value the sources give (`;`-separated when they disagree) and who stated them."""
    out = []
    for row in table["rows"]:
        flat: dict[str, Any] = {k: row[k] for k in ("period", "kind", "start", "end", "unit")}
        for m in FIGURE_MODALITIES:
            cell = row.get(m)
            flat[m] = cell["value"] if cell else None
            flat[f"{m}_sources"] = cell["sources"] if cell else None
            flat[f"{m}_values"] = "; ".join(f"{v:g}" for v in cell["values"]) if cell else None
            names = sorted({s["stated_by"] for s in cell["statements"] if s["stated_by"]}) if cell else []
            flat[f"{m}_stated_by"] = "; ".join(names) or None
        out.append({k: _cell_text(v) for k, v in flat.items()})
    return out


def figures_csv(table: dict[str, Any], bom: bool = False) -> str:
    """The figures table as CSV; with `bom`, UTF-8 with a byte-order mark so Excel reads Cyrillic
    and Turkish letters right when the file is opened by double-click."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(FIGURE_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(figure_rows(table))
    return ("\ufeff" if bom else "") + buffer.getvalue()


def figures_xlsx(table: dict[str, Any]) -> bytes:
    """The figures table as an Excel workbook: the table, then a sheet of every source (quote,
    article, who stated it) and one of the unit conversions applied."""
    from openpyxl import Workbook  # loaded on first use: only this export needs it

    book = Workbook()
    sheet = book.active
    sheet.title = "figures"
    sheet.append(list(FIGURE_COLUMNS))
    for row in figure_rows(table):
        sheet.append([row[c] for c in FIGURE_COLUMNS])
    sources = book.create_sheet("sources")
    head = [
        "period",
        "modality",
        "value",
        "unit",
        "stated_value",
        "stated_unit",
        "stated_by",
        "article_id",
        "published",
        "lang",
        "title",
        "quote",
        "start",
        "end",
    ]
    sources.append(head)
    for row in table["rows"]:
        for m in FIGURE_MODALITIES:
            cell = row.get(m)
            for s in cell["statements"] if cell else []:
                sources.append([_cell_text(x) for x in (row["period"], m, *(s[k] for k in head[2:]))])
    notes = book.create_sheet("conversions")
    notes.append(["from", "to", "factor"])
    for c in table.get("conversions") or []:
        notes.append([c["source"], c["target"], _cell_text(c["factor"])])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
