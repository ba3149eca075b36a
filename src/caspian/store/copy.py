"""Moving a knowledge base between databases (`caspian copy --from URL --to URL`): SQLite to
PostgreSQL and back.

Every table of the store's schema is copied in dependency order, in batches, each batch in its own
transaction with `INSERT ... ON CONFLICT DO NOTHING`: an interrupted copy is run again and goes on
where it stopped, nothing twice. Rows keep their ids; PostgreSQL's id sequences are moved past them
afterwards. At the end the row counts of both sides are compared table by table. The search
index (keyword index, vectors, stories) is not part of the store: build it on the destination with
`caspian index`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, select, text

from caspian.store import ON_CONFLICT_DIALECTS, Store, insert_ignoring, schema

# The destination's own migrations stamp its version; copying the source's rows would clash.
SKIP = {"schema_version"}


class CopyError(RuntimeError):
    pass


@dataclass
class CopyReport:
    tables: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (source rows, destination rows)
    copied: int = 0  # rows offered to the destination this run (rows already there are skipped by it)

    @property
    def equal(self) -> bool:
        return all(a == b for a, b in self.tables.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "tables": {k: {"source": a, "destination": b} for k, (a, b) in self.tables.items()},
            "rows_offered": self.copied,
            "counts_equal": self.equal,
        }


def _batches(source: Store, table: Table, batch: int) -> Any:
    """The table's rows in primary-key order, `batch` at a time: by key for a one-column key (fast
    on a large table), else by offset (the small tables of watchlists and polling)."""
    keys = list(table.primary_key.columns)
    if len(keys) == 1:
        key = keys[0]
        last = None
        while True:
            query = select(table).order_by(key).limit(batch)
            if last is not None:
                query = query.where(key > last)
            with source.engine.connect() as conn:
                rows = [dict(r._mapping) for r in conn.execute(query)]
            if not rows:
                return
            yield rows
            last = rows[-1][key.name]
    else:
        offset = 0
        while True:
            with source.engine.connect() as conn:
                rows = [
                    dict(r._mapping) for r in conn.execute(select(table).order_by(*keys).limit(batch).offset(offset))
                ]
            if not rows:
                return
            yield rows
            offset += len(rows)


def count_rows(store: Store, table: Table) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def copy_store(
    source: Store,
    destination: Store,
    batch: int = 1000,
    progress: Callable[[str, int], None] | None = None,
    limit: int | None = None,
) -> CopyReport:
    """Copy every table of `source` into `destination` (see the module docstring). `limit` stops
    after about that many rows (for tests of resuming); `progress(table, rows so far)`."""
    if source.url == destination.url:
        raise CopyError("the source and the destination are the same database")
    if destination.dialect not in ON_CONFLICT_DIALECTS:
        raise CopyError(f"copying into {destination.dialect} is not supported (SQLite and PostgreSQL are)")
    report = CopyReport()
    for table in schema.metadata.sorted_tables:
        if table.name in SKIP:
            continue
        keys = [c.name for c in table.primary_key.columns]
        done = 0
        for rows in _batches(source, table, batch):
            query = insert_ignoring(destination.dialect, table, keys)
            with destination.engine.begin() as conn:
                conn.execute(query, rows)
            done += len(rows)
            report.copied += len(rows)
            if progress:
                progress(table.name, done)
            if limit is not None and report.copied >= limit:
                return report
        if destination.dialect == "postgresql":
            _advance_sequences(destination, table)
    for table in schema.metadata.sorted_tables:
        if table.name not in SKIP:
            report.tables[table.name] = (count_rows(source, table), count_rows(destination, table))
    return report


def _advance_sequences(store: Store, table: Table) -> None:
    """After rows were inserted with their ids, the id sequence must start after the largest."""
    for column in table.primary_key.columns:
        if column.autoincrement is True or (column.autoincrement == "auto" and len(table.primary_key.columns) == 1):
            if column.type.python_type is not int:
                continue
            with store.engine.begin() as conn:
                seq = conn.execute(
                    text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
                ).scalar()
                if seq:
                    largest = f'(SELECT COALESCE(MAX("{column.name}"), 0) + 1 FROM "{table.name}")'
                    conn.execute(text(f"SELECT setval(:s, {largest}, false)"), {"s": seq})
