"""Ranked search across languages: BM25 on FTS5, nearest vectors, and their reciprocal rank fusion."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from caspian.search.embedders import DEFAULT_EMBEDDER, Embedder, get_embedder
from caspian.search.index import (
    FTS_TABLE,
    FTS_WEIGHTS,
    SearchError,
    default_vectors_path,
    ensure_tables,
    get_meta,
    indexed_count,
    open_store,
    require_fts,
    search_docs,
)
from caspian.search.query import Aliases, Query, find_matches, parse
from caspian.search.vectors import VectorIndex
from caspian.store import Store
from caspian.store import schema as store_schema

log = logging.getLogger(__name__)

MODES = ("hybrid", "keyword", "semantic")
RRF_K = 60
SNIPPET_CHARS = 240
HIGHLIGHT = ("<mark>", "</mark>")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Filters:
    langs: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    def sql(self) -> tuple[str, dict[str, Any]]:
        """A WHERE fragment on `search_docs` aliased `d`, with its parameters."""
        parts, params = [], {}
        if self.langs:
            names = [f":lang{i}" for i in range(len(self.langs))]
            parts.append(f"d.lang IN ({', '.join(names)})")
            params |= {f"lang{i}": lang for i, lang in enumerate(self.langs)}
        if self.since:
            parts.append("substr(d.day, 1, :since_len) >= :since")
            params |= {"since": self.since, "since_len": len(self.since)}
        if self.until:
            parts.append("substr(d.day, 1, :until_len) <= :until")
            params |= {"until": self.until, "until_len": len(self.until)}
        return "".join(f" AND {p}" for p in parts), params

    def accepts(self, lang: str | None, day: str | None) -> bool:
        if self.langs and lang not in self.langs:
            return False
        if self.since and (day is None or day[: len(self.since)] < self.since):
            return False
        return not (self.until and (day is None or day[: len(self.until)] > self.until))


def _date(value: str | date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    value = str(value).strip()
    if not _DATE.match(value):
        raise SearchError(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def make_filters(lang: str | list[str] | tuple[str, ...] | None, since: Any, until: Any) -> Filters:
    if isinstance(lang, str):
        lang = [p.strip() for p in lang.split(",")]
    langs = tuple(sorted({x.strip().lower() for x in lang or () if x and x.strip()}))
    return Filters(langs, _date(since, "since"), _date(until, "until"))


def snippet(body: str, lang: str | None, query: Query, highlight: tuple[str, str] = HIGHLIGHT) -> str:
    """The passage of `body` where most query groups occur, matches wrapped in `highlight`."""
    matches = find_matches(body, lang, query) if query else []
    start = 0
    if matches:
        best = max(
            range(len(matches)),
            key=lambda i: (
                len({m.group for m in matches[i:] if m.end <= matches[i].start + SNIPPET_CHARS}),
                -i,
            ),
        )
        anchor = matches[best].start
        start = max(0, anchor - 60)
        boundary = max(body.rfind(". ", start, anchor), body.rfind("\n", start, anchor))
        if boundary >= 0:
            start = boundary + 1
        elif start > 0:
            space = body.find(" ", start, anchor)
            start = space + 1 if space >= 0 else anchor
    while start < len(body) and body[start].isspace():
        start += 1
    end = min(len(body), start + SNIPPET_CHARS)
    if end < len(body):
        space = body.rfind(" ", start, end)
        end = space if space > start else end
    inside = [m for m in matches if m.start >= start and m.end <= end]
    out, pos = [], start
    for m in inside:
        out += [body[pos : m.start], highlight[0], body[m.start : m.end], highlight[1]]
        pos = m.end
    out.append(body[pos:end])
    piece = re.sub(r"\s+", " ", "".join(out)).strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(body) else "")


class Searcher:
    """Search over one store; keeps the embedder and the vector index loaded between queries."""

    def __init__(
        self,
        store: Store | str,
        embedder: str = DEFAULT_EMBEDDER,
        vectors_path: str | Path | None = None,
        aliases: Aliases | None = None,
    ) -> None:
        self.store = open_store(store)
        ensure_tables(self.store)
        self.embedder_name = get_meta(self.store, "embedder") or embedder
        self.vectors_path = Path(vectors_path) if vectors_path else default_vectors_path(self.store)
        self.aliases = aliases
        self._embedder: Embedder | None = None
        self._vectors: VectorIndex | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.embedder_name)
        return self._embedder

    def vectors(self) -> VectorIndex | None:
        """The vector index as last saved, reloaded when the file changed; None when there is none."""
        if self.vectors_path is None or not self.vectors_path.exists():
            return None
        if self._vectors is None or self._vectors.stale():
            self._vectors = VectorIndex(self.vectors_path, self.embedder.dim)
        return self._vectors

    def search(
        self,
        query: str,
        lang: str | list[str] | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        limit: int = 10,
        mode: str = "hybrid",
        highlight: tuple[str, str] = HIGHLIGHT,
        min_similarity: float | None = None,
    ) -> list[dict[str, Any]]:
        if mode not in MODES:
            raise SearchError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
        filters = make_filters(lang, since, until)
        parsed = parse(query, self.aliases)
        if not query.strip() or limit <= 0:
            return []
        self._check_built()
        pool = max(limit * 3, 30)
        if mode == "keyword":
            ranked = self.keyword(parsed, filters, pool)
        elif mode == "semantic":
            ranked = self.semantic(query, filters, pool, min_similarity, required=True)
        else:
            lists = [self.keyword(parsed, filters, pool)]
            if self.vectors() is None:
                log.warning("no vector index at %s: keyword results only", self.vectors_path)
            else:
                lists.append(self.semantic(query, filters, pool, min_similarity))
            ranked = fuse(lists)
        return self._hits(ranked[:limit], parsed, highlight)

    def _check_built(self) -> None:
        if indexed_count(self.store) == 0 and self.store.count() > 0:
            raise SearchError(
                f"the search index of {self.store.url} is empty but the database holds articles; "
                "build it with caspian.search.Indexer(store).update()"
            )

    def keyword(self, query: Query, filters: Filters, count: int) -> list[tuple[str, float]]:
        """Articles with every query group first, then those with some, by BM25 within each tier.

        The score is the number of groups matched plus BM25 squashed into [0, 1).
        """
        require_fts(self.store)
        if not query:
            return []
        groups = len(query.groups)
        hits = [(i, groups + _squash(r)) for i, r in self._bm25(query.fts_all(), filters, count)]
        if len(hits) < count and groups > 1:
            seen = {i for i, _ in hits}
            more = [(i, r) for i, r in self._bm25(query.fts_any(), filters, count + len(hits)) if i not in seen]
            rows = self._articles([i for i, _ in more])
            partial = []
            for i, r in more:
                row = rows.get(i)
                if row is None:
                    continue
                found = find_matches(f"{row.title or ''}\n{row.text}", row.lang, query)
                partial.append((i, min(len({m.group for m in found}), groups - 1) + _squash(r)))
            hits += sorted(partial, key=lambda h: -h[1])[: count - len(hits)]
        return hits

    def _bm25(self, match: str, filters: Filters, count: int) -> list[tuple[str, float]]:
        where, params = filters.sql()
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        sql = (
            f"SELECT d.article_id, bm25({FTS_TABLE}, {weights}) AS r FROM {FTS_TABLE} "
            f"JOIN search_docs d ON d.key = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH :match{where} ORDER BY r LIMIT :count"
        )
        with self.store.engine.connect() as conn:
            rows = conn.execute(text(sql), {"match": match, "count": count, **params}).all()
        return [(r[0], float(r[1])) for r in rows]

    def semantic(
        self, query: str, filters: Filters, count: int, min_similarity: float | None = None, required: bool = False
    ) -> list[tuple[str, float]]:
        """Nearest articles by cosine similarity of the query to their title and lead."""
        vectors = self.vectors()
        if vectors is None:
            if required:
                raise SearchError(
                    f"no vector index at {self.vectors_path}: build it with caspian.search.Indexer(store).update()"
                )
            return []
        vector = self.embedder.embed_queries([query])[0]
        k = count * 4
        while True:
            found = vectors.search(vector, k)
            hits = self._filter_keys(found, filters)
            if len(hits) >= count or len(found) >= len(vectors):
                break
            k *= 4
        if min_similarity is not None:
            hits = [h for h in hits if h[1] >= min_similarity]
        return hits[:count]

    def _filter_keys(self, found: list[tuple[int, float]], filters: Filters) -> list[tuple[str, float]]:
        if not found:
            return []
        d = search_docs.c
        keys = [k for k, _ in found]
        info: dict[int, Any] = {}
        with self.store.engine.connect() as conn:
            for i in range(0, len(keys), 500):
                rows = conn.execute(select(d.key, d.article_id, d.lang, d.day).where(d.key.in_(keys[i : i + 500])))
                info.update({r.key: r for r in rows})
        return [
            (info[k].article_id, sim) for k, sim in found if k in info and filters.accepts(info[k].lang, info[k].day)
        ]

    def _articles(self, ids: list[str]) -> dict[str, Any]:
        a = store_schema.articles
        out: dict[str, Any] = {}
        with self.store.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                rows = conn.execute(
                    select(a.c.id, a.c.title, a.c.text, a.c.lang, a.c.published, a.c.source, a.c.path, a.c.url).where(
                        a.c.id.in_(ids[i : i + 500])
                    )
                )
                out.update({r.id: r for r in rows})
        return out

    def _hits(self, ranked: list[tuple[str, float]], query: Query, highlight: tuple[str, str]) -> list[dict[str, Any]]:
        rows = self._articles([i for i, _ in ranked])
        hits = []
        for article_id, score in ranked:
            row = rows.get(article_id)
            if row is None:
                continue
            hits.append(
                {
                    "id": row.id,
                    "title": row.title,
                    "lang": row.lang,
                    "published": row.published,
                    "source": row.source,
                    "path": row.path if row.path and row.path != "-" else row.url,
                    "score": round(score, 6),
                    "snippet": snippet(row.text, row.lang, query, highlight),
                }
            )
        return hits

    def stats(self) -> dict[str, Any]:
        with self.store.engine.connect() as conn:
            indexed = conn.execute(select(func.count()).select_from(search_docs)).scalar_one()
        vectors = self.vectors()
        return {
            "articles": self.store.count(),
            "indexed": indexed,
            "vectors": len(vectors) if vectors is not None else 0,
            "embedder": self.embedder_name,
            "vectors_path": str(self.vectors_path) if self.vectors_path else None,
        }


def _squash(bm25: float) -> float:
    x = max(0.0, -bm25)
    return x / (1.0 + x)


def fuse(lists: list[list[tuple[str, float]]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: each list adds 1 / (k + rank) to an article's score."""
    scores: dict[str, float] = {}
    for ranked in lists:
        for rank, (article_id, _) in enumerate(ranked, start=1):
            scores[article_id] = scores.get(article_id, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


_SEARCHERS: dict[tuple[str, str, str], Searcher] = {}


def search(
    store_or_url: Store | str,
    query: str,
    lang: str | list[str] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    limit: int = 10,
    mode: str = "hybrid",
    **options: Any,
) -> list[dict[str, Any]]:
    """Ranked hits `{id, title, lang, published, source, path, score, snippet}` (PRODUCT.md `caspian search`).

    `options`: `embedder`, `vectors_path` (as the index was built), `highlight` (a pair of
    markers around matched words, default `<mark>`/`</mark>`), `min_similarity` (drop semantic
    hits below this cosine). A Searcher per store is kept for the next call.
    """
    embedder = options.pop("embedder", DEFAULT_EMBEDDER)
    vectors_path = options.pop("vectors_path", None)
    # A Store object is its own key: two in-memory databases share one URL.
    owner = str(id(store_or_url)) if isinstance(store_or_url, Store) else store_or_url
    key = (owner, embedder, str(vectors_path))
    searcher = _SEARCHERS.get(key)
    if searcher is None:
        if len(_SEARCHERS) >= 16:
            _SEARCHERS.clear()
        searcher = _SEARCHERS[key] = Searcher(store_or_url, embedder=embedder, vectors_path=vectors_path)
    return searcher.search(query, lang=lang, since=since, until=until, limit=limit, mode=mode, **options)
