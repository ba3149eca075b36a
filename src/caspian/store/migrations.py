"""Versioned schema migrations.

A new database gets the current schema (`schema.metadata`) and is stamped with the
latest version; an existing one runs, in order, each migration above its version.
A migration is a function of a connection; add one to MIGRATIONS with the next
number when `schema.py` changes. (Alembic's script environment is more than an
embedded single-file store needs; its `Operations` API can be used inside a
migration function when one needs ALTERs that SQLite lacks.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select, text

from caspian.store import schema


def _v1_initial(conn: Connection) -> None:
    schema.metadata.create_all(conn)


def _v2_watch_and_poll(conn: Connection) -> None:
    for table in (schema.watchlists, schema.watch_matches, schema.deliveries, schema.poll_feeds, schema.poll_entries):
        table.create(conn, checkfirst=True)


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "articles, removed lines, entities, mentions, facts, events, clusters, sources, failures", _v1_initial),
    (2, "watchlists, watch matches, deliveries, polled feeds and entries", _v2_watch_and_poll),
]
LATEST = MIGRATIONS[-1][0]


class SchemaTooNew(RuntimeError):
    pass


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return (
        conn.execute(
            select(schema.schema_version.c.version).order_by(schema.schema_version.c.version.desc()).limit(1)
        ).scalar()
        or 0
    )


# The key of the PostgreSQL advisory lock that migrations take (any constant of our own).
MIGRATION_LOCK = 0x6361737069616E  # "caspian"


def migrate(conn: Connection) -> list[int]:
    """Bring the database to LATEST; returns the versions applied.

    On PostgreSQL, processes that open a new database at once (ingest workers, a server) take turns:
    a transaction-level advisory lock, so the second sees the schema the first made instead of
    creating it twice. (SQLite serialises writers itself.)"""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    version = current_version(conn)
    now = datetime.now(UTC)
    if version > LATEST:
        raise SchemaTooNew(
            f"the database has schema version {version}, newer than this Caspian knows ({LATEST}); upgrade Caspian"
        )
    if version == 0 and not inspect(conn).has_table("articles"):
        schema.metadata.create_all(conn)
        conn.execute(
            schema.schema_version.insert(),
            [{"version": v, "description": d, "applied_at": now} for v, d, _ in MIGRATIONS],
        )
        return [v for v, _, _ in MIGRATIONS]
    applied = []
    for v, description, step in MIGRATIONS:
        if v > version:
            step(conn)
            conn.execute(schema.schema_version.insert().values(version=v, description=description, applied_at=now))
            applied.append(v)
    return applied
