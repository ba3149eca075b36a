"""What the API and the pages both show, computed once: an article, a search, the dashboard."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from sqlalchemy.exc import DBAPIError

from caspian.kb import articles as kb_articles
from caspian.kb import connect
from caspian.kb import entities as kb_entities
from caspian.kb import facts as kb_facts
from caspian.kb import stories as kb_stories
from caspian.kb.common import check_date
from caspian.search import arrange, pool_size, split_langs
from caspian.search import search as ranked
from caspian.search.index import default_vectors_path, indexed_count
from caspian.search.vectors import stored_vector_count
from caspian.store import Store
from caspian.web.render import MARK_CLOSE, MARK_OPEN

log = logging.getLogger(__name__)

# Without a search index, a plain scan of this many newest articles answers instead.
SCAN_LIMIT = 2000
# The search package's Snowball stemmers keep state per object and are shared, so two threads
# stemming at once corrupt each other (IndexError inside snowballstemmer). Searches and index
# updates in this process take turns until the stemmers are per thread.
SEARCH_LOCK = threading.Lock()


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article: its record, path, item, cluster, ingest time and removed lines."""
    return kb_articles.get_article(store, article_id)


class SearchReadiness:
    """Whether a store's keyword index and vector file exist, checked at most every `every` seconds."""

    def __init__(self, every: float = 30.0) -> None:
        self.every = every
        self._seen: dict[int, tuple[float, bool, bool]] = {}

    def check(self, store: Store) -> tuple[bool, bool]:
        now = time.monotonic()
        seen = self._seen.get(id(store))
        if seen and (seen[1] or now - seen[0] < self.every):
            return seen[1], seen[2]
        keyword, vectors = _probe(store)
        self._seen[id(store)] = (now, keyword, vectors)
        return keyword, vectors


def _probe(store: Store) -> tuple[bool, bool]:
    """(keyword index built, vectors stored): vectors in a file beside an SQLite database, in the
    database itself on PostgreSQL."""
    try:
        keyword = indexed_count(store) > 0
        if store.dialect != "sqlite":
            return keyword, stored_vector_count(store, limit=1) > 0
    except DBAPIError:  # the search tables are not there yet
        return False, False
    path = default_vectors_path(store)
    return keyword, bool(path and path.exists())


READINESS = SearchReadiness()


def search(
    store: Store,
    query: str,
    *,
    lang: str | list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    entity: str | None = None,
    commodity: str | None = None,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
    mode: str = "hybrid",
) -> dict[str, Any]:
    """One page of ranked hits with snippets (matches between MARK_OPEN / MARK_CLOSE) and a notice
    when degraded; `lang` one or several codes (a list, or comma-separated), `sort` relevance or date."""
    since, until = check_date(since, "since"), check_date(until, "until")
    langs = split_langs(lang)
    if not query.strip():
        return {"hits": [], "notice": None, "mode": mode}
    notice = None
    pool = pool_size(limit, offset, sort, filtered=bool(entity or commodity))
    keyword, vectors = READINESS.check(store)
    if keyword:
        if mode == "hybrid" and not vectors:
            mode = "keyword"

        with SEARCH_LOCK:
            hits = ranked(
                store,
                query,
                lang=langs,
                since=since,
                until=until,
                limit=pool,
                mode=mode,
                highlight=(MARK_OPEN, MARK_CLOSE),
            )
    else:
        notice = (
            "The search index is not built, so this is a plain scan of the newest "
            f"{SCAN_LIMIT} articles; build the index to rank results (caspian serve does it on start)."
        )
        mode = "scan"
        hits = _scan(store, query, langs, since, until, pool)
    if entity or commodity:
        with connect(store) as conn:
            entity_id = kb_entities.resolve_entity(conn, entity)
            keep = kb_articles.article_ids_with(conn, entity_id, commodity, [h["id"] for h in hits])
        hits = [h for h in hits if h["id"] in keep]
    return {"hits": arrange(hits, sort, offset, limit), "notice": notice, "mode": mode}


def _scan(
    store: Store, query: str, langs: list[str] | None, since: str | None, until: str | None, limit: int
) -> list[dict]:
    """Articles holding every word of the query (case-folded), newest first."""
    words = [w.casefold() for w in query.split() if w.strip()]
    one = langs[0] if langs and len(langs) == 1 else None
    filters = kb_articles.ArticleFilter(lang=one, since=since, until=until)
    hits = []
    with connect(store) as conn:
        _, rows = kb_articles.list_articles(conn, filters, SCAN_LIMIT, 0)
        texts = kb_articles.article_texts(conn, [r["id"] for r in rows])
    for row in rows:
        if langs and row["lang"] not in langs:
            continue
        body = texts.get(row["id"], "")
        folded = f"{row['title'] or ''}\n{body}".casefold()
        if all(w in folded for w in words):
            hits.append({**_hit(row), "score": 0.0, "snippet": _scan_snippet(body, words)})
            if len(hits) >= limit:
                break
    return hits


def _hit(row: dict) -> dict:
    path = row["path"] if row["path"] and row["path"] != "-" else row["url"]
    return {k: row[k] for k in ("id", "title", "lang", "published", "source")} | {"path": path}


def _scan_snippet(body: str, words: list[str], width: int = 240) -> str:
    folded = body.casefold()
    at = min((i for i in (folded.find(w) for w in words) if i >= 0), default=0)
    start = max(0, at - 60)
    piece = body[start : start + width]
    low = piece.casefold()
    spans: list[tuple[int, int]] = []
    if len(low) == len(piece):  # case folding kept the offsets
        for w in words:
            i = low.find(w)
            while i >= 0:
                if all(i >= e or i + len(w) <= s for s, e in spans):
                    spans.append((i, i + len(w)))
                i = low.find(w, i + len(w))
    out, pos = [], 0
    for s, e in sorted(spans):
        out += [piece[pos:s], MARK_OPEN, piece[s:e], MARK_CLOSE]
        pos = e
    out.append(piece[pos:])
    return ("…" if start else "") + " ".join("".join(out).split()) + ("…" if start + width < len(body) else "")


def dashboard(store: Store) -> dict[str, Any]:
    with connect(store) as conn:
        clusters_total, clusters = kb_stories.list_clusters(conn, 8, 0)
        _, top_entities = kb_entities.list_entities(conn, kb_entities.EntityFilter(), 12, 0)
        _, latest = kb_articles.list_articles(conn, kb_articles.ArticleFilter(), 12, 0)
        return {
            "stats": kb_articles.stats(store),
            "clusters": clusters,
            "clusters_total": clusters_total,
            "entities": [e for e in top_entities if e["mentions"]],
            "facts": kb_facts.latest_facts(conn, 10),
            "languages": kb_articles.language_mix(conn),
            "latest": latest,
        }
