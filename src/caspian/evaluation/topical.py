"""Topical search across languages on a story set with queries (`caspian eval topical`).

The story set's articles are stored and indexed (keyword and vectors) as `caspian index` would;
each query of the queries file (`{query, lang, relevant: [positions in the story set]}`) is run
as a user would run it, and scored:

- recall@k: the share of a query's relevant articles among its top k, averaged over queries (a
  query with more than k relevant articles is scored against k of them);
- other-language@5: the share of queries with an article in another language than the query's
  in the top 5 (what cross-lingual search is for);
- MRR: the mean reciprocal rank of the first relevant article.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from caspian.document import Document
from caspian.evaluation.stories import load_items, stories_file
from caspian.lexicons import read_yaml
from caspian.search.embedders import DEFAULT_EMBEDDER
from caspian.search.index import Indexer
from caspian.search.searcher import Searcher
from caspian.store import Store


def queries_file(stories: Path | None = None) -> Path:
    """The queries beside a story set: `NAME_queries.yaml` for `NAME.yaml`."""
    path = stories or stories_file()
    return path.with_name(f"{path.stem}_queries.yaml")


def load_queries(path: Path, items: int) -> list[dict[str, Any]]:
    data = read_yaml(path.read_text(encoding="utf-8")) or []
    out = []
    for i, q in enumerate(data):
        relevant = [int(r) for r in q.get("relevant") or []]
        if not q.get("query") or not relevant or any(not 0 <= r < items for r in relevant):
            raise ValueError(f"{path}: query {i} needs a query text and relevant positions below {items}")
        out.append({"query": str(q["query"]), "lang": q.get("lang"), "relevant": relevant})
    return out


def evaluate_topical(
    stories: Path | None = None,
    queries: Path | None = None,
    embedder: str | None = DEFAULT_EMBEDDER,
    mode: str = "hybrid",
    k: int = 10,
) -> dict[str, Any]:
    """Recall@k, other-language@5 and MRR of the queries over their story set (see the module)."""
    items = load_items(stories)
    docs: list[Document] = [d for _, d in items]
    asked = load_queries(queries or queries_file(stories), len(docs))
    started = time.perf_counter()
    per_query = []
    tmp = tempfile.TemporaryDirectory(prefix="caspian-topical-")
    with tmp, Store(f"sqlite:///{Path(tmp.name) / 't.db'}") as store:
        store.write_batch(docs)
        with Indexer(store, embedder=embedder) as indexer:
            indexer.add(docs)
        searcher = Searcher(store)
        for q in asked:
            hits = searcher.search(q["query"], limit=k, mode=mode)
            ranked = [h["id"] for h in hits]
            langs = [h["lang"] for h in hits]
            relevant = {docs[r].id for r in q["relevant"]}
            found = [i for i, h in enumerate(ranked) if h in relevant]
            per_query.append(
                {
                    "query": q["query"],
                    "lang": q["lang"],
                    "relevant": len(relevant),
                    "recall": len(found) / min(len(relevant), k),
                    "other_language_top5": any(lang != q["lang"] for lang in langs[:5]),
                    "first_relevant": found[0] + 1 if found else None,
                    "langs_top5": langs[:5],
                }
            )
    n = len(per_query) or 1
    by_lang: dict[str, list[dict[str, Any]]] = {}
    for q in per_query:
        by_lang.setdefault(q["lang"] or "other", []).append(q)
    return {
        "queries": len(per_query),
        "articles": len(docs),
        "mode": mode,
        "embedder": embedder,
        "k": k,
        f"recall_at_{k}": round(sum(q["recall"] for q in per_query) / n, 4),
        "other_language_at_5": round(sum(q["other_language_top5"] for q in per_query) / n, 4),
        "mrr": round(sum(1 / q["first_relevant"] for q in per_query if q["first_relevant"]) / n, 4),
        "recall_by_lang": {
            lang: round(sum(q["recall"] for q in qs) / len(qs), 4) for lang, qs in sorted(by_lang.items())
        },
        "seconds": round(time.perf_counter() - started, 2),
        "per_query": per_query,
    }
