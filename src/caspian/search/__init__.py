"""Search across languages and scripts: keyword (SQLite FTS5, BM25), semantic (e5 vectors), hybrid; stories.

from caspian.search import Indexer, LiveIndex, build, list_stories, search

build(store)                                  # index + stories for everything stored (`caspian index`)
with LiveIndex(store) as on_stored:           # or keep them up to date while ingesting
    ingest(paths, store, on_stored=on_stored)

search(store, "KMG Türkiye", lang=["tr", "en"], since="2024-01-01", limit=10)
search(store, "добыча", entity="Kashagan", commodity="oil", mode="keyword")
# -> [{id, title, lang, published, source, path, score, snippet}, ...]  (snippet: <mark>matches</mark>)

list_stories(store, since="2025-03-01")       # articles grouped into stories across languages

Lower level: `Indexer(store).add(docs)` (idempotent per article id), `Searcher(store)` (keeps the
model and vector index loaded), `Clusterer(store, indexer.vectors).add(docs)` (duplicates and stories).
"""

import os

# OpenMP threads that sleep when idle instead of spinning. The e5 engine runs hundreds of short
# parallel regions per text; with spinning waits (the default) a query took 1.7 s instead of 14 ms
# whenever other processes kept the 2 cores busy, and batches ran a third slower. It only takes
# effect before the first OpenMP runtime loads (usearch loads one), hence here; a value set by
# the user is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from caspian.search.embedders import DEFAULT_EMBEDDER, Embedder, embedders, get_embedder
from caspian.search.entities import entity_aliases
from caspian.search.index import Indexer, SearchError, default_vectors_path
from caspian.search.live import LiveIndex, build, index_on_store
from caspian.search.query import Aliases, parse
from caspian.search.searcher import MODES, SORTS, Searcher, arrange, fuse, pool_size, search, snippet, split_langs
from caspian.search.stories import Clusterer, list_stories

__all__ = [
    "DEFAULT_EMBEDDER",
    "MODES",
    "SORTS",
    "Aliases",
    "Clusterer",
    "Embedder",
    "Indexer",
    "LiveIndex",
    "SearchError",
    "Searcher",
    "arrange",
    "build",
    "default_vectors_path",
    "embedders",
    "entity_aliases",
    "fuse",
    "get_embedder",
    "index_on_store",
    "list_stories",
    "parse",
    "pool_size",
    "search",
    "snippet",
    "split_langs",
]
