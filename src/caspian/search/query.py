"""A user's query as groups of interchangeable forms: its words, their stems, and entity aliases."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

from caspian.lexicons import load
from caspian.search.text import QUERY_LANGS, analyse_word, query_forms, script, stem, tokens

# Stems of alias forms shorter than this are not used: `Eni` would stem to Turkish `en` ("most").
MIN_ALIAS_STEM = 4


@dataclass(frozen=True, slots=True)
class Group:
    """One query word (or alias phrase): a document matches it by any of its words or phrases."""

    text: str
    words: frozenset[str]
    phrases: frozenset[tuple[str, ...]] = frozenset()
    alias: str | None = None
    # An energy word's forms in the query's own language, before its expansion to every language
    # (lexicons/search/terms.yaml): keyword search ranks articles in the query's words first.
    typed: Group | None = None

    def fts(self, expand: bool = True) -> str:
        if not expand and self.typed is not None:
            return self.typed.fts()
        parts = sorted(f'"{w}"' for w in self.words) + sorted('"' + " ".join(p) + '"' for p in _minimal(self))
        return "(" + " OR ".join(parts) + ")"

    def tsquery(self, expand: bool = True) -> str:
        """The same group as PostgreSQL tsquery text (read with a cast, so no parser or stemmer of
        PostgreSQL's touches the forms): a word is a lexeme, a phrase lexemes joined by `<->`."""
        if not expand and self.typed is not None:
            return self.typed.tsquery()
        parts = sorted(lexeme(w) for w in self.words)
        parts += sorted("(" + " <-> ".join(lexeme(w) for w in p) + ")" for p in _minimal(self))
        return "(" + " | ".join(parts) + ")"


def lexeme(word: str) -> str:
    """A word as one quoted tsquery/tsvector lexeme: quotes doubled, backslashes escaped."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return len(longer) > n and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _minimal(group: Group) -> list[tuple[str, ...]]:
    """The group's phrases without those that hold one of its words or a shorter phrase of it.

    In an OR they match nothing more ("btc pipeline" where "btc" is there already), and each one
    costs FTS5 a walk through its words' postings: an entity with many aliases was the slowest query.
    """
    phrases = sorted(group.phrases, key=len)
    kept: list[tuple[str, ...]] = []
    for p in phrases:
        if any(w in group.words for w in p):
            continue
        if any(_contains(p, k) for k in kept):
            continue
        kept.append(p)
    return kept


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    groups: tuple[Group, ...]

    def fts_all(self, expand: bool = True) -> str:
        return " AND ".join(g.fts(expand) for g in self.groups)

    @property
    def expanded(self) -> bool:
        return any(g.typed is not None for g in self.groups)

    def fts_any(self) -> str:
        return " OR ".join(g.fts() for g in self.groups)

    def tsquery_all(self, expand: bool = True) -> str:
        """`fts_all` for PostgreSQL: every group."""
        return " & ".join(g.tsquery(expand) for g in self.groups)

    def tsquery_any(self, expand: bool = True) -> str:
        """`fts_any` for PostgreSQL: some group."""
        return " | ".join(g.tsquery(expand) for g in self.groups)

    def rank_forms(self, expand: bool = True) -> set[str]:
        """What PostgreSQL ranks keyword hits by: every word of the groups and the longest word of
        each phrase (ts_rank counts a phrase's words one by one, and its cost grows with the number
        of words: a phrase counts once, as in BM25, and costs one word)."""
        forms: set[str] = set()
        for group in self.groups:
            group = group.typed if not expand and group.typed is not None else group
            forms |= group.words
            forms |= {max(p, key=lambda w: (len(w), w)) for p in _minimal(group)}
        return forms

    def tsquery_rank(self, expand: bool = True) -> str:
        """`rank_forms` as one tsquery OR."""
        return tsquery_or(self.rank_forms(expand))


def tsquery_or(forms: set[str] | list[str]) -> str:
    return " | ".join(lexeme(w) for w in sorted(forms))

    def __bool__(self) -> bool:
        return bool(self.groups)


def _script_langs(word: str) -> tuple[str, ...]:
    return QUERY_LANGS.get(script(word) or "", ())


@dataclass(slots=True)
class Aliases:
    """Entity names that stand for each other (lexicons/search/aliases.yaml)."""

    entries: dict[str, list[str]]
    words: dict[str, str] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    expansions: dict[str, tuple[frozenset[str], frozenset[tuple[str, ...]]]] = field(default_factory=dict)
    # Store entity ids per entry name (filled by caspian.search.entities when a store is given).
    entity_ids: dict[str, set[str]] = field(default_factory=dict)
    _longest: int | None = None

    def __post_init__(self) -> None:
        for name, forms in self.entries.items():
            words: set[str] = set()
            phrases: set[tuple[str, ...]] = set()
            for form in forms:
                surfaces = [t.surface for t in tokens(form)]
                if len(surfaces) == 1:
                    variants = {f for i, f in enumerate(query_forms(surfaces[0])) if i == 0 or len(f) >= MIN_ALIAS_STEM}
                    words |= variants
                    for v in variants:
                        self.words.setdefault(v, name)
                elif surfaces:
                    folded = tuple(query_forms(s)[0] for s in surfaces)
                    phrases.add(folded)
                    self.phrases.setdefault(folded, name)
                    for lang in _script_langs(form):
                        # a stem too short to tell words apart (`orta` -> `or`) keeps its folded word
                        stemmed = tuple(
                            st if len(st) >= MIN_ALIAS_STEM else f
                            for st, f in zip((stem(s, lang) for s in surfaces), folded, strict=True)
                        )
                        phrases.add(stemmed)
                        self.phrases.setdefault(stemmed, name)
            self.expansions[name] = (frozenset(words), frozenset(phrases))

    @property
    def longest(self) -> int:
        if self._longest is None:
            self._longest = max((len(p) for p in self.phrases), default=1)
        return self._longest

    def group(self, name: str, text: str | None = None) -> Group:
        """The query group that matches every form of entry `name`."""
        words, phrases = self.expansions[name]
        return Group(text or name, words, phrases, name)

    def lookup(self, text: str) -> str | None:
        """The entry a name (a word or phrase, in any script or form) belongs to."""
        surfaces = [t.surface for t in tokens(text)]
        if len(surfaces) > 1:
            keys = [tuple(query_forms(s)[0] for s in surfaces)]
            keys += [tuple(stem(s, lang) for s in surfaces) for lang in _script_langs(text)]
            return next((self.phrases[k] for k in keys if k in self.phrases), None)
        if surfaces:
            return next((self.words[f] for f in query_forms(surfaces[0]) if f in self.words), None)
        return None

    def names_in(self, text: str, lang: str | None) -> set[str]:
        """The entries named anywhere in a text (by the same folding and stemming as the index)."""
        forms = [analyse_word(t.surface, lang) for t in tokens(text)]
        found: set[str] = set()
        longest = self.longest
        for i, (folded, stemmed) in enumerate(forms):
            for n in range(min(longest, len(forms) - i), 1, -1):
                window = forms[i : i + n]
                name = self.phrases.get(tuple(f for f, _ in window)) or self.phrases.get(tuple(s for _, s in window))
                if name:
                    found.add(name)
            name = self.words.get(folded) or self.words.get(stemmed)
            if name:
                found.add(name)
        return found


@cache
def default_aliases() -> Aliases:
    data = load("search/aliases")
    return Aliases({str(k): [str(f) for f in v] for k, v in data.items()})


@cache
def default_terms() -> Aliases:
    """Energy words that stand for each other across languages (lexicons/search/terms.yaml)."""
    data = load("search/terms")
    return Aliases({str(k): [str(f) for f in v] for k, v in data.items()})


@cache
def stopwords() -> frozenset[str]:
    return frozenset(query_forms(str(w))[0] for words in load("search/stopwords").values() for w in words)


def parse(text: str, aliases: Aliases | None = None, terms: Aliases | None = None) -> Query:
    """Split a query into groups; a word or phrase naming an entity brings all the entity's names,
    and one of the energy vocabulary (`terms`, default lexicons/search/terms.yaml; pass an empty
    Aliases for none) brings its words in every language. Names win over words."""
    aliases = aliases if aliases is not None else default_aliases()
    terms = terms if terms is not None else default_terms()
    surfaces = [t.surface for t in tokens(text)]
    folded = [query_forms(s)[0] for s in surfaces]
    groups: list[Group] = []
    i = 0
    while i < len(surfaces):
        for n in range(min(max(aliases.longest, terms.longest), len(surfaces) - i), 1, -1):
            phrase = " ".join(surfaces[i : i + n])
            name = aliases.phrases.get(tuple(folded[i : i + n])) or aliases.lookup(phrase)
            if name:
                words, phrases = aliases.expansions[name]
                groups.append(Group(phrase, words, phrases, name))
                i += n
                break
            term = terms.phrases.get(tuple(folded[i : i + n])) or terms.lookup(phrase)
            if term:
                words, phrases = terms.expansions[term]
                typed = Group(phrase, frozenset(), frozenset({tuple(folded[i : i + n])}))
                groups.append(Group(phrase, words, phrases, typed=typed))
                i += n
                break
        else:
            forms = query_forms(surfaces[i])
            name = next((aliases.words[f] for f in forms if f in aliases.words), None)
            term = next((terms.words[f] for f in forms if f in terms.words), None)
            if name:
                words, phrases = aliases.expansions[name]
                groups.append(Group(surfaces[i], words | {forms[0]}, phrases, name))
            elif term and forms[0] not in stopwords():
                words, phrases = terms.expansions[term]
                typed = Group(surfaces[i], frozenset(forms))
                groups.append(Group(surfaces[i], words | frozenset(forms), phrases, typed=typed))
            else:
                groups.append(Group(surfaces[i], frozenset(forms)))
            i += 1
    content = [g for g in groups if g.alias or query_forms(g.text)[0] not in stopwords()]
    return Query(text, tuple(_unique(content or groups)))


def _unique(groups: list[Group]) -> list[Group]:
    seen, out = set(), []
    for g in groups:
        key = (g.words, g.phrases)
        if key not in seen:
            seen.add(key)
            out.append(g)
    return out


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    group: int


@lru_cache(maxsize=256)
def _matcher(query: Query) -> tuple[dict[str, int], dict[str, list[tuple[tuple[str, ...], int]]]]:
    """(word -> group, first word -> [(phrase, group)] longest first) for one query."""
    words: dict[str, int] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for gi, group in enumerate(query.groups):
        for w in group.words:
            words.setdefault(w, gi)
        for phrase in group.phrases:
            phrases.setdefault(phrase[0], []).append((phrase, gi))
    for found in phrases.values():
        found.sort(key=lambda p: (-len(p[0]), p[1]))
    return words, phrases


def find_matches(text: str, lang: str | None, query: Query) -> list[Match]:
    """Where the query's groups occur in a text, by the same folding and stemming as the index."""
    words, phrases = _matcher(query)
    toks = list(tokens(text))
    forms = [analyse_word(t.surface, lang) for t in toks]
    matches: list[Match] = []
    i = 0
    while i < len(toks):
        hit = _phrase_at(forms, i, phrases)
        if hit is not None:
            n, gi = hit
            matches.append(Match(toks[i].start, toks[i + n - 1].end, gi))
            i += n
            continue
        gi = words.get(forms[i][0], words.get(forms[i][1]))
        if gi is not None:
            matches.append(Match(toks[i].start, toks[i].end, gi))
        i += 1
    return matches


def _phrase_at(
    forms: list[tuple[str, str]], i: int, phrases: dict[str, list[tuple[tuple[str, ...], int]]]
) -> tuple[int, int] | None:
    """(length, group) of the longest query phrase starting at token i, by folded forms or by stems."""
    candidates = phrases.get(forms[i][0], []) + phrases.get(forms[i][1], [])
    best = None
    for phrase, gi in candidates:
        n = len(phrase)
        if phrase_at(forms, i, phrase) and (best is None or n > best[0] or (n == best[0] and gi < best[1])):
            best = (n, gi)
    return best


def phrase_at(forms: list[tuple[str, str]], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether `phrase` stands at token i of a text's (folded, stemmed) forms, by folded forms or by stems."""
    window = forms[i : i + len(phrase)]
    return len(window) == len(phrase) and (
        tuple(f for f, _ in window) == phrase or tuple(s for _, s in window) == phrase
    )
