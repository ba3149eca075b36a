"""Roles in apposition ("министр энергетики РК Алмасадам Саткалиев") normalised to English
("Minister of Energy of Kazakhstan"), completed from the gazetteer where the text leaves them open.

The rules are regular expressions in `lexicons/gazetteer/roles.yaml`, matched against the text just
before a name with the entities already found replaced by placeholders (`⟨C3⟩`, `⟨O3⟩`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from caspian.entities.gazetteer import Entry, Gazetteer, Role, gazetteer_data
from caspian.entities.text import fold
from caspian.languages import FALLBACK, SUPPORTED

WINDOW = 160
_PLACEHOLDER_KIND = {"COUNTRY": "C", "ORG": "O", "LOCATION": "L"}
_SPACES = re.compile(r"\s+")
_GENERIC = ("Minister", "President", "Chairman", "Prime Minister")
# Titles of a state office: one the text leaves open ("Energy Minister X") is the office of the country
# the article is about (its most-named country), else of the language's default country.
_STATE_TITLES = (
    "Minister",
    "Deputy Minister",
    "First Deputy Minister",
    "Vice Minister",
    "Prime Minister",
    "Deputy Prime Minister",
    "First Deputy Prime Minister",
    "President",
)
_MINISTERS = ("Minister", "Deputy Minister", "First Deputy Minister", "Vice Minister")
# A body's own wording of a title (`titles` in the gazetteer) may be keyed by the long form.
_TITLE_KEYS = {"CEO": ("CEO", "Chief Executive Officer")}


@dataclass(frozen=True, slots=True)
class TextRole:
    """A title as the text gives it; `of` is an entity id or None when the text names no body."""

    title: str
    of: str | None
    start: int  # where the title phrase starts (for mention spans and tests)
    country: str | None = None  # the article's most-named country: the body of an open state title
    org: str | None = None  # the article's most-named organisation: the body of an open company title


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    title: str | None
    of: str


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def _rules(lang: str, demonyms: tuple[str, ...], key: str = "rules") -> list[_Rule]:
    data = gazetteer_data("roles")
    macros = dict(data.get("macros") or {})
    ministries = (data.get("ministries") or {}).get(lang) or {}
    # Ministry names are matched case-insensitively (`Minister of Energy`, `министр Энергетики`).
    macros["MINISTRY"] = f"(?i:(?P<ministry>{_alternation(list(ministries)) or '(?!)'}))"
    # the adjectives are folded (`saudi`): matched in any case, as written (`Saudi Investment Minister`)
    macros["DEMONYM"] = f"(?i:{_alternation(list(demonyms))})" if demonyms else "(?!)"
    macros["TITLE"] = _alternation(list((data.get("titles") or {}).get("en", {})))
    out = []
    for rule in (data.get(key) or {}).get(lang) or []:
        pattern = rule["pattern"]
        for name, value in macros.items():
            pattern = pattern.replace(f"<{name}>", value)
        out.append(_Rule(re.compile(pattern), rule.get("title"), rule.get("of", "none")))
    return out


class RoleFinder:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        data = gazetteer_data("roles")
        self.defaults = dict(data.get("default_country") or {})
        marks = data.get("flow_marks") or {}
        self.flow_marks = {
            lang: (
                re.compile(rf"(?:{'|'.join(m['before'])})\s*$", re.IGNORECASE) if m.get("before") else None,
                re.compile(rf"(?:{'|'.join(m['after'])})$", re.IGNORECASE) if m.get("after") else None,
            )
            for lang, m in marks.items()
        }
        self.heads = {fold(k): v for k, v in (data.get("heads") or {}).items()}
        self.titles = {fold(k): v for k, v in ((data.get("titles") or {}).get("en") or {}).items()}
        self.ministries = {
            lang: {fold(k): v for k, v in (items or {}).items()}
            for lang, items in (data.get("ministries") or {}).items()
        }
        self.honorific = re.compile(rf"(?:{'|'.join(data.get('honorifics') or ['(?!)'])})\s*$")
        self.demonyms: dict[str, dict[str, str]] = {}
        for entry in gazetteer.of_type("COUNTRY"):
            for lang, items in entry.demonyms.items():
                for item in items:
                    self.demonyms.setdefault(lang, {})[fold(item)] = entry.id

    # --- reading a title off the text ---

    def find(
        self,
        text: str,
        name_start: int,
        lang: str,
        placed: list[tuple[int, int, str, str | None]],
        name_end: int | None = None,
    ) -> TextRole | None:
        """The title right before a name, else (given `name_end`) one in apposition after it (`Wolfgang
        Kropp, CEO of Svevind Energy Group`: roles.yaml `rules_after`). `placed`: (start, end, type,
        entity id) of the mentions found."""
        before = self._before(text, name_start, lang, placed)
        if before is not None or name_end is None:
            return self._with_subject_country(before, text, lang, placed)
        hi = min(len(text), name_end + WINDOW)
        newline = text.find("\n", name_end, hi)
        hi = newline if newline >= 0 else hi
        window, ids = self._with_placeholders(text, name_end, hi, placed)
        lang = lang if lang in SUPPORTED else FALLBACK
        demonyms = self.demonyms.get(lang, {})
        for rule in _rules(lang, tuple(sorted(demonyms)), "rules_after"):
            m = rule.pattern.match(window)
            if m:
                return self._with_subject_country(self._role_from(m, rule, ids, lang, name_end), text, lang, placed)
        return None

    def _with_subject_country(
        self, found: TextRole | None, text: str, lang: str, placed: list[tuple[int, int, str, str | None]]
    ) -> TextRole | None:
        """`_with_country` among the countries named as subjects, read only for a title the text leaves open."""
        if found is None or found.of is not None:
            return found
        return _with_country(found, self._subjects(text, lang, placed))

    def _subjects(
        self, text: str, lang: str, placed: list[tuple[int, int, str, str | None]]
    ) -> list[tuple[int, int, str, str | None]]:
        """The mentions without the countries named only as where something comes from or goes to
        (`Ресейден келетін электр энергиясы`, `из России`, `Rusya'dan`, `from Russia`): the country an open
        title belongs to is the one the article names as a subject."""
        before, after = self.flow_marks.get(lang, (None, None))
        if before is None and after is None:
            return placed
        kept = []
        for start, end, etype, eid in placed:
            if etype == "COUNTRY":
                word_end = end
                while word_end < len(text) and (text[word_end].isalpha() or text[word_end] in "'’"):
                    word_end += 1
                if (after is not None and after.search(text, start, word_end)) or (
                    before is not None and before.search(text, max(0, start - 12), start)
                ):
                    continue
            kept.append((start, end, etype, eid))
        return kept

    def _before(
        self, text: str, name_start: int, lang: str, placed: list[tuple[int, int, str, str | None]]
    ) -> TextRole | None:
        lo = max(0, name_start - WINDOW)
        newline = text.rfind("\n", lo, name_start)
        lo = newline + 1 if newline >= 0 else lo
        window, ids = self._with_placeholders(text, lo, name_start, placed)
        window = self.honorific.sub("", window.rstrip()).rstrip()
        lang = lang if lang in SUPPORTED else FALLBACK
        demonyms = self.demonyms.get(lang, {})
        for rule in _rules(lang, tuple(sorted(demonyms))):
            m = rule.pattern.search(window)
            if m:
                return self._role_from(m, rule, ids, lang, lo)
        return None

    def _with_placeholders(
        self, text: str, lo: int, hi: int, placed: list[tuple[int, int, str, str | None]]
    ) -> tuple[str, list[str | None]]:
        parts, ids, pos = [], [], lo
        for start, end, etype, eid in sorted(placed):
            if start < lo or end > hi or start < pos:
                continue
            kind = _PLACEHOLDER_KIND.get(etype, "X")
            parts.append(text[pos:start])
            parts.append(f"⟨{kind}{len(ids)}⟩")
            ids.append(eid)
            pos = end
        parts.append(text[pos:hi])
        return "".join(parts), ids

    def _role_from(self, m: re.Match[str], rule: _Rule, ids: list[str | None], lang: str, lo: int) -> TextRole:
        groups = m.groupdict()
        title = rule.title or self.titles.get(fold(groups.get("title") or ""), groups.get("title") or "")
        if "{head}" in title:
            head = fold(groups.get("head") or "")
            title = title.replace("{head}", next((v for k, v in self.heads.items() if head.startswith(k)), "Head"))
        if "{ministry}" in title:
            raw = groups.get("ministry") or ""
            ministry = self.ministries.get(lang, {}).get(fold(raw), raw)
            title = title.replace("{ministry}", ministry)
        if groups.get("area"):  # `Managing Director for Strategic Development`
            title = f"{title} for {_SPACES.sub(' ', groups['area'])}"
        if groups.get("acting"):  # `исполняющий обязанности председателя правления`
            title = f"Acting {title}"
        if groups.get("deputy") and not title.startswith("Deputy"):
            deputy = fold(groups["deputy"])
            # "вице-министр" is a Vice Minister (a "вице-премьер" stays the Deputy Prime Minister)
            vice = deputy.startswith(("вице", "vice")) and title.startswith("Minister")
            first = deputy.startswith(("перв", "first", "бірінші", "birinci"))
            title = ("First Deputy " if first else "Vice " if vice else "Deputy ") + title
        of: str | None = None
        if rule.of == "country":
            if groups.get("country") is not None:
                of = ids[int(groups["country"])]
            elif groups.get("demonym"):
                of = self.demonyms.get(lang, {}).get(fold(groups["demonym"]))
        elif rule.of == "org" and groups.get("org") is not None:
            of = ids[int(groups["org"])]
        elif rule.of == "place" and groups.get("place") is not None:
            of = ids[int(groups["place"])]  # `аким Мангистауской области`: the region's akim
        elif rule.of.startswith("caspian:"):
            of = rule.of
        return TextRole(title, of, lo + m.start())

    # --- the English role string ---

    def role(self, person: Entry | None, found: TextRole | None, lang: str, year: int | None) -> str | None:
        if found and found.of:
            return self._render(found.title, found.of, as_named=True)
        held = self._held(person, year)
        if found:
            completed = self._complete(found.title, held)
            if completed:
                return completed
            default = found.country or self.defaults.get(lang)
            state = found.title.startswith(_MINISTERS) or found.title in _STATE_TITLES
            if default and state:
                return self._render(found.title, default)
            if found.org and not state and found.title not in _GENERIC:
                # "компания басқармасының төрағасы": the company the article is about
                return self._render(found.title, found.org, as_named=True)
            return found.title
        if held:
            return self._render(held[0].title, held[0].of)
        return None

    def _held(self, person: Entry | None, year: int | None) -> list[Role]:
        if person is None or not person.roles:
            return []
        roles = sorted(person.roles, key=lambda r: r.start or 0, reverse=True)
        if year is not None:
            current = [r for r in roles if r.held_in(year)]
            return current or []
        return roles

    def _complete(self, title: str, held: list[Role]) -> str | None:
        for role in held:
            if role.title == title:
                return self._render(role.title, role.of)
        generic = title in _GENERIC
        for role in held:
            # "Enerji Bakanı" is the Minister of Energy and Natural Resources the person is
            if (generic and role.title.startswith(title)) or role.title.startswith(title + " and "):
                return self._render(role.title, role.of)
        if held and not generic and held[0].of:
            return self._render(title, held[0].of)
        return None

    def _render(self, title: str, of: str | None, as_named: bool = False) -> str:
        """`title of body`; `as_named`: the text names the body, so the body's own wording of a
        generic title applies (Kazatomprom's chairman of the management board is its CEO)."""
        if not of:
            return title
        body = self.gazetteer.get(of)
        if body is None:
            return f"{title} of {of}"
        if as_named:
            title = next((body.titles[k] for k in _TITLE_KEYS.get(title, (title,)) if k in body.titles), title)
        return f"{title} of {body.name_in_role}"


def _with_country(found: TextRole | None, placed: list[tuple[int, int, str, str | None]]) -> TextRole | None:
    """The title with the article's most-named country (first named on a tie), for a state title the
    text leaves open: "Energy Minister X" in a story about Kyrgyzstan is Kyrgyzstan's minister."""
    if found is None or found.of is not None:
        return found
    return replace(found, country=_most_named(placed, "COUNTRY"), org=_most_named(placed, "ORG"))


def _most_named(placed: list[tuple[int, int, str, str | None]], kind: str) -> str | None:
    counts = Counter(eid for _, _, etype, eid in placed if etype == kind and eid)
    if not counts:
        return None
    top = max(counts.values())
    return next(eid for _, _, etype, eid in sorted(placed) if etype == kind and counts.get(eid) == top)
