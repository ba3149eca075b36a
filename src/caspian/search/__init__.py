"""Search across languages and scripts: keyword (SQLite FTS5, BM25), semantic (e5 vectors), hybrid.

from caspian.search import Indexer, search
with Indexer(store) as indexer:        # keyword + vector indexes, idempotent per article
    indexer.add(docs)                  # or indexer.update() for everything stored
search(store, "KMG Türkiye", lang=["tr", "en"], since="2024-01-01", limit=10)
"""

from caspian.search.embedders import DEFAULT_EMBEDDER, Embedder, embedders, get_embedder
from caspian.search.index import Indexer, SearchError, default_vectors_path
from caspian.search.query import Aliases, parse
from caspian.search.searcher import MODES, Searcher, fuse, search, snippet

__all__ = [
    "DEFAULT_EMBEDDER",
    "MODES",
    "Aliases",
    "Embedder",
    "Indexer",
    "SearchError",
    "Searcher",
    "default_vectors_path",
    "embedders",
    "fuse",
    "get_embedder",
    "parse",
    "search",
    "snippet",
]
