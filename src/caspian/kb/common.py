"""What every read of the knowledge base shares: connections, paging, date bounds, QueryError.

Every kb function takes a `Store` or an open SQLAlchemy `Connection` as its first argument
(`DB`); several reads in a row can share one connection: `with connect(store) as conn: ...`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import func, literal_column, select
from sqlalchemy.engine import Connection

from caspian.store import Store, schema

__all__ = [
    "DB",
    "Page",
    "QueryError",
    "check_date",
    "chunks",
    "connect",
    "data_version",
    "date_conditions",
    "page",
    "rows",
]

DB = Store | Connection
T = TypeVar("T")
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# Ids per `IN (...)` list: SQLite's limit on bound parameters is far above, and a query stays short.
CHUNK = 500


class QueryError(ValueError):
    """A request parameter that cannot be used as given; the message says what to send."""


class Page(NamedTuple, Generic[T]):
    """One page of a listing: how many match in all, and the rows of this page."""

    total: int
    items: list[T]


@contextmanager
def connect(db: DB) -> Iterator[Connection]:
    """A connection to read with: the one given, or a new one of the store (closed afterwards)."""
    if isinstance(db, Connection):
        yield db
        return
    with db.engine.connect() as conn:
        yield conn


def check_date(value: str | None, name: str) -> str | None:
    """`value` stripped, or None when empty; QueryError unless it is YYYY, YYYY-MM or YYYY-MM-DD."""
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    if not DATE.match(value):
        raise QueryError(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def date_conditions(column: Any, since: str | None, until: str | None) -> list[Any]:
    """Conditions on a text date column compared at the precision of the bound given
    (`since=2024-06` keeps 2024-06-01 and later, `until=2024` keeps all of 2024)."""
    conds = []
    since, until = check_date(since, "since"), check_date(until, "until")
    if since:
        conds.append(func.substr(column, 1, len(since)) >= since)
    if until:
        conds.append(func.substr(column, 1, len(until)) <= until)
    return conds


def day_of(value: str | None) -> date | None:
    """The day a stored date or time (`2024-06-21`, `2024-06-21T10:00:00+05:00`) falls on; None for
    none or for a partial or malformed one."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def iso(value: Any) -> str:
    """A stored time (a datetime, or its text on some backends) as ISO text."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def rows(result: Any) -> list[dict[str, Any]]:
    """The rows of a result as plain dicts (column name -> value)."""
    return [dict(r) for r in result.mappings()]


def page(conn: Connection, query: Any, limit: int, offset: int) -> Page[Any]:
    """The total count of `query` and its rows from `offset`, at most `limit`."""
    total = conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    return Page(total, rows(conn.execute(query.limit(limit).offset(offset))))


def chunks(ids: list[str], size: int = CHUNK) -> Iterator[list[str]]:
    """`ids` in lists of at most `size`, for `IN (...)` conditions."""
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def data_version(db: DB) -> tuple:
    """Changes whenever the knowledge base does: the newest article, mention, fact and event row,
    and the number of story clusters (one query, no table scan on SQLite)."""
    with connect(db) as conn:
        sqlite = conn.dialect.name == "sqlite"
        newest_article = func.max(literal_column("rowid")) if sqlite else func.count()  # rowid: no scan
        query = select(
            select(newest_article).select_from(schema.articles).scalar_subquery(),
            select(func.max(schema.mentions.c.id)).scalar_subquery(),
            select(func.max(schema.facts.c.id)).scalar_subquery(),
            select(func.max(schema.events.c.id)).scalar_subquery(),
            select(func.count()).select_from(schema.clusters).scalar_subquery(),
        )
        return tuple(conn.execute(query).one())
