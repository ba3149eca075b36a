"""Ranked search across languages: BM25 on FTS5 (SQLite) or a weighted ts_rank on tsvectors
(PostgreSQL), nearest vectors, and their reciprocal rank fusion."""

from __future__ import annotations

import logging
import math
import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from caspian.lexicons import load
from caspian.search.embedders import DEFAULT_EMBEDDER, Embedder, get_embedder
from caspian.search.entities import entity_aliases, store_entity_count
from caspian.search.index import (
    FTS_TABLE,
    FTS_WEIGHTS,
    TS_WEIGHTS,
    SearchError,
    default_vectors_path,
    ensure_tables,
    get_meta,
    open_store,
    require_fts,
    search_docs,
)
from caspian.search.query import Aliases, Group, Query, default_aliases, find_matches, parse, tsquery_or
from caspian.search.text import query_forms, tokens
from caspian.search.vectors import SharedVectors, VectorIndex, stored_vector_count
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
    # Each: articles that name it (any form, any script) or carry it in the store (mentions / facts).
    entities: tuple[Condition, ...] = ()
    commodities: tuple[Condition, ...] = ()

    def sql(self, dialect: str = "sqlite") -> tuple[str, dict[str, Any]]:
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
        for prefix, conditions in (("ent", self.entities), ("com", self.commodities)):
            for i, cond in enumerate(conditions):
                part, more = cond.sql(f"{prefix}{i}", dialect)
                parts.append(part)
                params |= more
        return "".join(f" AND {p}" for p in parts), params


@dataclass(frozen=True, slots=True)
class Condition:
    """An article names this (an FTS match) or the store links it (a mention's entity, a fact's commodity)."""

    group: Group
    column: str  # "entity" or "commodity"
    values: tuple[str, ...] = ()

    def sql(self, name: str, dialect: str = "sqlite") -> tuple[str, dict[str, Any]]:
        if dialect == "postgresql":
            params: dict[str, Any] = {f"{name}_match": self.group.tsquery()}
            either = [f"d.key IN (SELECT key FROM search_text WHERE tsv @@ CAST(:{name}_match AS tsquery))"]
        else:
            params = {f"{name}_match": self.group.fts()}
            either = [f"d.key IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :{name}_match)"]
        if self.values:
            holders = ", ".join(f":{name}_v{i}" for i in range(len(self.values)))
            params |= {f"{name}_v{i}": v for i, v in enumerate(self.values)}
            table, column = ("mentions", "entity_id") if self.column == "entity" else ("facts", "commodity")
            either.append(f"d.article_id IN (SELECT article_id FROM {table} WHERE {column} IN ({holders}))")
        return "(" + " OR ".join(either) + ")", params


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


def _names(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    return [x.strip() for x in value or () if x and x.strip()]


def make_filters(
    lang: str | list[str] | tuple[str, ...] | None,
    since: Any,
    until: Any,
    entity: str | list[str] | None = None,
    commodity: str | list[str] | None = None,
    aliases: Aliases | None = None,
) -> Filters:
    langs = tuple(sorted({x.lower() for x in _names(lang)}))
    entities = tuple(entity_condition(name, aliases or default_aliases()) for name in _names(entity))
    commodities = tuple(commodity_condition(name) for name in _names(commodity))
    return Filters(langs, _date(since, "since"), _date(until, "until"), entities, commodities)


def entity_condition(name: str, aliases: Aliases) -> Condition:
    """An entity by any of its names or its store id; an unknown name is matched as written."""
    entry = aliases.lookup(name) or next((n for n, ids in aliases.entity_ids.items() if name in ids), None)
    if entry is not None:
        return Condition(aliases.group(entry, name), "entity", tuple(sorted(aliases.entity_ids.get(entry, ()))))
    surfaces = [t.surface for t in tokens(name)]
    if not surfaces:
        raise SearchError(f"entity {name!r} has no words to look for")
    if len(surfaces) == 1:
        return Condition(Group(name, frozenset(query_forms(surfaces[0]))), "entity", (name,))
    phrase = tuple(query_forms(s)[0] for s in surfaces)
    return Condition(Group(name, frozenset(), frozenset({phrase})), "entity", (name,))


@cache
def commodity_terms() -> Aliases:
    return Aliases({str(k): [str(t) for t in v] for k, v in load("search/commodities").items()})


def commodity_condition(name: str) -> Condition:
    terms = commodity_terms()
    key = name.strip().lower()
    if key not in terms.expansions:
        raise SearchError(f"unknown commodity {name!r}; use one of {', '.join(sorted(terms.expansions))}")
    return Condition(terms.group(key), "commodity", (key,))


SNIPPET_SCAN = 3000


def snippet(body: str, lang: str | None, query: Query, highlight: tuple[str, str] = HIGHLIGHT) -> str:
    """The passage of `body` where most query groups occur, matches wrapped in `highlight`.

    The first `SNIPPET_SCAN` characters are searched first; the rest only when they lack one of the
    query's groups (finding matches costs most of a query's Python time on long articles).
    """
    matches: list = []
    if query:
        matches = find_matches(body[:SNIPPET_SCAN], lang, query)
        if len(body) > SNIPPET_SCAN and len({m.group for m in matches}) < len(query.groups):
            matches = find_matches(body, lang, query)
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
        self._given_aliases = aliases
        self._aliases: tuple[int, Aliases] | None = None
        self._embedder: Embedder | None = None
        self._vectors: VectorIndex | None = None
        self._built = False
        self._rarity = Rarity(self.store) if self.store.dialect == "postgresql" else None

    @property
    def aliases(self) -> Aliases:
        """Given aliases, or the lexicon's, gazetteer's and store's, reloaded when the store's entities change."""
        if self._given_aliases is not None:
            return self._given_aliases
        count = store_entity_count(self.store)
        if self._aliases is None or self._aliases[0] != count:
            self._aliases = (count, entity_aliases(self.store))
        return self._aliases[1]

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.embedder_name)
        return self._embedder

    def vectors(self) -> VectorIndex | None:
        """The vector index as last saved, reloaded when the file changed; None when there is none.

        On PostgreSQL the vectors are in the database: the index is built from them once, then
        brought up to date with the rows changed since (one small query per search when none did)."""
        if self.store.dialect == "postgresql":
            if self._vectors is None:
                if not stored_vector_count(self.store, limit=1):
                    return None
                self._vectors = SharedVectors(self.store, self.embedder.dim, self.vectors_path)
            else:
                self._vectors.refresh()
            return self._vectors if len(self._vectors) else None
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
        entity: str | list[str] | None = None,
        commodity: str | list[str] | None = None,
    ) -> list[dict[str, Any]]:
        if mode not in MODES:
            raise SearchError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
        aliases = self.aliases
        filters = make_filters(lang, since, until, entity, commodity, aliases)
        parsed = parse(query, aliases)
        if not query.strip() or limit <= 0:
            return []
        self._check_built()
        pool = max(limit * 3, 30)
        if mode == "keyword":
            ranked = self.keyword(parsed, filters, pool, partial_below=limit)
        elif mode == "semantic":
            ranked = self.semantic(query, filters, pool, min_similarity, required=True)
        else:
            keyword = self.keyword(parsed, filters, pool, partial_below=limit)
            lists = [keyword]
            if self.vectors() is None:
                log.warning("no vector index at %s: keyword results only", self.vectors_path)
            else:
                lists.append(self.semantic(query, filters, pool, min_similarity))
            lists.append(self.entity_matches(parsed, aliases, filters, pool))
            ranked = fuse(lists, weights=[coverage_weights(keyword, len(parsed.groups))])
            if len(lists) > 2 and not (isinstance(lang, str) or (lang is not None and len(lang) == 1)):
                close = {i for i, _ in lists[1][:BALANCE_DEPTH]}  # near the query in meaning, whatever its words
                langs = self._langs([i for i, _ in ranked[:BALANCE_DEPTH]])
                ranked = balance_languages(ranked, langs, close)
        return self._hits(ranked[:limit], parsed, highlight)

    def _langs(self, ids: list[str]) -> dict[str, str | None]:
        a = store_schema.articles
        with self.store.engine.connect() as conn:
            return dict(conn.execute(select(a.c.id, a.c.lang).where(a.c.id.in_(ids))).all())

    def _check_built(self) -> None:
        if self._built:
            return
        self._built = _any_row(self.store, search_docs) or not _any_row(self.store, store_schema.articles)
        if not self._built:
            raise SearchError(
                f"the search index of {self.store.url} is empty but the database holds articles; "
                f"build it with `caspian index --db {self.store.url}` (or caspian.search.Indexer(store).update())"
            )

    def keyword(
        self, query: Query, filters: Filters, count: int, partial_below: int | None = None
    ) -> list[tuple[str, float]]:
        """Articles with every query group first, then those with some, by BM25 within each tier.

        The score is the number of groups matched plus BM25 squashed into [0, 1). The second tier
        (any word) is looked up only when the first has fewer than `partial_below` hits (default
        `count`): on a large index a query of common words matches much of it.
        """
        require_fts(self.store)
        if not query:
            return []
        groups = len(query.groups)
        if query.expanded:
            # Every group in the query's own words first, then every group in any language (an
            # energy word's forms across languages): both above the tier of some groups (< groups).
            hits = [(i, groups + 0.5 + _squash(r) / 2) for i, r in self._bm25(query, "all", filters, count, False)]
            if len(hits) < count:
                seen = {i for i, _ in hits}
                across = self._bm25(query, "all", filters, count + len(hits))
                hits += [(i, groups + _squash(r) / 2) for i, r in across if i not in seen][: count - len(hits)]
        else:
            hits = [(i, groups + _squash(r)) for i, r in self._bm25(query, "all", filters, count)]
        if len(hits) < min(count, partial_below or count) and groups > 1:
            seen = {i for i, _ in hits}
            more = [(i, r) for i, r in self._bm25(query, "any", filters, count + len(hits)) if i not in seen]
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

    def _bm25(
        self, query: Query, every: str, filters: Filters, count: int, expand: bool = True
    ) -> list[tuple[str, float]]:
        """The `count` best articles with every group (`every="all"`) or some (`"any"`), best first,
        with FTS5's BM25 (lower is better; PostgreSQL's rank is given in the same sense)."""
        if self.store.dialect == "postgresql":
            return self._ts_rank(query, every, filters, count, expand)
        match = query.fts_all(expand) if every == "all" else query.fts_any()
        where, params = filters.sql()
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        if not where:  # no filter: rank in the FTS table alone, then name the few keys found
            sql = (
                f"SELECT rowid, bm25({FTS_TABLE}, {weights}) AS r FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH :match ORDER BY r LIMIT :count"
            )
            with self.store.engine.connect() as conn:
                ranked = [(int(r[0]), float(r[1])) for r in conn.execute(text(sql), {"match": match, "count": count})]
            ids = self._ids_of([k for k, _ in ranked])
            return [(ids[k], r) for k, r in ranked if k in ids]
        sql = (
            f"SELECT d.article_id, bm25({FTS_TABLE}, {weights}) AS r FROM {FTS_TABLE} "
            f"JOIN search_docs d ON d.key = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH :match{where} ORDER BY r LIMIT :count"
        )
        with self.store.engine.connect() as conn:
            rows = conn.execute(text(sql), {"match": match, "count": count, **params}).all()
        return [(r[0], float(r[1])) for r in rows]

    def _ts_rank(self, query: Query, every: str, filters: Filters, count: int, expand: bool) -> list[tuple[str, float]]:
        """PostgreSQL: the GIN index finds the articles; ts_rank with the weights of the fields
        (TS_WEIGHTS, from FTS_WEIGHTS) over the query's forms (`Query.rank_forms`) weighted by their
        IDF (`Rarity`) ranks them, divided by log2(1 + length) as BM25 favours shorter texts. Both
        queries are bound parameters read by a cast: our own folded words and stems, quoted as lexemes."""
        match = query.tsquery_all(expand) if every == "all" else query.tsquery_any()
        values: dict[str, Any] = {"match": match, "count": count}
        weights = "{" + ", ".join(str(w) for w in TS_WEIGHTS) + "}"
        # BM25 weighs each form by its IDF; ts_rank averages over its query's lexemes: one ts_rank
        # per IDF level (forms of a similar rarity), times the level's IDF and number of forms.
        terms = []
        assert self._rarity is not None
        for i, (idf, forms) in enumerate(self._rarity.levels(query.rank_forms(expand))):
            values |= {f"rank{i}": tsquery_or(forms), f"w{i}": idf * len(forms)}
            terms.append(f"CAST(:w{i} AS real) * ts_rank('{weights}', t.tsv, CAST(:rank{i} AS tsquery))")
        # ts_rank's normalisation 1 (divided by log2(1 + positions)), computed once, not per ts_rank
        # (in double precision: PostgreSQL's log(2.0, x) is numeric, and took a query from 40 to 80 ms)
        rank = f"({' + '.join(terms) or '0'}) * {math.log(2)} / ln(CAST(GREATEST(t.positions, 1) + 1 AS float8))"
        where, params = filters.sql("postgresql")
        if not where:
            sql = (
                f"SELECT t.key, {rank} AS r FROM search_text t "
                "WHERE t.tsv @@ CAST(:match AS tsquery) ORDER BY r DESC, t.key LIMIT :count"
            )
            with self.store.engine.connect() as conn:
                use_the_index(conn)
                ranked = [(int(r[0]), float(r[1])) for r in conn.execute(text(sql), values)]
            ids = self._ids_of([k for k, _ in ranked])
            return [(ids[k], -TS_SCALE * r) for k, r in ranked if k in ids]
        sql = (
            f"SELECT d.article_id, {rank} AS r FROM search_text t JOIN search_docs d ON d.key = t.key "
            f"WHERE t.tsv @@ CAST(:match AS tsquery){where} ORDER BY r DESC, t.key LIMIT :count"
        )
        with self.store.engine.connect() as conn:
            use_the_index(conn)
            rows = conn.execute(text(sql), {**values, **params}).all()
        return [(r[0], -TS_SCALE * float(r[1])) for r in rows]

    def _ids_of(self, keys: list[int]) -> dict[int, str]:
        if not keys:
            return {}
        d = search_docs.c
        with self.store.engine.connect() as conn:
            return {int(r.key): r.article_id for r in conn.execute(select(d.key, d.article_id).where(d.key.in_(keys)))}

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
        where, params = filters.sql(self.store.dialect)
        keys = [k for k, _ in found]
        info: dict[int, str] = {}
        with self.store.engine.connect() as conn:
            if self.store.dialect == "postgresql" and (filters.entities or filters.commodities):
                use_the_index(conn)
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                holders = ", ".join(f":k{j}" for j in range(len(chunk)))
                sql = f"SELECT d.key, d.article_id FROM search_docs d WHERE d.key IN ({holders}){where}"
                rows = conn.execute(text(sql), {**params, **{f"k{j}": k for j, k in enumerate(chunk)}})
                info.update({int(r[0]): r[1] for r in rows})
        return [(info[k], sim) for k, sim in found if k in info]

    def entity_matches(self, query: Query, aliases: Aliases, filters: Filters, count: int) -> list[tuple[str, float]]:
        """Articles the store links to the entities the query names, most mentions first."""
        ids = sorted({i for g in query.groups if g.alias for i in aliases.entity_ids.get(g.alias, ())})
        if not ids:
            return []
        where, params = filters.sql(self.store.dialect)
        holders = ", ".join(f":e{i}" for i in range(len(ids)))
        sql = (
            "SELECT d.article_id, count(*) AS n FROM mentions m JOIN search_docs d ON d.article_id = m.article_id "
            f"WHERE m.entity_id IN ({holders}){where} GROUP BY d.article_id ORDER BY n DESC LIMIT :count"
        )
        with self.store.engine.connect() as conn:
            rows = conn.execute(text(sql), {**params, **{f"e{i}": v for i, v in enumerate(ids)}, "count": count})
            return [(r[0], float(r[1])) for r in rows]

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


def use_the_index(conn: Any) -> None:
    """PostgreSQL, for this transaction: find tsvector matches through the GIN index. The planner
    does not count the cost of reading (detoasting) every tsvector and, from a few percent of the
    rows matching, scans the whole table instead: 55 ms instead of 7 for a word in 11 % of 10,000
    articles (docs/search.md)."""
    conn.execute(text("SET LOCAL enable_seqscan = off"))


def _any_row(store: Store, table: Any) -> bool:
    with store.engine.connect() as conn:
        return conn.execute(select(table.c[next(iter(table.c.keys()))]).limit(1)).first() is not None


# ts_rank (normalised by the log of the length) is about a tenth of FTS5's BM25 on the same article.
TS_SCALE = 10.0


class Rarity:
    """How many articles hold each form in PostgreSQL's keyword index, for BM25's IDF,
    log((N - n + 0.5) / (n + 0.5)) (at least 1e-6, as FTS5's).

    Up to EXACT_UP_TO indexed articles each form is counted (through the GIN index, once per form
    until the index changes); above, the share of the rows holding it comes from PostgreSQL's own
    statistics of the column (`pg_stats.most_common_elems`, made by ANALYZE, which
    `Indexer.optimize` runs after a bulk update), and a form not among them is rarer than the
    rarest that is. The number of articles is read again every REFRESH seconds."""

    EXACT_UP_TO = 20_000
    REFRESH = 30.0
    LEVEL = 1.0  # forms whose IDF rounds to the same whole number are ranked together

    def __init__(self, store: Store) -> None:
        self.store = store
        self.n = -1
        self.read_at = -math.inf
        self.counts: dict[str, int] = {}
        self.shares: dict[str, float] | None = None

    def _refresh(self) -> None:
        if time.monotonic() - self.read_at < self.REFRESH:
            return
        self.read_at = time.monotonic()
        with self.store.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(search_docs)).scalar_one()
            if n != self.n:
                self.n, self.counts, self.shares = n, {}, None
            if n > self.EXACT_UP_TO and self.shares is None:
                row = conn.execute(
                    text(
                        "SELECT CAST(most_common_elems AS text) AS elems, most_common_elem_freqs AS freqs "
                        "FROM pg_stats WHERE tablename = 'search_text' AND attname = 'tsv'"
                    )
                ).first()
                self.shares = {}
                if row is not None and row.elems:
                    elems = row.elems.strip("{}")
                    words = [w.strip('"') for w in re.findall(r'"(?:[^"\\]|\\.)*"|[^,]+', elems)]
                    self.shares = dict(zip(words, (float(f) for f in row.freqs), strict=False))

    def count(self, form: str) -> float:
        if self.n <= self.EXACT_UP_TO:
            if form not in self.counts:
                with self.store.engine.connect() as conn:
                    use_the_index(conn)
                    self.counts[form] = conn.execute(
                        text("SELECT count(*) FROM search_text WHERE tsv @@ CAST(:q AS tsquery)"),
                        {"q": tsquery_or([form])},
                    ).scalar_one()
            return self.counts[form]
        shares = self.shares or {}
        if form in shares:
            return shares[form] * self.n
        return (min(shares.values()) / 2 if shares else 0.0) * self.n

    def idf(self, form: str) -> float:
        n = self.count(form)
        return max(math.log((self.n - n + 0.5) / (n + 0.5)), 1e-6)

    def levels(self, forms: set[str]) -> list[tuple[float, list[str]]]:
        """The forms grouped by their IDF (rounded to LEVEL), each group with its forms' mean IDF."""
        self._refresh()
        by_level: dict[int, list[tuple[str, float]]] = {}
        for form in sorted(forms):
            idf = self.idf(form)
            by_level.setdefault(round(idf / self.LEVEL), []).append((form, idf))
        return [
            (sum(idf for _, idf in group) / len(group), [form for form, _ in group])
            for _, group in sorted(by_level.items(), reverse=True)
        ]


def _squash(bm25: float) -> float:
    x = max(0.0, -bm25)
    return x / (1.0 + x)


# A first page all in one language hides the other languages' reports of the same topic (the keyword
# list favours the query's own language): when the top BALANCE_WINDOW hits share one language, the best
# hit in another language within the top BALANCE_DEPTH that the vector list also holds takes the last
# place of the window. Chosen by design, not tuned on a query set.
BALANCE_WINDOW, BALANCE_DEPTH = 5, 20


def balance_languages(
    ranked: list[tuple[str, float]],
    langs: dict[str, str | None],
    evidence: set[str],
    window: int = BALANCE_WINDOW,
    depth: int = BALANCE_DEPTH,
) -> list[tuple[str, float]]:
    """`ranked` with one article in another language moved up into the first `window` places when
    they are all in one language and such an article, close to the query (`evidence`), ranks within
    `depth`; otherwise unchanged."""
    top = ranked[:window]
    if len(top) < window or len({langs.get(i) for i, _ in top}) > 1:
        return ranked
    only = langs.get(top[0][0])
    for j in range(window, min(depth, len(ranked))):
        article_id = ranked[j][0]
        if langs.get(article_id) not in (None, only) and article_id in evidence:
            return [*ranked[: window - 1], ranked[j], *ranked[window - 1 : j], *ranked[j + 1 :]]
    return ranked


def fuse(
    lists: list[list[tuple[str, float]]], k: int = RRF_K, weights: list[dict[str, float] | None] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: each list adds weight / (k + rank) to an article's score (weight 1 unless given)."""
    scores: dict[str, float] = {}
    for i, ranked in enumerate(lists):
        weight = weights[i] if weights and i < len(weights) else None
        for rank, (article_id, _) in enumerate(ranked, start=1):
            w = 1.0 if weight is None else weight.get(article_id, 1.0)
            scores[article_id] = scores.get(article_id, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def coverage_weights(hits: list[tuple[str, float]], groups: int) -> dict[str, float]:
    """A keyword hit's weight in fusion: the squared share of query groups it matched.

    A hit matching one word of a three-word query is weak evidence next to the vector list.
    """
    if groups <= 1:
        return {}
    return {article_id: (min(int(score), groups) / groups) ** 2 for article_id, score in hits}


_SEARCHERS: dict[tuple[str, str, str], Searcher] = {}


SORTS = ("relevance", "date")


def split_langs(values: str | list[str] | None) -> list[str] | None:
    """Languages given repeated and/or comma-separated (`--lang en --lang kk`, `lang=en,kk`), in order."""
    if not values:
        return None
    items = [values] if isinstance(values, str) else list(values)
    langs = list(dict.fromkeys(code.strip() for item in items for code in item.split(",") if code.strip()))
    return langs or None


def arrange(
    hits: list[dict[str, Any]], sort: str = "relevance", offset: int = 0, limit: int = 10
) -> list[dict[str, Any]]:
    """One page of ranked hits: by relevance as ranked, or newest first (undated last, then by
    relevance); `offset` hits skipped. Raises SearchError for an unknown sort."""
    if sort not in SORTS:
        raise SearchError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if sort == "date":
        ranked = {id(h): i for i, h in enumerate(hits)}
        hits = sorted(hits, key=lambda h: (h.get("published") is None, _negated(h.get("published")), ranked[id(h)]))
    return hits[offset : offset + limit]


def _negated(published: str | None) -> tuple[int, ...]:
    # newest first on ISO dates of any precision: compare the negated code points
    return tuple(-ord(c) for c in (published or ""))


def pool_size(limit: int, offset: int = 0, sort: str = "relevance", filtered: bool = False) -> int:
    """How many ranked hits to ask for to fill one page: more when filters drop some afterwards,
    and a deeper pool when the page is sorted by date (the newest of the most relevant)."""
    wanted = (offset + limit) * (5 if filtered else 1)
    return max(wanted, 200) if sort == "date" else wanted


def search(
    store_or_url: Store | str,
    query: str,
    lang: str | list[str] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    limit: int = 10,
    mode: str = "hybrid",
    entity: str | list[str] | None = None,
    commodity: str | list[str] | None = None,
    **options: Any,
) -> list[dict[str, Any]]:
    """Ranked hits `{id, title, lang, published, source, path, score, snippet}` (PRODUCT.md `caspian search`).

    `entity`: only articles naming it (any of its names, in any script, or its store id);
    `commodity`: only articles on it (PRODUCT.md vocabulary: oil, gas, ...); several of either
    as a list or comma-separated, all required. `options`: `embedder`, `vectors_path` (as the
    index was built), `highlight` (a pair of markers around matched words, default
    `<mark>`/`</mark>`), `min_similarity` (drop semantic hits below this cosine).
    A Searcher per store is kept for the next call.
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
    return searcher.search(
        query,
        lang=lang,
        since=since,
        until=until,
        limit=limit,
        mode=mode,
        entity=entity,
        commodity=commodity,
        **options,
    )
