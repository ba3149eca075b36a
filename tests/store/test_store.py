from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from caspian.document import Document, Failure
from caspian.store import Store, StoreError, schema
from caspian.store.migrations import LATEST, current_version


def _doc(i: int, text: str = "Добыча нефти выросла.") -> Document:
    return Document(
        raw="",
        id=f"id{i}",
        path=f"f{i}.txt",
        text=text,
        lang="ru",
        removed=["1023"],
        meta={"removed_kinds": ["counter"]},
        entities=[{"canonical": "KazMunayGas", "type": "ORG", "mentions": [{"start": 0, "end": 6, "text": "Добыча"}]}],
        facts=[{"commodity": "oil", "metric": "production", "value": 90, "unit": "Mt", "quote": "x"}],
        events=[{"type": "MEETING", "participants": ["A", "B"], "place": "Ankara"}],
    )


def test_new_database_is_stamped_with_the_latest_schema(store_url):
    with Store(store_url) as store, store.engine.connect() as conn:
        assert current_version(conn) == LATEST
        if store.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        else:
            assert conn.exec_driver_sql("SELECT current_setting('server_encoding')").scalar() == "UTF8"


def test_an_old_database_is_migrated_on_both_backends(store_url):
    """A knowledge base of schema 1 (before watchlists) gets the new tables and is stamped."""
    from sqlalchemy import create_engine, inspect

    from caspian.store.migrations import MIGRATIONS

    engine = create_engine(store_url)
    with engine.begin() as conn:  # what schema 1 created: every table but those of version 2
        v2 = {"watchlists", "watch_matches", "deliveries", "poll_feeds", "poll_entries"}
        schema.metadata.create_all(conn, tables=[t for t in schema.metadata.sorted_tables if t.name not in v2])
        conn.execute(
            schema.schema_version.insert().values(version=1, description=MIGRATIONS[0][1], applied_at=datetime.now(UTC))
        )
    engine.dispose()
    with Store(store_url) as store, store.engine.connect() as conn:
        assert current_version(conn) == LATEST
        assert v2 <= set(inspect(conn).get_table_names())


def test_write_batch_round_trip_and_duplicates(store_url):
    with Store(store_url) as store:
        first = store.write_batch(
            [_doc(1), _doc(2), _doc(1)], [Failure("bad.bin", "binary file")], [("f1.txt|1|1", "f1.txt", 1)]
        )
        assert (first.stored, first.duplicates, first.failures) == (2, 1, 1)
        again = store.write_batch([_doc(1)])
        assert (again.stored, again.duplicates) == (0, 1)
        back = store.get("id1")
        assert back.record()["removed"] == ["1023"] and back.meta["removed_kinds"] == ["counter"]
        assert back.entities[0]["canonical"] == "KazMunayGas" and back.entities[0]["mentions"][0]["end"] == 6
        assert back.facts[0]["value"] == 90 and back.events[0]["place"] == "Ankara"
        assert store.completed_sources() == {"f1.txt|1|1"}
        assert [d.id for d in store.documents(batch=1)] == ["id1", "id2"]
        stats = store.stats()
        assert (stats["articles"], stats["entities"], stats["mentions"], stats["failures"]) == (2, 1, 2, 1)


def test_failures_are_upserted_and_cleared_when_the_source_reads(store_url):
    with Store(store_url) as store:
        store.write_batch([], [Failure("x.txt", "empty file")])
        store.write_batch([], [Failure("x.txt", "empty file")])
        assert [(f["origin"], f["count"]) for f in store.failures()] == [("x.txt", 2)]
        store.write_batch([_doc(3)], [], [("x.txt|5|1", "x.txt", 1)])
        assert store.failures() == []


def test_a_failed_batch_leaves_nothing_behind(store_url):
    with Store(store_url) as store:
        bad = _doc(4)
        bad.events = [{"participants": []}]  # no type: the insert fails inside the transaction
        with pytest.raises(KeyError):
            store.write_batch([_doc(5), bad])
        with store.engine.connect() as conn:
            assert conn.execute(select(schema.articles.c.id)).all() == []
            assert conn.execute(select(schema.removed_lines.c.id)).all() == []


def test_bad_urls_are_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="not a database URL"):
        Store("nonsense")
    with pytest.raises(StoreError, match="folder for the database does not exist"):
        Store(f"sqlite:///{tmp_path / 'missing' / 'a.db'}")


@pytest.mark.slow  # a database server
def test_processes_opening_a_new_postgresql_database_at_once_migrate_it_once(postgres_url):
    """Several stores opened at the same moment on an empty PostgreSQL database (ingest workers, a
    server starting): one creates the schema, the others wait for it; no duplicate-key error."""
    import threading

    from tests.pg import fresh_database

    url = fresh_database(postgres_url, "migrate_at_once")
    barrier, errors, versions = threading.Barrier(4), [], []

    def open_store() -> None:
        barrier.wait()
        try:
            with Store(url) as store, store.engine.connect() as conn:
                versions.append(current_version(conn))
        except Exception as exc:  # the test reports whatever failed
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert versions == [LATEST] * 4
