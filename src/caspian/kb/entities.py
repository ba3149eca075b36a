"""Entities: listings with mention counts, one entity in full (names, roles, timeline, events,
facts, neighbours), lookups by name, and the names and forms search expands queries with."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from rapidfuzz import fuzz
from sqlalchemy import distinct, func, select
from sqlalchemy.engine import Connection

from caspian.entities.text import transliterate
from caspian.kb.articles import ArticleRow, articles_by_id
from caspian.kb.common import DB, Page, connect, page, rows
from caspian.kb.events import EventRow, events_in_articles, flatten
from caspian.kb.facts import FactRow, facts_about
from caspian.store import schema

A, E, M = schema.articles, schema.entities, schema.mentions


class EntityCount(TypedDict):
    id: str
    canonical: str
    type: str
    wikidata: str | None
    mentions: int
    articles: int


class EntitySummary(TypedDict):
    """A line of `caspian entities`."""

    id: str
    canonical: str
    type: str
    wikidata: str | None
    articles: int
    mentions: int
    langs: str  # comma-separated languages of the articles that mention it


class NameCount(TypedDict):
    text: str
    count: int


class RoleSeen(TypedDict):
    role: str
    first: str | None
    last: str | None
    n: int


class Neighbour(TypedDict):
    id: str
    canonical: str
    type: str
    articles: int


class EntityDetail(TypedDict):
    """One entity as its page and `/api/entities/{id}` show it."""

    id: str
    canonical: str
    type: str
    wikidata: str | None
    aliases: list[str]
    names: dict[str, list[NameCount]]  # by language, most used first
    roles: list[RoleSeen]
    timeline: list[dict[str, Any]]  # {month, mentions}
    articles: list[ArticleRow]
    events: list[EventRow]
    facts: list[FactRow]
    neighbours: list[Neighbour]


class NameRecord(TypedDict):
    id: str
    canonical: str
    aliases: Any  # as stored: a list of names, or names by language


@dataclass(frozen=True, slots=True)
class EntityFilter:
    """`type`: an entity type (any case); `name`: part of the canonical name; `q`: part of the
    canonical name, the id or any mention's text; `lang`: mentioned in articles of this language
    (and only those mentions counted). All case-insensitive."""

    type: str | None = None
    name: str | None = None
    q: str | None = None
    lang: str | None = None

    def conditions(self, conn: Connection) -> list[Any]:
        conds = []
        if self.type:
            conds.append(E.c.type == self.type.upper())
        if self.name:
            conds.append(func.lower(E.c.canonical).contains(self.name.lower(), autoescape=True))
        if self.q:
            conds.append(E.c.id.in_(find_entity_ids(conn, self.q)))
        return conds


# -- finding an entity by any of its names, in any script ----------------------------------------
# SQL's lower() folds ASCII only and knows no transliteration, so `Саткалиев`, `Хасенова`, `Hasenov`
# and `КМГ` are matched here, in Python, on a key that folds script, case and common spelling
# variants: `Хасенов`, `Khassenov` and `Hasenov` all give `hasenov`.
_SKELETON = ((re.compile(r"kh"), "h"), (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), ""), (re.compile(r"(.)\1+"), r"\1"))
_LETTERS = re.compile(r"[^a-z0-9]+")


def name_key(text: str) -> list[str]:
    """The words of a name as matching keys: Latin transliteration, case-folded, `kh` as `h`, a `y`
    between vowels dropped, doubled letters single (`Сәтқалиев`, `Satkaliyev` -> `satkaliev`)."""
    words = []
    for word in _LETTERS.split(transliterate(text).casefold()):
        for pattern, repl in _SKELETON:
            word = pattern.sub(repl, word)
        if word:
            words.append(word)
    return words


def _word_matches(asked: str, form: str) -> bool:
    if form.startswith(asked) or asked == form:
        return True
    if len(asked) >= 5 and asked.startswith(form) and len(asked) - len(form) <= 2:  # `Хасенова` for `Хасенов`
        return True
    return len(asked) >= 5 and len(form) >= 5 and fuzz.ratio(asked, form) >= 88


def name_matches(query: str, name: str) -> bool:
    """Whether every word of `query` matches a word of `name` (as a prefix, as the name with a case
    ending, or nearly), across scripts: `Hasenov` matches `Асхат Хасенов`."""
    asked, words = name_key(query), name_key(name)
    return bool(asked) and all(any(_word_matches(a, w) for w in words) for a in asked)


def find_entity_ids(db: DB, query: str) -> list[str]:
    """Ids of the entities whose id, canonical name, aliases or any mention's text matches `query`
    in any script (`name_matches`), most mentioned first."""
    with connect(db) as conn:
        forms: dict[str, set[str]] = defaultdict(set)
        for eid, canonical, aliases in conn.execute(select(E.c.id, E.c.canonical, E.c.aliases)):
            forms[eid].update((eid, canonical, *flatten(aliases)))
        for eid, text in conn.execute(select(M.c.entity_id, M.c.text).distinct()):
            forms[eid].add(text)
        found = [eid for eid, names in forms.items() if any(name_matches(query, n) for n in names)]
        if not found:
            return []
        counts = dict(
            conn.execute(
                select(M.c.entity_id, func.count()).where(M.c.entity_id.in_(found)).group_by(M.c.entity_id)
            ).all()
        )
    return sorted(found, key=lambda eid: (-counts.get(eid, 0), eid))


def list_entities(db: DB, flt: EntityFilter, limit: int, offset: int) -> Page[EntityCount]:
    """Entities with their mention and article counts, most mentioned first, one page of them
    (entities never mentioned count 0, unless `flt.lang` asks for mentions in a language)."""
    counts = select(
        M.c.entity_id,
        func.count().label("mentions"),
        func.count(distinct(M.c.article_id)).label("articles"),
    ).group_by(M.c.entity_id)
    if flt.lang:
        counts = counts.join(A, A.c.id == M.c.article_id).where(A.c.lang == flt.lang)
    counts = counts.subquery()
    mentions = func.coalesce(counts.c.mentions, 0)
    query = select(
        E.c.id,
        E.c.canonical,
        E.c.type,
        E.c.wikidata,
        mentions.label("mentions"),
        func.coalesce(counts.c.articles, 0).label("articles"),
    )
    on = counts.c.entity_id == E.c.id
    query = query.join(counts, on) if flt.lang else query.outerjoin(counts, on)
    with connect(db) as conn:
        query = query.where(*flt.conditions(conn)).order_by(mentions.desc(), E.c.canonical)
        return page(conn, query, limit, offset)


def entity_summaries(db: DB, flt: EntityFilter, limit: int | None = None) -> list[EntitySummary]:
    """Mentioned entities with how many articles and mentions they have and the languages of those
    articles, most mentioned first (what `caspian entities` lists)."""
    query = (
        select(
            E.c.id,
            E.c.canonical,
            E.c.type,
            E.c.wikidata,
            func.count(distinct(M.c.article_id)).label("articles"),
            func.count(M.c.id).label("mentions"),
        )
        .join(M, M.c.entity_id == E.c.id)
        .join(A, A.c.id == M.c.article_id)
        .group_by(E.c.id, E.c.canonical, E.c.type, E.c.wikidata)
        .order_by(func.count(M.c.id).desc(), E.c.canonical)
    )
    if flt.lang:
        query = query.where(A.c.lang == flt.lang)
    if limit:
        query = query.limit(limit)
    seen: dict[str, set[str]] = defaultdict(set)
    with connect(db) as conn:
        found = rows(conn.execute(query.where(*flt.conditions(conn))))
        if found:
            langs = conn.execute(
                select(M.c.entity_id, A.c.lang)
                .join(A, A.c.id == M.c.article_id)
                .where(M.c.entity_id.in_([r["id"] for r in found]))
                .distinct()
            ).all()
            for eid, lang in langs:
                seen[eid].add(lang or "other")
    for row in found:
        row["langs"] = ",".join(sorted(seen[row["id"]]))
    return cast(list[EntitySummary], found)


def entity_detail(db: DB, entity_id: str) -> EntityDetail | None:
    """One entity: its names by language, roles, mentions per month, latest articles, events it
    took part in, facts about it or its articles, and who is named with it; None if unknown."""
    with connect(db) as conn:
        row = conn.execute(select(E).where(E.c.id == entity_id)).mappings().first()
        if row is None:
            return None
        mentions = rows(
            conn.execute(
                select(M.c.article_id, M.c.start, M.c.end, M.c.text, M.c.role, A.c.lang, A.c.published, A.c.title)
                .join(A, A.c.id == M.c.article_id)
                .where(M.c.entity_id == entity_id)
                .order_by(A.c.published, M.c.start)
            )
        )
        aliases = sorted({*row["aliases"], *(m["text"] for m in mentions)} - {row["canonical"]})
        article_ids = list(dict.fromkeys(m["article_id"] for m in mentions))
        return {
            "id": row["id"],
            "canonical": row["canonical"],
            "type": row["type"],
            "wikidata": row["wikidata"],
            "aliases": aliases,
            "names": names_by_lang(mentions),
            "roles": roles_seen(mentions),
            "timeline": timeline(mentions),
            "articles": articles_by_id(conn, article_ids[-100:]),
            "events": entity_events(conn, article_ids, mentions, {row["canonical"], *aliases}),
            "facts": facts_about(conn, row["canonical"], row["type"], mentions, names=aliases),
            "neighbours": neighbours(conn, entity_id, article_ids),
        }


def names_by_lang(mentions: list[dict[str, Any]]) -> dict[str, list[NameCount]]:
    by_lang: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        by_lang[m["lang"] or "other"][m["text"]] += 1
    return {
        lang: [{"text": t, "count": n} for t, n in counter.most_common()] for lang, counter in sorted(by_lang.items())
    }


def roles_seen(mentions: list[dict[str, Any]]) -> list[RoleSeen]:
    roles: dict[str, RoleSeen] = {}
    for m in mentions:
        if not m["role"]:
            continue
        r = roles.setdefault(m["role"], {"role": m["role"], "first": m["published"], "last": m["published"], "n": 0})
        r["n"] += 1
        if m["published"]:
            r["first"] = min(filter(None, (r["first"], m["published"])))
            r["last"] = max(filter(None, (r["last"], m["published"])))
    return sorted(roles.values(), key=lambda r: (r["first"] or "", r["role"]))


def timeline(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    months = Counter((m["published"] or "")[:7] for m in mentions if m["published"])
    return [{"month": k, "mentions": v} for k, v in sorted(months.items())]


def entity_events(
    db: DB, article_ids: list[str], mentions: list[dict[str, Any]], names: set[str], limit: int = 200
) -> list[EventRow]:
    """Events naming the entity as a participant, or whose span holds one of its mentions (the last `limit`)."""
    if not article_ids:
        return []
    folded = {n.casefold() for n in names}
    spans = defaultdict(list)
    for m in mentions:
        spans[m["article_id"]].append((m["start"], m["end"]))
    found = []
    for ev in events_in_articles(db, article_ids):
        named = any(str(p).casefold() in folded for p in ev["participants"] or [])
        inside = ev["start"] is not None and any(
            ev["start"] <= s and e <= (ev["end"] or 0) for s, e in spans[ev["article_id"]]
        )
        if named or inside:
            found.append(ev)
    return found[-limit:]


def neighbours(db: DB, entity_id: str, article_ids: list[str], limit: int = 20) -> list[Neighbour]:
    """The entities named in the most of these articles (the first 500), besides `entity_id`."""
    if not article_ids:
        return []
    query = (
        select(E.c.id, E.c.canonical, E.c.type, func.count(distinct(M.c.article_id)).label("articles"))
        .join(E, E.c.id == M.c.entity_id)
        .where(M.c.article_id.in_(article_ids[:500]), M.c.entity_id != entity_id)
        .group_by(E.c.id, E.c.canonical, E.c.type)
        .order_by(func.count(distinct(M.c.article_id)).desc(), E.c.canonical)
        .limit(limit)
    )
    with connect(db) as conn:
        return cast(list[Neighbour], rows(conn.execute(query)))


def entity_record(db: DB, entity_id: str) -> dict[str, Any] | None:
    """One entity as `caspian entities show` prints it: aliases seen per language (with counts),
    roles seen with first and last dates and article counts, articles per language, its articles."""
    with connect(db) as conn:
        ent = conn.execute(select(E).where(E.c.id == entity_id)).mappings().first()
        if ent is None:
            return None
        found = conn.execute(
            select(M.c.text, M.c.role, A.c.id, A.c.lang, A.c.published, A.c.title)
            .join(A, A.c.id == M.c.article_id)
            .where(M.c.entity_id == entity_id)
            .order_by(A.c.published, A.c.id, M.c.start)
        ).all()
    aliases: dict[str, Counter] = defaultdict(Counter)
    roles: dict[str, dict[str, Any]] = {}
    articles: dict[str, dict[str, Any]] = {}
    for text, role, article_id, lang, published, title in found:
        aliases[lang or "other"][text] += 1
        articles.setdefault(article_id, {"id": article_id, "lang": lang, "published": published, "title": title})
        if role:
            seen = roles.setdefault(role, {"role": role, "first": published, "last": published, "articles": set()})
            seen["articles"].add(article_id)
            if published and (not seen["first"] or published < seen["first"]):
                seen["first"] = published
            if published and (not seen["last"] or published > seen["last"]):
                seen["last"] = published
    by_lang = Counter(a["lang"] or "other" for a in articles.values())
    return {
        "id": ent["id"],
        "canonical": ent["canonical"],
        "type": ent["type"],
        "wikidata": ent["wikidata"],
        "articles": len(articles),
        "articles_by_lang": dict(sorted(by_lang.items())),
        "mentions": len(found),
        "aliases": {lang: dict(c.most_common()) for lang, c in sorted(aliases.items())},
        "roles": [{**r, "articles": len(r["articles"])} for r in roles.values()],
        "article_list": list(articles.values()),
    }


def resolve_entity(db: DB, given: str | None) -> str | None:
    """An entity id from an id, a canonical name (any case) or, failing those, any name it goes by in
    any script (the most mentioned such entity: `Хасенов`, `KMG`); the input itself when none matches."""
    if not given or not given.strip():
        return None
    given = given.strip()
    with connect(db) as conn:
        if conn.execute(select(E.c.id).where(E.c.id == given)).first():
            return given
        found = conn.execute(select(E.c.id).where(func.lower(E.c.canonical) == given.lower()).limit(1)).scalar()
        if found is None:
            found = next(iter(find_entity_ids(conn, given)), None)
    return found or given


def most_mentioned_names(db: DB, limit: int = 300) -> list[str]:
    """Canonical names of the most mentioned entities (the search form's suggestions)."""
    counts = select(M.c.entity_id, func.count().label("n")).group_by(M.c.entity_id).subquery()
    query = select(E.c.canonical).join(counts, counts.c.entity_id == E.c.id).order_by(counts.c.n.desc()).limit(limit)
    with connect(db) as conn:
        return list(conn.execute(query).scalars())


def count_entities(db: DB) -> int:
    """How many entities are stored."""
    with connect(db) as conn:
        return conn.execute(select(func.count()).select_from(E)).scalar_one()


def name_records(db: DB) -> list[NameRecord]:
    """Every stored entity's id, canonical name and stored aliases."""
    with connect(db) as conn:
        return [
            {"id": r.id, "canonical": r.canonical, "aliases": r.aliases}
            for r in conn.execute(select(E.c.id, E.c.canonical, E.c.aliases))
        ]


def mention_forms(db: DB, min_count: int = 1) -> list[tuple[str, str]]:
    """(entity id, surface form) of every form an entity was mentioned with at least `min_count` times."""
    query = select(M.c.entity_id, M.c.text).group_by(M.c.entity_id, M.c.text).having(func.count() >= min_count)
    with connect(db) as conn:
        return [(r.entity_id, r.text) for r in conn.execute(query)]
