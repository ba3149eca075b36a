"""Which stored articles a watchlist's query matches, and the ingest hook that records them.

Words match as `caspian search` matches them (the same folding, stems, entity aliases and energy
words across languages: `caspian.search.query`), so a watch on `CPC` also sees `КТК` and
`Каспий құбыр консорциумы`; every word of the query must be there. An entity matches by its
canonical name, id or any name it was written with (`kb.entities.name_matches`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

from caspian.document import Document
from caspian.kb import watch as kb_watch
from caspian.kb.articles import iter_documents
from caspian.kb.entities import name_matches
from caspian.search.query import Group, Query, parse, phrase_at
from caspian.search.text import analyse_word, tokens
from caspian.store import Store

log = logging.getLogger(__name__)


def _names(entity: dict) -> list[str]:
    names = [str(entity.get("canonical") or ""), str(entity.get("id") or "")]
    names += [str(m.get("text") or "") for m in entity.get("mentions") or []]
    return [n for n in names if n]


class DocWords:
    """A document's words, folded and stemmed once (as the search index does), so that fifty
    watchlists cost fifty set look-ups, not fifty passes over the text."""

    def __init__(self, doc: Document) -> None:
        self.forms = [analyse_word(t.surface, doc.lang) for t in tokens(f"{doc.title or ''}\n{doc.text}")]
        self.words = {f for pair in self.forms for f in pair}
        self.starts: dict[str, list[int]] = defaultdict(list)
        for i, (folded, stemmed) in enumerate(self.forms):
            self.starts[folded].append(i)
            if stemmed != folded:
                self.starts[stemmed].append(i)

    def has(self, group: Group) -> bool:
        if group.words & self.words:
            return True
        return any(phrase_at(self.forms, i, p) for p in group.phrases for i in self.starts.get(p[0], ()))


@lru_cache(maxsize=65536)
def _name_matches(query: str, name: str) -> bool:
    return name_matches(query, name)


def why_matches(
    doc: Document, query: kb_watch.WatchQuery, parsed: Query | None = None, words: DocWords | None = None
) -> str | None:
    """Why `doc` matches `query` (a short reason), or None when it does not."""
    reasons = []
    if query.langs and (doc.lang or "") not in query.langs:
        return None
    if query.words:
        parsed = parsed or parse(query.words)
        words = words or DocWords(doc)
        if not parsed.groups or not all(words.has(g) for g in parsed.groups):
            return None
        reasons.append(f"words: {query.words}")
    if query.entity:
        hit = next((e for e in doc.entities if any(_name_matches(query.entity, n) for n in _names(e))), None)
        if hit is None:
            return None
        reasons.append(f"entity: {hit.get('canonical')}")
    if query.commodity or query.metric or query.geo:
        wanted = {
            k: str(v).casefold()
            for k, v in (("commodity", query.commodity), ("metric", query.metric), ("geo", query.geo))
            if v
        }
        fact = next((f for f in doc.facts if all(str(f.get(k) or "").casefold() == v for k, v in wanted.items())), None)
        if fact is None:
            return None
        reasons.append(f"fact: {fact.get('quote') or fact.get('value')}")
    return "; ".join(reasons)


def match_documents(watchlists: Iterable[kb_watch.WatchRef], docs: list[Document]) -> dict[int, dict[str, str]]:
    """`{watchlist id: {article id: why}}` for the documents each watchlist matches."""
    out: dict[int, dict[str, str]] = {}
    prepared = []
    for w in watchlists:
        query = kb_watch.WatchQuery.from_json(w["query"])
        prepared.append((w["id"], query, parse(query.words) if query.words else None))
        out[w["id"]] = {}
    for doc in docs:
        words = DocWords(doc) if any(q.words for _, q, _ in prepared) else None
        for wid, query, parsed in prepared:
            why = why_matches(doc, query, parsed, words)
            if why is not None and doc.id:
                out[wid][doc.id] = why
    return out


class WatchHook:
    """A callable for `ingest(..., on_stored=...)`: records each stored batch's new matches of every
    watchlist (read once per batch, so a watchlist added during a long ingest counts from then).
    `index`, the search index's hook when there is one, is called first with the same batch."""

    def __init__(self, store: Store, index: Callable[[list[Document]], None] | None = None) -> None:
        self.store = store
        self.index = index
        self.new: dict[int, list[str]] = {}

    def __call__(self, docs: list[Document]) -> None:
        if self.index is not None:
            self.index(docs)
        if not docs:
            return
        watchlists = kb_watch.watch_queries(self.store)
        if not watchlists:
            return
        for wid, ids in kb_watch.record_matches(self.store, match_documents(watchlists, docs)).items():
            self.new.setdefault(wid, []).extend(ids)

    def check_all(self, batch: int = 200) -> dict[int, list[str]]:
        """Match every stored article against every watchlist (`caspian watch check`): what an
        ingest before a watchlist existed stored is matched now; only new matches are returned."""
        docs: list[Document] = []
        for doc in iter_documents(self.store, batch):
            docs.append(doc)
            if len(docs) >= batch:
                self(docs)
                docs = []
        self(docs)
        return self.new
