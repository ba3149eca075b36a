"""The gazetteer: canonical entity records loaded from `lexicons/gazetteer/*.yaml` (files with `entries`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from caspian.entities.types import ENTITY_TYPES
from caspian.lexicons import ROOT, LexiconError, read_yaml

GAZETTEER_DIR = ROOT / "gazetteer"


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    of: str | None = None  # an entity id (`caspian:...`) or a plain name
    start: int | None = None  # years
    end: int | None = None

    def held_in(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(slots=True)
class Entry:
    id: str
    canonical: str
    type: str
    wikidata: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    abbreviations: list[str] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)
    demonyms: dict[str, list[str]] = field(default_factory=dict)
    exact: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    role_name: str | None = None
    series: bool = False  # held in numbered editions
    annual: bool = False  # one per year: the article's year names the edition
    # what an operator or an asset produces, where a stake in it is about that (`other`: oil and gas together)
    commodity: str | None = None

    @property
    def name_in_role(self) -> str:
        return self.role_name or self.canonical

    def forms(self) -> list[tuple[str, str]]:
        """Every written form as (lang, form); `*` for forms of no one language."""
        out = [(lang, form) for lang, items in self.aliases.items() for form in items]
        out += [("*", form) for form in (*self.abbreviations, *self.former_names)]
        out.append(("en", self.canonical))
        seen: set[tuple[str, str]] = set()
        return [f for f in out if not (f in seen or seen.add(f))]


def _role(data: dict[str, Any]) -> Role:
    return Role(title=data["title"], of=data.get("of"), start=data.get("from"), end=data.get("to"))


def _entry(data: dict[str, Any], path: Path) -> Entry:
    missing = [k for k in ("id", "canonical", "type") if not data.get(k)]
    if missing:
        raise LexiconError(f"{path.name}: entry {data!r} lacks {', '.join(missing)}")
    if data["type"] not in ENTITY_TYPES:
        raise LexiconError(f"{path.name}: {data['id']}: type {data['type']!r} is not one of {', '.join(ENTITY_TYPES)}")
    if not str(data["id"]).startswith("caspian:"):
        raise LexiconError(f"{path.name}: id {data['id']!r} must start with 'caspian:'")
    return Entry(
        id=data["id"],
        canonical=data["canonical"],
        type=data["type"],
        wikidata=data.get("wikidata"),
        aliases={lang: list(items or []) for lang, items in (data.get("aliases") or {}).items()},
        abbreviations=list(data.get("abbreviations") or []),
        former_names=list(data.get("former_names") or []),
        demonyms={lang: list(items or []) for lang, items in (data.get("demonyms") or {}).items()},
        exact=list(data.get("exact") or []),
        ambiguous=list(data.get("ambiguous") or []),
        requires=list(data.get("requires") or []),
        roles=[_role(r) for r in data.get("roles") or []],
        titles=dict(data.get("titles") or {}),
        role_name=data.get("role_name"),
        series=bool(data.get("series")),
        annual=bool(data.get("annual")),
        commodity=data.get("commodity"),
    )


@dataclass
class Gazetteer:
    entries: dict[str, Entry]

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entity_id: str | None) -> Entry | None:
        return self.entries.get(entity_id) if entity_id else None

    def of_type(self, etype: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.type == etype]


def load_gazetteer(folder: Path = GAZETTEER_DIR) -> Gazetteer:
    entries: dict[str, Entry] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = read_yaml(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise LexiconError(f"cannot load gazetteer file {path}: {exc}") from exc
        for item in data.get("entries") or []:
            entry = _entry(item, path)
            if entry.id in entries:
                raise LexiconError(f"{path.name}: id {entry.id} is defined twice")
            entries[entry.id] = entry
    return Gazetteer(entries)


@cache
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()


@cache
def gazetteer_data(name: str) -> dict[str, Any]:
    """A rules file of the gazetteer folder (`inflection`, `roles`, `translit`)."""
    path = GAZETTEER_DIR / f"{name}.yaml"
    try:
        return read_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"cannot load {path}: {exc}") from exc
