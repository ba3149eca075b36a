from __future__ import annotations

import pytest

from caspian.evaluation.retrieval import evaluate_tatoeba, tatoeba_dir
from tests.conftest import SHARED


@pytest.mark.slow
def test_tatoeba_retrieval_on_a_few_pairs() -> None:
    try:
        tatoeba_dir(SHARED / "data")
    except FileNotFoundError as exc:
        pytest.skip(f"the Tatoeba data is not beside the repository: {exc}")
    result = evaluate_tatoeba(SHARED / "data", langs=("rus", "tur"), limit=50)
    for lang in ("rus", "tur"):
        assert result["langs"][lang]["pairs"] == 50
        assert result["langs"][lang]["src_to_eng"] > 60
        assert result["langs"][lang]["eng_to_src"] > 60
