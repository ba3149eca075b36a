"""`caspian bench watch`: what watchlists and the digest add to ingest.

Ingests `n` synthetic articles (the bench corpus) into a fresh SQLite file, then times, over the
same stored articles in ingest-sized batches, the watch hook with `watchlists` saved queries (words
in four languages, entities, fact filters) and one digest of everything; reports both as a share of
the ingest time. Polling itself is network-bound and not part of it.
"""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path
from typing import Any

from caspian.bench.ingest import make_corpus
from caspian.ingest import ingest
from caspian.kb import watch as kb_watch
from caspian.kb.articles import iter_documents
from caspian.settings import Settings
from caspian.store import Store
from caspian.watch.digest import build_digest, parse_since
from caspian.watch.match import WatchHook

QUERIES = [
    kb_watch.WatchQuery(words="CPC"),
    kb_watch.WatchQuery(words="Tengiz oil"),
    kb_watch.WatchQuery(words="добыча нефти"),
    kb_watch.WatchQuery(words="мұнай экспорты"),
    kb_watch.WatchQuery(words="doğal gaz"),
    kb_watch.WatchQuery(words="uranium", langs=("en", "ru")),
    kb_watch.WatchQuery(entity="KazMunayGas"),
    kb_watch.WatchQuery(entity="Хасенов"),
    kb_watch.WatchQuery(commodity="oil", metric="production", geo="Kazakhstan"),
    kb_watch.WatchQuery(commodity="gas", metric="export"),
]


def bench_watch(n: int = 2000, watchlists: int = 50, workers: int = 2, ner: str | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="caspian-bench-watch-") as tmp:
        root = Path(tmp)
        make_corpus(root / "corpus", n)
        settings = Settings(workers=workers, batch_size=64)
        if ner:
            settings = settings.with_(stage_options={"entities": {"backend": ner}})
        with Store(f"sqlite:///{root / 'bench.db'}") as store:
            t0 = time.perf_counter()
            ingest([str(root / "corpus")], store, settings)
            t_ingest = time.perf_counter() - t0
            for i, query in zip(range(watchlists), itertools.cycle(QUERIES), strict=False):
                kb_watch.add_watchlist(store, f"w{i:03d}", query)
            hook = WatchHook(store)
            t0 = time.perf_counter()
            batch: list[Any] = []
            for doc in iter_documents(store):
                batch.append(doc)
                if len(batch) == 64:
                    hook(batch)
                    batch = []
            hook(batch)
            t_watch = time.perf_counter() - t0
            t0 = time.perf_counter()
            digest = build_digest(store, parse_since("1d"))
            t_digest = time.perf_counter() - t0
            stored = store.count()
    matches = sum(len(v) for v in hook.new.values())
    return {
        "articles": stored,
        "watchlists": watchlists,
        "ner": ner or "default",
        "ingest_s": round(t_ingest, 2),
        "watch_s": round(t_watch, 2),
        "digest_s": round(t_digest, 2),
        "matches": matches,
        "digest_items": len(digest["stories"]) + len(digest["figures"]) + len(digest["events"]),
        "overhead_pct": round(100 * (t_watch + t_digest) / t_ingest, 2),
    }
