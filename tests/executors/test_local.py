"""The local executor's worker processes."""

import pytest


def test_workers_are_not_forked_from_a_process_that_runs_torch():
    pytest.importorskip("torch")
    from caspian.executors.local import _start_method

    assert _start_method() in ("forkserver", "spawn")  # a forked OpenMP pool hangs the workers
