"""A user's query as groups of interchangeable forms: its words, their stems, and entity aliases."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

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

    def fts(self) -> str:
        parts = sorted(f'"{w}"' for w in self.words) + sorted('"' + " ".join(p) + '"' for p in self.phrases)
        return "(" + " OR ".join(parts) + ")"


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    groups: tuple[Group, ...]

    def fts_all(self) -> str:
        return " AND ".join(g.fts() for g in self.groups)

    def fts_any(self) -> str:
        return " OR ".join(g.fts() for g in self.groups)

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
                        phrases.add(tuple(stem(s, lang) for s in surfaces))
            self.expansions[name] = (frozenset(words), frozenset(phrases))

    @property
    def longest(self) -> int:
        return max((len(p) for p in self.phrases), default=1)


@cache
def default_aliases() -> Aliases:
    data = load("search/aliases")
    return Aliases({str(k): [str(f) for f in v] for k, v in data.items()})


@cache
def stopwords() -> frozenset[str]:
    return frozenset(query_forms(str(w))[0] for words in load("search/stopwords").values() for w in words)


def parse(text: str, aliases: Aliases | None = None) -> Query:
    """Split a query into groups; a word or phrase naming an entity brings all the entity's names."""
    aliases = aliases if aliases is not None else default_aliases()
    surfaces = [t.surface for t in tokens(text)]
    folded = [query_forms(s)[0] for s in surfaces]
    groups: list[Group] = []
    i = 0
    while i < len(surfaces):
        for n in range(min(aliases.longest, len(surfaces) - i), 1, -1):
            name = aliases.phrases.get(tuple(folded[i : i + n]))
            if name:
                words, phrases = aliases.expansions[name]
                groups.append(Group(" ".join(surfaces[i : i + n]), words, phrases, name))
                i += n
                break
        else:
            forms = query_forms(surfaces[i])
            name = next((aliases.words[f] for f in forms if f in aliases.words), None)
            if name:
                words, phrases = aliases.expansions[name]
                groups.append(Group(surfaces[i], words | {forms[0]}, phrases, name))
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


def find_matches(text: str, lang: str | None, query: Query) -> list[Match]:
    """Where the query's groups occur in a text, by the same folding and stemming as the index."""
    toks = list(tokens(text))
    forms = [analyse_word(t.surface, lang) for t in toks]
    matches: list[Match] = []
    i = 0
    while i < len(toks):
        hit = None
        for gi, group in enumerate(query.groups):
            for phrase in group.phrases:
                n = len(phrase)
                window = forms[i : i + n]
                if len(window) == n and (
                    tuple(f for f, _ in window) == phrase or tuple(s for _, s in window) == phrase
                ):
                    hit = Match(toks[i].start, toks[i + n - 1].end, gi)
                    break
            if hit is None and (forms[i][0] in group.words or forms[i][1] in group.words):
                hit = Match(toks[i].start, toks[i].end, gi)
            if hit:
                break
        if hit:
            matches.append(hit)
            i = next((k for k in range(i, len(toks)) if toks[k].start >= hit.end), len(toks))
        else:
            i += 1
    return matches
