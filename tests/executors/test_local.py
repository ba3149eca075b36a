"""The local executor's worker processes."""

import pytest

from caspian.executors.local import start_method


@pytest.mark.slow  # imports torch
def test_workers_are_not_forked_from_a_process_that_runs_torch():
    pytest.importorskip("torch")
    assert start_method() in ("forkserver", "spawn")  # a forked OpenMP pool hangs the workers
