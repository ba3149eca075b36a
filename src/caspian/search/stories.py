"""Duplicates and stories, incremental as articles arrive.

Each new article is, in this order:
1. an exact duplicate of a stored one (same folded words) -> it joins that article's story;
2. a near-duplicate in its language (MinHash LSH over word shingles, datasketch) -> likewise;
3. linked to the stored article of the best story score within a few days (cosine of the
   title + lead embeddings, plus the entities and numbers both name) -> it joins that story;
4. else the first article of a new story.

The story is written to `articles.cluster_id` and the `clusters` table; what this needs
beyond the store's schema (signatures, features, duplicate links) is kept in `search_story`.
Thresholds live in `lexicons/search/stories.yaml`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import Column, Index, LargeBinary, MetaData, String, Table, Text, delete, func, select, text, update

from caspian.document import Document
from caspian.kb.stories import english_label
from caspian.lexicons import load
from caspian.nlp.dates import find_dates
from caspian.search.entities import entity_aliases
from caspian.search.index import CREATE_LOCK, article_key, day_of, passage_text, search_docs
from caspian.search.query import Aliases
from caspian.search.text import analyse
from caspian.search.vectors import VectorIndex
from caspian.store import Store
from caspian.store import schema as store_schema

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHashLSH

metadata = MetaData()

search_story = Table(
    "search_story",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("cluster_id", String(64), nullable=False),
    Column("duplicate_of", String(32)),
    Column("kind", String(8), nullable=False),  # first | exact | near | story
    Column("lang", String(8)),
    Column("day", String(10)),
    Column("text_hash", String(32), nullable=False),
    Column("minhash", LargeBinary),
    Column("features", Text, nullable=False),
    Index("ix_search_story_day", "day"),
    Index("ix_search_story_hash", "text_hash"),
    Index("ix_search_story_cluster", "cluster_id"),
)

# A number as written in any of our languages: "400 000", "400,000", "63,5", "1.087", "21.1".
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![\d])|\d+(?:[.,]\d+)*")
_YEAR = range(1900, 2101)
_WORD = re.compile(r"[\s\u00a0]*(\w+)")
# MinHash signatures as stored in `search_story.minhash` (datasketch 2's default scheme).
SCHEME = "affine32"
SIGNATURE_DTYPE = np.uint32


def _new_lsh() -> MinHashLSH:
    from datasketch import MinHashLSH  # pulls scipy (~0.6 s): only where stories are clustered

    cfg = config()["minhash"]
    weights = tuple(float(w) for w in cfg.get("lsh_weights") or (0.5, 0.5))
    return MinHashLSH(threshold=float(cfg["threshold"]), num_perm=int(cfg["num_perm"]), weights=weights)


def _lean(values: np.ndarray) -> LeanMinHash:
    from datasketch import LeanMinHash

    return LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)


@cache
def config() -> dict[str, Any]:
    return load("search/stories")


def parse_number(written: str) -> float | None:
    """The value of a number however it is grouped; a lone separator before 3 digits groups thousands."""
    s = re.sub(r"[ \u00a0\u202f]", "", written)
    seps = [c for c in s if c in ".,"]
    if seps:
        last = max(s.rfind("."), s.rfind(","))
        groups_thousands = (len(seps) > 1 and len(set(seps)) == 1) or (len(seps) == 1 and len(s) - last - 1 == 3)
        if groups_thousands:
            s = s.replace(".", "").replace(",", "")
        else:
            s = s[:last].replace(".", "").replace(",", "") + "." + s[last + 1 :]
    try:
        return float(s)
    except ValueError:
        return None


def number_key(value: float) -> str:
    """A number as a comparable key: four significant digits and the magnitude (`2.46e+07`)."""
    return f"{value:.4g}"


@cache
def _scales() -> tuple[tuple[str, float], ...]:
    pairs = [(str(w).lower(), float(k)) for k, words in (config().get("scale_words") or {}).items() for w in words]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _scale(after: str) -> float:
    m = _WORD.match(after)
    if not m:
        return 1.0
    word = m.group(1).lower()
    return next((k for w, k in _scales() if word.startswith(w)), 1.0)


def numbers_in(text: str) -> tuple[frozenset[str], frozenset[int]]:
    """(keys of the numbers, the years) a text gives; a scale word after a number multiplies it."""
    keys, years = set(), set()
    for m in _NUMBER.finditer(text):
        value = parse_number(m.group())
        if value is None:
            continue
        if value.is_integer() and int(value) in _YEAR and m.group().isdigit():
            years.add(int(value))
        elif not value.is_integer() or value >= 10:
            keys.add(number_key(value * _scale(text[m.end() : m.end() + 30])))
    return frozenset(keys), frozenset(years)


@dataclass(frozen=True, slots=True)
class Features:
    entities: frozenset[str]
    numbers: frozenset[str]
    years: frozenset[int]
    days: frozenset[str] = frozenset()  # full dates the title and lead state (YYYY-MM-DD)

    def to_json(self) -> str:
        return json.dumps(
            {
                "entities": sorted(self.entities),
                "numbers": sorted(self.numbers),
                "years": sorted(self.years),
                "days": sorted(self.days),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, data: str) -> Features:
        d = json.loads(data)
        return cls(
            frozenset(d["entities"]), frozenset(d["numbers"]), frozenset(d["years"]), frozenset(d.get("days") or ())
        )


def features(doc: Document, aliases: Aliases) -> Features:
    """Entities and numbers of the title and lead, what the story is told by (as the vector is).

    A long body names many entities and figures in passing; two unrelated articles share some.
    """
    text = passage_text(doc)
    names = aliases.names_in(text, doc.lang)
    for ent in doc.entities:
        if any(m.get("start", len(text)) < len(text) for m in ent.get("mentions", [])):
            names.add(aliases.lookup(ent.get("canonical") or "") or ent.get("id") or ent.get("canonical"))
    names -= set(config().get("common_entities") or ())
    keys, years = numbers_in(text)
    days = frozenset(m.value.date().isoformat() for m in find_dates(text))
    return Features(frozenset(n for n in names if n), keys, years, days)


def stated_near(day: str | None, feats: Features, other_day: str | None, other: Features, window: int) -> bool:
    """Whether an undated side of a link states, in its title or lead, a day within `window` days of
    the other side's day (its publication day, else the days it states): the text's own date then
    stands in for the missing publication day ("Chevron said on 24 January 2025 ...")."""
    mine = {day} if day else set(feats.days)
    theirs = {other_day} if other_day else set(other.days)
    dates = [(_date(a), _date(b)) for a in mine for b in theirs]
    return any(a and b and abs((a - b).days) <= window for a, b in dates)


def text_hash(doc: Document) -> str:
    folded, _ = analyse(f"{doc.title or ''}\n{doc.text}", doc.lang)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


def signature(doc: Document) -> LeanMinHash:
    from datasketch import LeanMinHash, MinHash

    cfg = config()["minhash"]
    words = analyse(doc.text, doc.lang)[0].split()
    n = int(cfg["shingle"])
    shingles = {" ".join(words[i : i + n]).encode("utf-8") for i in range(max(1, len(words) - n + 1))}
    mh = MinHash(num_perm=int(cfg["num_perm"]), seed=1, scheme=SCHEME)
    mh.update_batch(list(shingles))
    return LeanMinHash(mh)


def story_score(cos: float, a: Features, b: Features) -> float:
    cfg = config()["story"]
    entities = len(a.entities & b.entities)
    shared = a.numbers & b.numbers
    numbers = len(shared)
    # Two reports of one story give the same figures: both giving figures, none in common, says otherwise.
    conflict = not shared and bool(a.numbers) and bool(b.numbers)
    return (
        cos
        + float(cfg["entity_bonus"]) * min(entities, int(cfg["max_entities"]))
        + float(cfg["number_bonus"]) * min(numbers, float(cfg["max_numbers"]))
        - (float(cfg["number_conflict"]) if conflict else 0.0)
    )


def _date(day: str | None) -> date | None:
    if day and len(day) == 10:
        try:
            return date.fromisoformat(day)
        except ValueError:
            return None
    return None


@dataclass(slots=True)
class Candidate:
    article_id: str
    cluster_id: str
    lang: str | None
    day: str | None
    features: Features
    vector: np.ndarray | None = None


@dataclass(slots=True)
class Assignment:
    article_id: str
    cluster_id: str
    kind: str
    duplicate_of: str | None = None
    score: float | None = None


@dataclass(slots=True)
class _Batch:
    rows: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


class Clusterer:
    """Gives each new article a story (`cluster_id`); idempotent per article id.

    `vectors` is the search vector index (title + lead embeddings); without it only exact and
    near-duplicates are found and every other article starts its own story.
    """

    def __init__(self, store: Store, vectors: VectorIndex | None = None, aliases: Aliases | None = None) -> None:
        self.store = store
        self.vectors = vectors
        self.aliases = aliases or entity_aliases(store)
        ensure_tables(store)
        self.lsh = _new_lsh()
        self.langs: dict[str, str | None] = {}
        # Stories merged in the batch being assigned (old id -> new id), written with the batch.
        self.renamed: dict[str, str] = {}
        self._load_signatures()

    def _load_signatures(self) -> None:
        s = search_story.c
        num_perm = int(config()["minhash"]["num_perm"])
        with self.store.engine.connect() as conn:
            for row in conn.execute(select(s.article_id, s.lang, s.minhash).where(s.minhash.is_not(None))):
                values = np.frombuffer(row.minhash, dtype=SIGNATURE_DTYPE)
                if len(values) == num_perm:
                    self.lsh.insert(row.article_id, _lean(values))
                    self.langs[row.article_id] = row.lang

    def add(self, docs: Iterable[Document]) -> list[Assignment]:
        """Assign stories to the articles not yet assigned, oldest first."""
        docs = [d for d in docs if d.id]
        known = self._known([d.id for d in docs])
        todo = sorted(
            {d.id: d for d in docs if d.id not in known}.values(), key=lambda d: (day_of(d.published) or "", d.id)
        )
        batch = _Batch()
        out = [self._assign(doc, batch) for doc in todo]
        if out:
            self._write(batch, out)
        return out

    def _known(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        with self.store.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                found |= set(
                    conn.execute(
                        select(search_story.c.article_id).where(search_story.c.article_id.in_(ids[i : i + 500]))
                    ).scalars()
                )
        return found

    def _assign(self, doc: Document, batch: _Batch) -> Assignment:
        feats = features(doc, self.aliases)
        digest = text_hash(doc)
        sig = signature(doc)
        day = day_of(doc.published)
        assignment = self._exact(digest, batch) or self._near(doc, sig, batch) or self._story(doc, feats, day, batch)
        if assignment is None:
            assignment = Assignment(doc.id, f"s-{doc.id}", "first")
        else:
            assignment.article_id = doc.id
        self.lsh.insert(doc.id, sig)
        self.langs[doc.id] = doc.lang
        batch.rows.append(
            {
                "article_id": doc.id,
                "cluster_id": assignment.cluster_id,
                "duplicate_of": assignment.duplicate_of,
                "kind": assignment.kind,
                "lang": doc.lang,
                "day": day,
                "text_hash": digest,
                "minhash": sig.hashvalues.astype(SIGNATURE_DTYPE).tobytes(),
                "features": feats.to_json(),
            }
        )
        batch.candidates.append(Candidate(doc.id, assignment.cluster_id, doc.lang, day, feats, self._vector(doc.id)))
        return assignment

    def _cluster_of(self, article_id: str, batch: _Batch) -> str | None:
        for row in batch.rows:
            if row["article_id"] == article_id:
                return row["cluster_id"]
        with self.store.engine.connect() as conn:
            return conn.execute(
                select(search_story.c.cluster_id).where(search_story.c.article_id == article_id)
            ).scalar()

    def _exact(self, digest: str, batch: _Batch) -> Assignment | None:
        for row in batch.rows:
            if row["text_hash"] == digest:
                return Assignment("", row["cluster_id"], "exact", row["article_id"])
        s = search_story.c
        with self.store.engine.connect() as conn:
            row = conn.execute(select(s.article_id, s.cluster_id).where(s.text_hash == digest).limit(1)).first()
        return Assignment("", row.cluster_id, "exact", row.article_id) if row else None

    def _near(self, doc: Document, sig: LeanMinHash, batch: _Batch) -> Assignment | None:
        same_lang = [k for k in self.lsh.query(sig) if self.langs.get(k) == doc.lang]
        if not same_lang:
            return None
        similarity, best = max((self._jaccard(sig, k, batch), k) for k in same_lang)
        if similarity < float(config()["minhash"]["threshold"]):
            return None
        cluster = self._cluster_of(best, batch)
        return Assignment("", cluster, "near", best, round(similarity, 4)) if cluster else None

    def _jaccard(self, sig: LeanMinHash, other: str, batch: _Batch) -> float:
        for row in batch.rows:
            if row["article_id"] == other:
                return sig.jaccard(_lean(np.frombuffer(row["minhash"], dtype=SIGNATURE_DTYPE)))
        with self.store.engine.connect() as conn:
            data = conn.execute(select(search_story.c.minhash).where(search_story.c.article_id == other)).scalar()
        return sig.jaccard(_lean(np.frombuffer(data, dtype=SIGNATURE_DTYPE))) if data else 0.0

    def _vector(self, article_id: str) -> np.ndarray | None:
        if self.vectors is None or not len(self.vectors):
            return None
        row = self.vectors.index.get(np.asarray([article_key(article_id)], dtype=np.uint64), dtype=np.float32)
        vec = row[0] if isinstance(row, tuple) else row
        return None if vec is None else np.asarray(vec, dtype=np.float32).reshape(-1)

    def _story(self, doc: Document, feats: Features, day: str | None, batch: _Batch) -> Assignment | None:
        """Join the story of the best link; a new article that links two stories merges them."""
        vector = self._vector(doc.id)
        if vector is None:
            return None
        threshold = float(config()["story"]["threshold"])
        undated = float(config()["story"].get("undated_penalty", 0.0))
        window = int(config()["story"]["window_days"])
        links: list[tuple[float, Candidate]] = []
        for cand in self._candidates(vector, day, batch):
            if cand.vector is None or cand.article_id == doc.id:
                continue
            score = story_score(float(vector @ cand.vector), feats, cand.features)
            if (day is None or cand.day is None) and not stated_near(day, feats, cand.day, cand.features, window):
                score -= undated  # no day, published or stated, to say the two are from the same days
            if score >= threshold:
                links.append((score, cand))
        if not links:
            return None
        score, best = max(links, key=lambda link: link[0])
        for _, cand in links:
            if cand.cluster_id != best.cluster_id:
                self._merge(cand.cluster_id, best.cluster_id, batch)
        return Assignment("", best.cluster_id, "story", best.article_id, round(score, 4))

    def _merge(self, old: str, new: str, batch: _Batch) -> None:
        self.renamed = {k: (new if v == old else v) for k, v in self.renamed.items()} | {old: new}
        for row in batch.rows:
            if row["cluster_id"] == old:
                row["cluster_id"] = new
        for cand in batch.candidates:
            if cand.cluster_id == old:
                cand.cluster_id = new

    def _candidates(self, vector: np.ndarray, day: str | None, batch: _Batch) -> list[Candidate]:
        """Stored and same-batch articles within the window of `day`, and the undated among the
        nearest vectors (no window can place those); all the nearest vectors when `day` is unknown.

        Undated articles are candidates of dated ones too: otherwise whether two reports of one
        story join would depend on which arrived first (an undated article links to an earlier dated
        one through its neighbours, but a dated one never looked at an earlier undated one)."""
        cfg = config()["story"]
        s = search_story.c
        columns = (s.article_id, s.cluster_id, s.lang, s.day, s.features)
        keys = [k for k, _ in self.vectors.search(vector, int(cfg["neighbours"]))] if self.vectors else []
        near = select(search_docs.c.article_id).where(search_docs.c.key.in_(keys))
        when = _date(day)
        if when is not None:
            window = timedelta(days=int(cfg["window_days"]))
            lo, hi = (when - window).isoformat(), (when + window).isoformat()
            queries = [
                select(*columns).where(s.day.between(lo, hi)).order_by(s.day.desc()).limit(int(cfg["candidates"])),
                select(*columns).where(s.day.is_(None), s.article_id.in_(near)),
            ]
            pending = [c for c in batch.candidates if not c.day or lo <= c.day <= hi]
        else:
            queries = [select(*columns).where(s.article_id.in_(near))]
            pending = list(batch.candidates)
        with self.store.engine.connect() as conn:
            rows = {r.article_id: r for query in queries for r in conn.execute(query)}
        stored = [
            Candidate(
                r.article_id,
                self.renamed.get(r.cluster_id, r.cluster_id),
                r.lang,
                r.day,
                Features.from_json(r.features),
            )
            for r in rows.values()
        ]
        self._attach_vectors(stored)
        return stored + pending

    def _attach_vectors(self, cands: list[Candidate]) -> None:
        if not cands or self.vectors is None:
            return
        found = self.vectors.index.get(
            np.asarray([article_key(c.article_id) for c in cands], dtype=np.uint64), dtype=np.float32
        )
        rows = found if isinstance(found, tuple) else list(found)
        for cand, vec in zip(cands, rows, strict=True):
            cand.vector = None if vec is None else np.asarray(vec, dtype=np.float32).reshape(-1)

    def _write(self, batch: _Batch, assignments: list[Assignment]) -> None:
        now = datetime.now(UTC)
        a = store_schema.articles
        for x in assignments:
            x.cluster_id = self.renamed.get(x.cluster_id, x.cluster_id)
        clusters = sorted({x.cluster_id for x in assignments} | set(self.renamed.values()))
        with self.store.engine.begin() as conn:
            for old, new in self.renamed.items():
                conn.execute(update(search_story).where(search_story.c.cluster_id == old).values(cluster_id=new))
                conn.execute(update(a).where(a.c.cluster_id == old).values(cluster_id=new))
                conn.execute(delete(store_schema.clusters).where(store_schema.clusters.c.id == old))
            conn.execute(search_story.insert(), batch.rows)
            for x in assignments:
                conn.execute(update(a).where(a.c.id == x.article_id).values(cluster_id=x.cluster_id))
            for cluster_id in clusters:
                self._write_cluster(conn, cluster_id, now)
        self.renamed = {}

    def _write_cluster(self, conn: Any, cluster_id: str, now: datetime) -> None:
        s, a, c = search_story.c, store_schema.articles.c, store_schema.clusters.c
        rows = conn.execute(
            select(s.article_id, s.lang, s.day, s.kind).where(s.cluster_id == cluster_id).order_by(s.day, s.article_id)
        ).all()
        first = next((r for r in rows if r.kind == "first"), rows[0])
        original = conn.execute(select(a.title).where(a.id == first.article_id)).scalar()
        days = sorted(r.day for r in rows if r.day)
        common = frozenset(config().get("common_entities") or ())
        members = [r.article_id for r in rows]
        # In English whatever the languages: the English report's title, else names and month.
        label = english_label(conn, members, days[0] if days else None, common) or original
        data = {
            "size": len(rows),
            "langs": sorted({r.lang for r in rows if r.lang}),
            "duplicates": sum(r.kind in ("exact", "near") for r in rows),
            "first_day": days[0] if days else None,
            "last_day": days[-1] if days else None,
            "title_original": original,
        }
        created = conn.execute(select(c.created_at).where(c.id == cluster_id)).scalar() or now
        conn.execute(delete(store_schema.clusters).where(c.id == cluster_id))
        conn.execute(store_schema.clusters.insert().values(id=cluster_id, label=label, created_at=created, data=data))

    def reset(self) -> None:
        """Forget every story (the next `add` of all articles clusters them again)."""
        a = store_schema.articles
        with self.store.engine.begin() as conn:
            conn.execute(delete(search_story))
            conn.execute(delete(store_schema.clusters))
            conn.execute(update(a).values(cluster_id=None))
        self.lsh = _new_lsh()
        self.langs = {}


def ensure_tables(store: Store) -> None:
    with store.engine.begin() as conn:
        if store.dialect == "postgresql":  # one creator at a time (index.ensure_tables)
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CREATE_LOCK})
        metadata.create_all(conn)


def story_count(store: Store) -> int:
    ensure_tables(store)
    with store.engine.connect() as conn:
        return conn.execute(select(func.count(func.distinct(search_story.c.cluster_id)))).scalar_one()


def list_stories(
    store: Store, since: str | None = None, until: str | None = None, min_size: int = 1, limit: int = 20
) -> list[dict[str, Any]]:
    """Stories with an article in [since, until] (by day), latest first, each with its articles."""
    s, a = search_story.c, store_schema.articles.c
    ensure_tables(store)
    with store.engine.connect() as conn:
        query = select(s.cluster_id, func.max(s.day).label("last")).group_by(s.cluster_id)
        if since:
            query = query.where(s.day >= since)
        if until:
            query = query.where(s.day <= until)
        query = query.having(func.count() >= min_size).order_by(func.max(s.day).desc(), s.cluster_id).limit(limit)
        ids = [r.cluster_id for r in conn.execute(query)]
        clusters = {
            r.id: r for r in conn.execute(select(store_schema.clusters).where(store_schema.clusters.c.id.in_(ids)))
        }
        members = conn.execute(
            select(s.cluster_id, s.article_id, s.kind, s.duplicate_of, a.title, a.lang, a.published, a.source, a.path)
            .join(store_schema.articles, a.id == s.article_id)
            .where(s.cluster_id.in_(ids))
            .order_by(s.day, s.article_id)
        ).all()
    out = []
    for cluster_id in ids:
        row = clusters.get(cluster_id)
        data = (row.data if row is not None else None) or {}
        out.append(
            {
                "id": cluster_id,
                "label": row.label if row is not None else None,
                "size": data.get("size"),
                "langs": data.get("langs", []),
                "first_day": data.get("first_day"),
                "last_day": data.get("last_day"),
                "articles": [
                    {
                        "id": m.article_id,
                        "title": m.title,
                        "lang": m.lang,
                        "published": m.published,
                        "source": m.source,
                        "path": m.path,
                        "link": m.kind,
                        "duplicate_of": m.duplicate_of,
                    }
                    for m in members
                    if m.cluster_id == cluster_id
                ],
            }
        )
    return out
