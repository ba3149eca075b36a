"""Resolution: every mention to one canonical record, in PRODUCT.md's form.

- gazetteer mentions carry their entry; an unknown name is first looked up by its spelling-free
  key (`text.skeleton`) and then fuzzily (rapidfuzz) among the gazetteer's people;
- what stays unknown gets an id made from that key, so the same person written Хасенов, Khassenov
  or Hasenov gets one id in every article and language, with no shared state between processes;
- inside an article, a surname alone and a bare title ("the minister") point to the person named
  in full (surnames of gazetteer people are recognised even before the full name appears).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from rapidfuzz import fuzz, process

from caspian.entities.annotator import Found
from caspian.entities.gazetteer import Entry, Gazetteer, gazetteer_data
from caspian.entities.matcher import Matcher
from caspian.entities.morph_ru import nominative
from caspian.entities.roles import RoleFinder
from caspian.entities.text import (
    Token,
    alias_key,
    coverage,
    fold,
    latin_name,
    skeleton,
    strip_name_ending,
    tokenize,
    transliterate,
    word_stems,
)
from caspian.lexicons import load

FUZZY_CUTOFF = 90
_SLUG = re.compile(r"[^a-z0-9]+")


class TypedSpan(Protocol):
    """What the resolver reads of another backend's span (`caspian.ner.base.Span` is one)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def label(self) -> str: ...  # an entity type (`types.ENTITY_TYPES`)

    @property
    def source(self) -> str: ...  # the backend that found it


_APOSTROPHE_SUFFIX = re.compile(r"['’][^\W\d_]+$")
_WORD = re.compile(r"[^\W\d_]+")
_BRACKETED = re.compile(r"\s*\([^()]*\)")
_MIN_FUZZY = 5


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str
    source: str


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def unknown_id(etype: str, canonical: str) -> str:
    key = skeleton(canonical) if etype == "PERSON" else transliterate(canonical)
    return f"caspian:{etype.lower()}-{slug(key)}"


def _anaphor_pattern(words: list[str], lang: str) -> re.Pattern[str]:
    """A bare title not followed by a name (`the minister said`, not `министр Саткалиев`); Turkish
    `Bakan` is matched as written, the others in any case."""
    flags = "" if lang == "tr" else "i"
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?{flags}:{alternation})(?!\w)(?!\s+[A-ZА-ЯӘҒҚҢӨҰҮҺІ])")


@dataclass
class _Entity:
    id: str
    canonical: str
    type: str
    wikidata: str | None
    entry: Entry | None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    role: str | None = None


# What a model's span may take in at its edges that is never part of a name: a page's separators
# (`Enerji Günlüğü |`), list marks, colons (the name's own brackets and quotes stay)
_EDGE = " \t|•·:;,/\\–—-"


@cache
def _outlets() -> dict[str, str]:
    """News outlets (`lexicons/sources.yaml`) by their folded forms: a model that takes `Kursiv reports` for
    a person's name is told it is an organisation."""
    return {fold(form): transliterate(str(name)) for name, forms in load("sources").items() for form in [name, *forms]}


def _unpunctuated(text: str, span: TypedSpan) -> TypedSpan:
    start, end = span.start, span.end
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return span if (start, end) == (span.start, span.end) else _Span(start, end, span.label, span.source)


def _surname_keys(text: str, entities: dict[str, _Entity]) -> dict[str, str]:
    """The article's people by the key of the surname they are named with in full (`Хайсама аль-Гайса`)."""
    local: dict[str, str] = {}
    for ent in entities.values():
        if ent.type == "PERSON":
            for start, end in ent.mentions:
                words = text[start:end].split()
                if len(words) >= 2:
                    local.setdefault(alias_key(words[-1]), ent.id)
    return local


class Resolver:
    def __init__(self, gazetteer: Gazetteer, matcher: Matcher, roles: RoleFinder) -> None:
        self.gazetteer = gazetteer
        self.matcher = matcher
        self.roles = roles
        self.people = gazetteer.of_type("PERSON")
        self.by_skeleton: dict[str, str] = {}
        for person in self.people:
            for _, form in person.forms():
                self.by_skeleton.setdefault(skeleton(form), person.id)
        self.skeletons = list(self.by_skeleton)
        # countries by their names without a bracketed part (`Myanmar (Burma)` -> Myanmar), folded, for the
        # model's place spans spelled another way (`Avusturalya`, `İndonezya`)
        self.country_names: dict[str, str] = {}
        for entry in gazetteer.of_type("COUNTRY"):
            for _, form in entry.forms():
                name = fold(transliterate(_BRACKETED.sub("", form).strip()))
                if len(name) >= _MIN_FUZZY:
                    self.country_names.setdefault(name, entry.id)
        self.country_list = list(self.country_names)
        self.surnames = self._surname_index()
        self.suffix_langs = frozenset(gazetteer_data("inflection").get("suffix_in_mention") or ())
        rules = gazetteer_data("rules")
        self.title_words = {lang: frozenset(items) for lang, items in (rules.get("title_words") or {}).items()}
        anaphors = gazetteer_data("roles").get("anaphors") or {}
        self.anaphors = {
            lang: (_anaphor_pattern(list(items), lang), {fold(a): title for a, title in items.items()})
            for lang, items in anaphors.items()
        }

    def _surname_index(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for person in self.people:
            for _, form in person.forms():
                words = form.split()
                if len(words) >= 2 and len(words[-1]) >= 5:
                    index.setdefault(alias_key(words[-1]), set()).add(person.id)
        return index

    # --- spans from another backend ---

    def from_spans(self, text: str, lang: str, spans: Sequence[TypedSpan], known: Sequence[Found] = ()) -> list[Found]:
        """Found mentions for a backend that only gives typed spans: the gazetteer names them where it can.
        `known`: the mentions found already (their organisations fill a person's title: `X, CEO of Y`)."""
        out: list[Found] = []
        for span in spans:
            span = self._trimmed(text, lang, _unpunctuated(text, span))
            if span.end <= span.start:
                continue
            surface = text[span.start : span.end]
            outlet = _outlets().get(fold(surface)) if span.label == "PERSON" else None
            if outlet is not None:
                out.append(Found(span.start, span.end, "ORG", None, outlet, source=span.source))
                continue
            matches = self.matcher.find(surface, lang=lang)
            whole = [m for m in matches if m.start <= 1 and m.end >= len(surface) - 1]
            if whole:
                entry = self.gazetteer.entries[whole[0].entry_id]
                out.append(Found(span.start, span.end, entry.type, entry.id, entry.canonical, source=span.source))
                continue
            country = self._country_like(surface, lang) if span.label in ("LOCATION", "COUNTRY") else None
            if country is not None:
                out.append(Found(span.start, span.end, "COUNTRY", country.id, country.canonical, source=span.source))
                continue
            if lang in self.suffix_langs:  # `Karabalin'in` is Karabalin
                surface = _APOSTROPHE_SUFFIX.sub("", surface)
            if span.label == "PERSON":
                words = [strip_name_ending(w, lang) for w in surface.split()]
            else:  # `Черноморском регионе` and `Черноморский регион` are one place
                words = [nominative(surface) if lang == "ru" else surface]
            canonical = latin_name(" ".join(words), lang, span.label)
            out.append(Found(span.start, span.end, span.label, None, canonical, source=span.source))
        placed = sorted((f.start, f.end, f.type, f.entity_id) for f in (*out, *known))
        return [
            Found(
                f.start,
                f.end,
                f.type,
                f.entity_id,
                f.canonical,
                self.roles.find(text, f.start, lang, placed, f.end),
                f.source,
            )
            if f.type == "PERSON"
            else f
            for f in out
        ]

    def _trimmed(self, text: str, lang: str, span: TypedSpan) -> TypedSpan:
        """A person's span without a title word the model took in (`Reisi Sanjar Jarkeşov`)."""
        titles = self.title_words.get(lang)
        if span.label != "PERSON" or not titles:
            return span
        start = span.start
        while True:
            m = _WORD.match(text, start, span.end)
            if not m or m.group(0) not in titles or m.end() >= span.end:
                break
            start = m.end()
            while start < span.end and text[start].isspace():
                start += 1
        if start == span.start or len(text[start : span.end].split()) < 2:
            return span
        return _Span(start, span.end, span.label, span.source)

    def _country_like(self, surface: str, lang: str) -> Entry | None:
        """A model's place span that is a country's name spelled another way (ratio >= 88)."""
        if lang in self.suffix_langs:
            surface = _APOSTROPHE_SUFFIX.sub("", surface)
        key = fold(transliterate(surface.strip()))
        if len(key) < _MIN_FUZZY:
            return None
        eid = self.country_names.get(key)
        if eid is None:
            best = process.extractOne(key, self.country_list, scorer=fuzz.ratio, score_cutoff=88)
            eid = self.country_names[best[0]] if best else None
        return self.gazetteer.get(eid)

    # --- one article ---

    def resolve(self, text: str, lang: str, found: list[Found], year: int | None = None) -> list[dict[str, Any]]:
        entities: dict[str, _Entity] = {}
        for f in found:
            ent = self._entity_for(f, entities)
            ent.mentions.append((f.start, f.end))
            ent.found.append(f)
        tokens = tokenize(text)
        self._lone_surnames(text, entities, lang)
        self._surnames_alone(text, tokens, entities, lang)
        for ent in entities.values():
            if ent.type == "PERSON":
                text_role = next((f.text_role for f in ent.found if f.text_role), None)
                ent.role = self.roles.role(ent.entry, text_role, lang, year)
        self._anaphors(text, lang, entities)
        ordered = sorted(entities.values(), key=lambda e: min(e.mentions))
        return [self._record(text, e) for e in ordered]

    def _entity_for(self, f: Found, entities: dict[str, _Entity]) -> _Entity:
        entry = self.gazetteer.get(f.entity_id)
        eid = f.entity_id
        if entry is None and f.entity_id is None and f.type == "PERSON":
            entry = self._person_like(f.canonical)
            eid = entry.id if entry else None
        if eid is None:
            eid = unknown_id(f.type, f.canonical)
        if eid not in entities:
            canonical = entry.canonical if entry and eid == entry.id else f.canonical
            wikidata = entry.wikidata if entry and eid == entry.id else None
            entities[eid] = _Entity(eid, canonical, f.type, wikidata, entry)
        return entities[eid]

    def _person_like(self, name: str) -> Entry | None:
        key = skeleton(name)
        if key in self.by_skeleton:
            return self.gazetteer.get(self.by_skeleton[key])
        hit = process.extractOne(key, self.skeletons, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self.gazetteer.get(self.by_skeleton[hit[0]]) if hit else None

    def _lone_surnames(self, text: str, entities: dict[str, _Entity], lang: str) -> None:
        """A person the recogniser found by the surname alone (`Аль-Гайс, в свою очередь, отметил`) is the
        person of this article with that surname (`Хайсама аль-Гайса`), not a person of their own."""
        local = _surname_keys(text, entities)
        for eid, ent in list(entities.items()):
            if ent.type != "PERSON" or ent.entry is not None or eid in local.values():
                continue
            if any(len(text[start:end].split()) != 1 for start, end in ent.mentions):
                continue
            stems = frozenset(s for start, end in ent.mentions for s in word_stems(text[start:end], lang))
            target = next((local[s] for s in stems if s in local), None)
            if target is None or target == eid:
                continue
            entities[target].mentions.extend(ent.mentions)
            entities[target].found.extend(ent.found)
            del entities[eid]

    def _surnames_alone(self, text: str, tokens: list[Token], entities: dict[str, _Entity], lang: str) -> None:
        """`Саткалиев подчеркнул`, `Barkindo'nun`: a capitalised surname of a person of this article."""
        local = _surname_keys(text, entities)
        mask = coverage(len(text), [m for e in entities.values() for m in e.mentions])
        for tok in tokens:
            if not tok.text[:1].isupper() or len(tok.text) < 4 or mask[tok.start]:
                continue
            stems = word_stems(tok.text, lang)
            target = next((local[s] for s in stems if s in local), None)
            if target is None:
                target = self._gazetteer_surname(stems, entities)
            if target is not None:
                keep_suffix = lang in self.suffix_langs
                entities[target].mentions.append((tok.start, tok.suffix_end if keep_suffix else tok.end))

    def _gazetteer_surname(self, stems: frozenset[str], entities: dict[str, _Entity]) -> str | None:
        for s in stems:
            ids = self.surnames.get(s)
            if ids and len(ids) == 1:
                pid = next(iter(ids))
                if pid not in entities:
                    entry = self.gazetteer.entries[pid]
                    entities[pid] = _Entity(pid, entry.canonical, "PERSON", entry.wikidata, entry)
                return pid
        return None

    def is_anaphor(self, mention: str, lang: str) -> bool:
        return lang in self.anaphors and fold(mention) in self.anaphors[lang][1]

    def _anaphors(self, text: str, lang: str, entities: dict[str, _Entity]) -> None:
        """`the minister`, `министр`: the nearest person before it whose role has that title."""
        if lang not in self.anaphors:
            return
        pattern, titles = self.anaphors[lang]
        people = [e for e in entities.values() if e.type == "PERSON" and e.role]
        covered = [m for e in entities.values() for m in e.mentions]
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in covered):
                continue
            title = titles.get(fold(m.group(0)), "")
            before = [
                (max(s for s, _ in e.mentions if s < m.start()), e)
                for e in people
                if title and title in (e.role or "") and any(s < m.start() for s, _ in e.mentions)
            ]
            if before:
                max(before, key=lambda t: t[0])[1].mentions.append((m.start(), m.end()))

    @staticmethod
    def _record(text: str, ent: _Entity) -> dict[str, Any]:
        spans = sorted(set(ent.mentions))
        return {
            "id": ent.id,
            "wikidata": ent.wikidata,
            "canonical": ent.canonical,
            "type": ent.type,
            "role": ent.role,
            "mentions": [{"start": s, "end": e, "text": text[s:e]} for s, e in spans],
        }
