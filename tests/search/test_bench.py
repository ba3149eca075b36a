from __future__ import annotations

import pytest

from caspian.bench.search import base_articles, bench_search, synthetic


@pytest.mark.slow
def test_synthetic_articles_are_distinct_and_keep_their_language() -> None:
    base = base_articles()
    docs = synthetic(base, 3 * len(base))
    assert len({d.id for d in docs}) == len(docs)
    assert {d.lang for d in docs} == {d.lang for d in base}
    assert all(d.text.startswith(d.title or "") and d.published for d in docs)


@pytest.mark.slow
def test_bench_search_reports_every_mode() -> None:
    result = bench_search(n=60, embedder="hashing", queries=3)
    assert result["articles"] == 60 and result["vectors"] == "hashing" and result["query_embedder"] == "e5-small"
    for mode in ("keyword", "semantic", "hybrid"):
        assert 0 < result[f"{mode}_p50_ms"] <= result[f"{mode}_p95_ms"]
    assert result["db_mb_with_keyword_index"] >= result["db_mb_articles_only"] > 0 and result["peak_rss_mb"] > 0
