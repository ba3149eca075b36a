"""The Dask engine runs the same stages as the local one and stores the same records."""

import pytest

pytest.importorskip("distributed")

from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.ingest import ingest
from caspian.readers.sample import sample_dir
from caspian.settings import Settings
from caspian.store import Store


def records(store: Store) -> dict[str, dict]:
    out = {}
    for doc in store.documents():
        rec = doc.record()
        keys = ("title", "lang", "published", "sentences", "entities", "facts", "events", "topics")
        out[rec["id"]] = {k: rec[k] for k in keys}
    return out


@pytest.mark.slow
def test_dask_and_local_engines_store_the_same_records(tmp_path):
    # The gazetteer recogniser: the engines are compared here, not the transformer (tests/ner).
    settings = Settings(workers=2, batch_size=8, stage_options={"entities": {"backend": "gazetteer"}})
    files = [str(p) for p in sorted(sample_dir().glob("*.txt"))[::4]]  # 8 of the 31, every language
    with Store(f"sqlite:///{tmp_path / 'local.db'}") as local:
        ingest(files, local, settings.with_(workers=1))
        expected = records(local)
    with Store(f"sqlite:///{tmp_path / 'dask.db'}") as dask_store:
        # threads in this process: the engines are compared here; separate worker processes are
        # tested against a real scheduler in tests/executors/test_dask_cluster.py
        threads = {"processes": False}
        report = ingest(files, dask_store, settings, engine="dask", engine_options=threads)
        assert report.failures == [] and report.stored == len(expected)
        assert records(dask_store) == expected
        again = ingest(files, dask_store, settings, engine="dask", engine_options=threads)
        assert again.stored == 0 and again.skipped_sources == len(expected)


def test_unknown_engine_and_misplaced_scheduler_are_usage_errors(tmp_path):
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    run = CliRunner().invoke(app, ["ingest", str(sample_dir()), "--db", db, "--engine", "spark"])
    assert run.exit_code == 2 and "available: dask, local" in run.output
    run = CliRunner().invoke(app, ["ingest", str(sample_dir()), "--db", db, "--scheduler", "tcp://127.0.0.1:8786"])
    assert run.exit_code == 2 and "--scheduler is for --engine dask" in run.output


def test_batches_without_documents_start_no_cluster():
    from caspian.executors import Batch
    from caspian.executors.dask import DaskExecutor

    executor = DaskExecutor(Settings(workers=2))
    batches = [Batch(completed=[("k1", "a.txt", 1)]), Batch(completed=[("k2", "b.txt", 0)])]
    out = list(executor.map(batches))
    assert [b.completed for b in out] == [[("k1", "a.txt", 1)], [("k2", "b.txt", 0)]]
    assert executor._client is None and executor._cluster is None
    executor.close()


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    import socket

    import dask

    with socket.socket() as s:  # a free port on loopback that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        run = CliRunner().invoke(
            app,
            [
                "ingest",
                str(sample_dir()),
                "--db",
                db,
                "--engine",
                "dask",
                "--scheduler",
                f"tcp://127.0.0.1:{port}",
                "--quiet",
                "--ner",
                "gazetteer",
            ],
        )
    assert run.exit_code == 1, run.output
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in run.output
