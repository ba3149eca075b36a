"""Gazetteer matching: every alias of every entry, found in a text through inflection.

A word-level trie keyed by stems (`text.alias_key` for alias words, `text.word_stems` for text
words), longest match first, left to right. pyahocorasick matches characters, not stems, so it would
need every inflected form spelled out; a dictionary trie over stems does the job in a few
microseconds a word.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from caspian.entities.gazetteer import Gazetteer, default_gazetteer, gazetteer_data
from caspian.entities.text import Token, alias_key, case_compatible, fold, tokenize, word_stems

_GAP = re.compile(r"^(?:[ \t\u00a0]*[-–—‐‑][ \t\u00a0]*|[ \t\u00a0«»]+|\.|[ \t\u00a0]*&[ \t\u00a0]*)$")
_SENTENCE_BREAK = re.compile(r"[.!?…\n]")
_ABBR_GAP = re.compile(r"^\.[ \t\u00a0]+$")
_ABBR = re.compile(r"^(?:St|Mt|Ft|U|K|S)$")


@dataclass(frozen=True, slots=True)
class Alias:
    entry_id: str
    words: tuple[str, ...]
    exact: bool = False  # matched only as written
    ambiguous: bool = False  # as written, and never at a sentence start


@dataclass
class _Node:
    next: dict[str, _Node] = field(default_factory=dict)
    ends: list[Alias] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    entry_id: str
    first: int  # token indices [first, last]
    last: int


class Matcher:
    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        data = gazetteer_data("inflection")
        self.stopwords = {fold(w) for w in data.get("sentence_initial_stopwords") or []}
        self.hyphen_prefixes = {fold(w) for w in data.get("hyphen_prefixes") or []}
        self.surname_endings = tuple(fold(e) for e in data.get("surname_endings") or [])
        self.root = _Node()
        self.max_words = 1
        for entry in self.gazetteer.entries.values():
            ambiguous = {fold(f) for f in entry.ambiguous}
            for _, form in entry.forms():
                self._add(form, entry.id, fold(form) in ambiguous, False)
            for form in entry.exact:
                self._add(form, entry.id, fold(form) in ambiguous, True)

    def _add(self, form: str, entry_id: str, ambiguous: bool, exact: bool) -> None:
        words = tuple(t.text for t in tokenize(form))
        if not words:
            return
        node = self.root
        for word in words:
            key = fold(word) if exact or ambiguous else alias_key(word)
            node = node.next.setdefault(key, _Node())
        alias = Alias(entry_id, words, exact=exact or ambiguous, ambiguous=ambiguous)
        if alias not in node.ends:
            node.ends.append(alias)
        self.max_words = max(self.max_words, len(words))

    # --- matching ---

    def find(
        self,
        text: str,
        tokens: list[Token] | None = None,
        types: frozenset[str] | None = None,
        keep_suffix: bool = False,
        lang: str = "*",
    ) -> list[Match]:
        """Longest matches, left to right; `types`: only entries of these types; `keep_suffix`: a
        match ends after an apostrophe suffix (Turkish `Ankara'da`), not before it."""
        tokens = tokens if tokens is not None else tokenize(text)
        folded_text: list[str] = []  # computed on demand for `requires`
        initial = _Openings(text, tokens)
        out: list[Match] = []
        i = 0
        while i < len(tokens):
            best = self._best_at(text, tokens, i, initial, folded_text, types, lang)
            if best is None:
                i += 1
                continue
            if keep_suffix:
                best = Match(best.start, tokens[best.last].suffix_end, best.entry_id, best.first, best.last)
            out.append(best)
            i = best.last + 1
        return out

    def _gap_ok(self, text: str, left: Token, right: Token) -> bool:
        gap = text[left.suffix_end : right.start]
        # `St. Petersburg`, `U.K. Energy`: a full stop and a space after a short capitalised abbreviation
        return bool(_GAP.match(gap)) or (_ABBR_GAP.match(gap) is not None and _ABBR.match(left.text) is not None)

    def _after_prefix(self, text: str, tokens: list[Token], i: int) -> bool:
        if i == 0 or text[tokens[i - 1].end : tokens[i].start] not in ("-", "‐"):
            return False
        return fold(tokens[i - 1].text) in self.hyphen_prefixes

    def _best_at(
        self,
        text: str,
        tokens: list[Token],
        i: int,
        initial: _Openings,
        folded_text: list[str],
        types: frozenset[str] | None = None,
        lang: str = "*",
    ) -> Match | None:
        if self.root.next.keys().isdisjoint(word_stems(tokens[i].text, lang)):
            return None
        if self._after_prefix(text, tokens, i):
            return None
        best: tuple[tuple[int, int, int], Match] | None = None
        frontier: list[tuple[_Node, int]] = [(self.root, i)]
        while frontier:
            node, j = frontier.pop()
            if j >= len(tokens) or j - i >= self.max_words:
                continue
            if j > i and not self._gap_ok(text, tokens[j - 1], tokens[j]):
                continue
            word = tokens[j].text
            for key in word_stems(word, lang):
                child = node.next.get(key)
                if child is None:
                    continue
                frontier.append((child, j + 1))
                for alias in child.ends:
                    if types is not None and self.gazetteer.entries[alias.entry_id].type not in types:
                        continue
                    if not self._accept(alias, text, tokens, i, j, initial, folded_text):
                        continue
                    exactness = sum(
                        fold(a) == fold(t.text) for a, t in zip(alias.words, tokens[i : j + 1], strict=True)
                    )
                    rank = (j - i, tokens[j].end - tokens[i].start, exactness)
                    if best is None or rank > best[0]:
                        best = (rank, Match(tokens[i].start, tokens[j].end, alias.entry_id, i, j))
        return best[1] if best else None

    def _surname_like(self, alias: Alias, word: str) -> bool:
        w, a = fold(word), fold(alias.words[0])
        return w != a and w.endswith(self.surname_endings) and not a.endswith(self.surname_endings)

    def _weak_opening(self, alias: Alias, word: str) -> bool:
        """At a sentence start capitals prove nothing: a one-word match there must be unambiguous,
        no common word, and either as written or of a long alias (`Самое` is no inflected `Самоа`)."""
        if alias.ambiguous or fold(word) in self.stopwords:
            return True
        # `Теңіздегі` keeps the alias and adds endings; `Самое` would replace Самоа's own ending
        return not fold(word).startswith(fold(alias.words[0])) and len(alias.words[0]) < 6

    def _accept(
        self,
        alias: Alias,
        text: str,
        tokens: list[Token],
        i: int,
        j: int,
        initial: _Openings,
        folded_text: list[str],
    ) -> bool:
        words = tokens[i : j + 1]
        if len(words) != len(alias.words):
            return False
        for n, (a, t) in enumerate(zip(alias.words, words, strict=True)):
            if alias.exact and a != t.text and not (fold(a) == fold(t.text) and not alias.ambiguous):
                return False
            if not case_compatible(a, t.text, first=n == 0) or len(t.text) < len(a) - 1:
                return False
        if len(words) == 1 and self._surname_like(alias, words[0].text):
            return False
        if len(words) == 1 and initial(i) and self._weak_opening(alias, words[0].text):
            return False
        entry = self.gazetteer.entries[alias.entry_id]
        if entry.requires:
            if not folded_text:
                folded_text.append(fold(text))
            if not any(fold(w) in folded_text[0] for w in entry.requires):
                return False
        return True


class _Openings:
    """Which words open a sentence, worked out only when a match asks."""

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text, self.tokens = text, tokens
        self.breaks: list[int] | None = None

    def __call__(self, i: int) -> bool:
        if i == 0:
            return True
        if self.breaks is None:
            self.breaks = [m.start() for m in _SENTENCE_BREAK.finditer(self.text)]
        k = bisect_left(self.breaks, self.tokens[i - 1].suffix_end)
        return k < len(self.breaks) and self.breaks[k] < self.tokens[i].start
