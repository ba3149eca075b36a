"""What story clustering costs an article at ingest (issue 14: at most 20 ms).

The bench's synthetic articles are stored, indexed with the hashing embedder (no model), and
`Clusterer.add` is timed over batches of 50, as ingest calls it. Usage:
    .venv/bin/python scripts/stories_cost.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time

from caspian.bench.search import base_articles, synthetic
from caspian.search.index import Indexer
from caspian.search.stories import Clusterer
from caspian.store import Store


def main(n: int, batch: int = 50) -> None:
    docs = synthetic(base_articles(), n)
    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{tmp}/kb.db") as store:
        for i in range(0, n, 500):
            store.write_batch(docs[i : i + 500])
        stored = list(store.documents())
        indexer = Indexer(store, embedder="hashing", autosave=False)
        clusterer = Clusterer(store, indexer.vectors)
        t_index = t_cluster = 0.0
        for i in range(0, len(stored), batch):
            part = stored[i : i + batch]
            t = time.perf_counter()
            indexer.add(part)
            t_index += time.perf_counter() - t
            t = time.perf_counter()
            clusterer.add(part)
            t_cluster += time.perf_counter() - t
        per = 1000 / len(stored)
        print(f"articles {len(stored)}: index {t_index * per:.2f} ms/article, stories {t_cluster * per:.2f} ms/article")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
