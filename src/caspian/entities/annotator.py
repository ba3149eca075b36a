"""The gazetteer annotator: gazetteer matches plus rules for what the gazetteer does not list.

Rules (data in `lexicons/gazetteer/rules.yaml` and `roles.yaml`): unknown people named after a title
in apposition, organisations in quotes after a legal form (`АО «...»`), documents in quotes, and
edition numbers before a forum or meeting of a series (`12. Kazenergy Avrasya Forumu`). Its `Found`
mentions carry their gazetteer entry; `resolve.Resolver` turns them into entity records, and
`caspian.ner.gazetteer` serves both as the `gazetteer` recogniser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from caspian.entities.gazetteer import Gazetteer, default_gazetteer, gazetteer_data
from caspian.entities.matcher import Matcher
from caspian.entities.roles import RoleFinder, TextRole
from caspian.entities.text import (
    Token,
    coverage,
    fold,
    latin_name,
    strip_name_ending,
    tokenize,
)

_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
_FIELD = re.compile(r"\s+(?:[Ff]ield|gas field|oil field)$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True, slots=True)
class Found:
    """A mention: where, what type, which gazetteer entry (None: not in the gazetteer)."""

    start: int
    end: int
    type: str
    entity_id: str | None
    canonical: str
    text_role: TextRole | None = None
    source: str = "gazetteer"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else _ORDINAL_SUFFIX.get(n % 10, "th")
    return f"{n}{suffix}"


def _roman(value: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(value.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total, prev = (total - v, prev) if v < prev else (total + v, v)
    return total or None


@cache
def _rules_data() -> dict:
    return gazetteer_data("rules")


class GazetteerAnnotator:
    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.matcher = Matcher(self.gazetteer)
        self.roles = RoleFinder(self.gazetteer)
        data = _rules_data()
        self.ordinals = {
            lang: [re.compile(p, re.IGNORECASE) for p in items] for lang, items in data["ordinals"].items()
        }
        self.ordinal_words = {w: i + 1 for i, w in enumerate(data.get("ordinal_words") or [])}
        self.quoted_org = [re.compile(p) for p in data.get("quoted_org") or []]
        self.quoted_document = {lang: re.compile(p) for lang, p in (data.get("quoted_document") or {}).items()}
        self.particles = {fold(p) for p in data.get("name_particles") or []}
        self.infix = {lang: re.compile(p) for lang, p in (data.get("infix_ordinals") or {}).items()}
        self.nested = {etype: frozenset(outer) for etype, outer in (data.get("nested") or {}).items()}
        self.suffix_langs = frozenset(gazetteer_data("inflection").get("suffix_in_mention") or ())
        names = data.get("facility_name") or {}
        self.facility_patterns = {
            lang: [
                (
                    re.compile(
                        item["pattern"].replace("{name}", names["cyrillic" if lang in ("ru", "kk") else "latin"])
                    ),
                    item.get("kind") or "",
                )
                for item in items
            ]
            for lang, items in (data.get("facility_patterns") or {}).items()
        }
        self.facility_stopwords = frozenset(data.get("facility_stopwords") or ())

    def annotate(self, text: str, lang: str, year: int | None = None) -> list[Found]:
        masked, editions = self._mask_editions(text, lang)
        tokens = tokenize(masked)
        keep = lang in self.suffix_langs
        matches = self.matcher.find(masked, tokens, keep_suffix=keep, lang=lang)
        found = [self._from_match(text, lang, m.start, m.end, m.entry_id, editions, year) for m in matches]
        found += self._nested(masked, tokens, matches, keep, lang)
        found += self._quoted(text, lang, found)
        found = self._facilities(text, lang, found)
        found.sort(key=lambda f: f.start)
        found = self._with_roles(text, lang, found)
        found += self._unknown_people(text, lang, tokens, found)
        return sorted(found, key=lambda f: f.start)

    # --- gazetteer matches, with edition numbers ---

    def _from_match(
        self,
        text: str,
        lang: str,
        start: int,
        end: int,
        entry_id: str,
        editions: list[tuple[int, int]],
        year: int | None,
    ) -> Found:
        entry = self.gazetteer.entries[entry_id]
        if entry.series:
            inside = [n for at, n in editions if start <= at < end]
            edition = (inside[0], start) if inside else self._edition(text, start, lang)
            if edition:
                n, at = edition
                return Found(at, end, entry.type, f"{entry.id}-{n}", f"{ordinal(n)} {entry.canonical}")
        if entry.annual and year:
            return Found(start, end, entry.type, f"{entry.id}-{year}", f"{year} {entry.canonical}")
        return Found(start, end, entry.type, entry.id, entry.canonical)

    def _mask_editions(self, text: str, lang: str) -> tuple[str, list[tuple[int, int]]]:
        """Blank out an edition number inside a name (same offsets), and say where it was."""
        pattern = self.infix.get(lang)
        if pattern is None:
            return text, []
        editions = [(m.start(), int(m.group("n"))) for m in pattern.finditer(text)]
        if not editions:
            return text, []
        masked = pattern.sub(lambda m: " " * len(m.group(0)), text)
        return masked, editions

    def _nested(self, text: str, tokens: list[Token], matches: list, keep_suffix: bool, lang: str) -> list[Found]:
        """Countries inside organisations' names, organisations inside events' names, ..."""
        out: list[Found] = []
        for m in matches:
            outer = self.gazetteer.entries[m.entry_id]
            inner_types = frozenset(t for t, outers in self.nested.items() if outer.type in outers)
            if m.last == m.first or not inner_types:
                continue
            inner = tokens[m.first : m.last + 1]
            for sub in self.matcher.find(text, inner, types=inner_types, keep_suffix=keep_suffix, lang=lang):
                if sub.entry_id != outer.id:
                    entry = self.gazetteer.entries[sub.entry_id]
                    out.append(Found(sub.start, sub.end, entry.type, entry.id, entry.canonical, source="nested"))
        return out

    def _edition(self, text: str, start: int, lang: str) -> tuple[int, int] | None:
        left = text[max(0, start - 24) : start]
        for pattern in self.ordinals.get(lang, []) + (self.ordinals.get("en", []) if lang != "en" else []):
            m = pattern.search(left)
            if not m:
                continue
            groups = m.groupdict()
            n = None
            if groups.get("n"):
                n = int(groups["n"])
            elif groups.get("w"):
                n = self.ordinal_words.get(groups["w"].lower())
            elif groups.get("r"):
                n = _roman(groups["r"])
            if n and 0 < n < 200:
                at = start - len(left) + m.start()
                return n, at + (len(text[at:start]) - len(text[at:start].lstrip('"“«')))
        return None

    # --- quoted organisations and documents ---

    def _quoted(self, text: str, lang: str, found: list[Found]) -> list[Found]:
        out: list[Found] = []
        taken = [(f.start, f.end) for f in found]
        candidates = [(p, "ORG") for p in self.quoted_org]
        doc_rule = self.quoted_document.get(lang)
        if doc_rule is not None:
            candidates.append((doc_rule, "DOCUMENT"))
        for pattern, etype in candidates:
            for m in pattern.finditer(text):
                s, e = m.span("name")
                if any(a <= s and e <= b for a, b in taken):  # the gazetteer knows this name
                    continue
                name = _SPACE.sub(" ", m.group("name")).strip()
                out.append(Found(s, e, etype, None, latin_name(name, lang, etype), source="rule"))
                taken.append((s, e))
        return out

    # --- facilities named by their construction ---

    def _facilities(self, text: str, lang: str, found: list[Found]) -> list[Found]:
        """Unknown facilities by a head noun for their kind (`месторождение X`, `X кен орны`, `X santrali`,
        `X refinery`): rules.yaml `facility_patterns`. A name the gazetteer matches as a whole as no place
        (a country, a company), or that overlaps a known facility, is the gazetteer's; a place named
        so (`Ekibastuz power plant`) or a shorter non-country match inside the name (a place in `Abai-1
        wind farm`) gives way to the facility."""
        added: list[Found] = []
        for pattern, kind in self.facility_patterns.get(lang, ()):
            for m in pattern.finditer(text):
                start, end = m.span("name")
                start = self._facility_start(text, start, end, found)
                if start is None:
                    continue
                if any(a.start < end and start < a.end for a in added):
                    continue
                inside = [f for f in found if f.start < end and start < f.end]
                # a plant named after the field it stands on (`Қашағандағы газ өңдеу зауыты`): the field
                # names it, in the bare form the gold uses for fields
                if kind and len(inside) == 1 and inside[0].type == "FACILITY" and _FIELD.search(inside[0].canonical):
                    field = inside[0]
                    inside = [replace(field, canonical=_FIELD.sub("", field.canonical))]
                    found = [f for f in found if f is not field]
                elif any(
                    f.type == "FACILITY"
                    or ((f.start, f.end) == (start, end) and f.type != "LOCATION")
                    or not (start <= f.start and f.end <= end)
                    for f in inside
                ):
                    continue
                head = kind
                if "kind" in pattern.groupindex and m.group("kind"):
                    head = _SPACE.sub(" ", m.group("kind")).lower()
                name = self._facility_name(text, start, end, inside, lang)
                canonical = f"{name} {head}" if head else name
                found = [f for f in found if f not in inside or f.type == "COUNTRY"]
                added.append(Found(start, end, "FACILITY", None, canonical, source="rule"))
        return found + added

    @staticmethod
    def _facility_name(text: str, start: int, end: int, inside: list[Found], lang: str) -> str:
        """The name in Latin letters, known names inside it by their canonical name (`Türkmenistan-Çin`
        -> Turkmenistan-China)."""
        parts, at = [], start
        for f in sorted(inside, key=lambda f: f.start):
            parts += [latin_name(text[at : f.start], lang, "FACILITY"), f.canonical]
            at = f.end
        parts.append(latin_name(text[at:end], lang, "FACILITY"))
        return _SPACE.sub(" ", "".join(parts)).strip()

    def _facility_start(self, text: str, start: int, end: int, found: list[Found]) -> int | None:
        """Leading words that are no part of the name off (`The`, `Chevron's`, a known name before it)."""
        while start < end:
            word_end = text.find(" ", start, end)
            if word_end < 0:
                break
            word = text[start:word_end]
            known = any(f.start == start and f.end == word_end for f in found)
            if word in self.facility_stopwords or word.endswith(("'s", "’s")) or known:
                start = word_end + 1
                continue
            break
        word = text[start:end]
        if word in self.facility_stopwords or word.endswith(("'s", "’s")):
            return None
        return start

    # --- people: roles of known ones, and unknown ones named after a title ---

    def _placed(self, found: list[Found]) -> list[tuple[int, int, str, str | None]]:
        return [(f.start, f.end, f.type, f.entity_id) for f in found]

    def _with_roles(self, text: str, lang: str, found: list[Found]) -> list[Found]:
        placed = self._placed(found)
        out = []
        for f in found:
            if f.type == "PERSON":
                f = replace(f, text_role=self.roles.find(text, f.start, lang, placed, f.end))
            out.append(f)
        return out

    def _unknown_people(self, text: str, lang: str, tokens: list[Token], found: list[Found]) -> list[Found]:
        covered = [(f.start, f.end) for f in found]
        placed = self._placed(found)
        out: list[Found] = []
        for run in self._capitalised_runs(text, tokens, covered):
            for k in range(2, min(4, len(run)) + 1):
                name = run[-k:]
                if fold(name[0].text) in self.particles:
                    continue
                role = self.roles.find(text, name[0].start, lang, placed)
                if role is None:
                    continue
                words = [strip_name_ending(t.text, lang) for t in name]
                canonical = latin_name(" ".join(words), lang, "PERSON")
                end = name[-1].suffix_end if lang in self.suffix_langs else name[-1].end
                out.append(Found(name[0].start, end, "PERSON", None, canonical, role, source="rule"))
                break
        return out

    def _capitalised_runs(self, text: str, tokens: list[Token], covered: list[tuple[int, int]]) -> list[list[Token]]:
        """Runs of capitalised words (with name particles inside) that no mention covers."""
        runs: list[list[Token]] = []
        current: list[Token] = []
        mask = coverage(len(text), covered)
        for tok in tokens:
            inside = mask[tok.start]
            particle = bool(current) and fold(tok.text) in self.particles
            ok = not inside and (self._name_word(tok.text) or particle)
            if ok and current and self._joined(text, current[-1], tok):
                current.append(tok)
                continue
            self._close(current, runs)
            current = [tok] if ok and not particle else []
        self._close(current, runs)
        return runs

    def _close(self, run: list[Token], runs: list[list[Token]]) -> None:
        """A run ends: a particle is part of a name only inside it (`Sanjar Jarkeşov da katıldı`: the
        Turkish `da`, `also`, is no `da` of `Lula da Silva`)."""
        while run and fold(run[-1].text) in self.particles:
            run.pop()
        if len(run) >= 2:
            runs.append(run)

    @staticmethod
    def _joined(text: str, left: Token, right: Token) -> bool:
        return left.suffix_end == left.end and text[left.end : right.start] in (" ", "-", "\u00a0")

    @staticmethod
    def _name_word(word: str) -> bool:
        return len(word) >= 2 and word[0].isupper() and word[1].islower()  # `КМГ`, `SOCAR` are not names


_SPACE = re.compile(r"\s+")
