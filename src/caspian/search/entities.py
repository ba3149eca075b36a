"""Where entity names come from for query expansion: our alias list, the gazetteer, the store.

`entity_aliases(store)` merges, under each entity's canonical name:
- `lexicons/search/aliases.yaml` (always there);
- the entity gazetteer under `lexicons/gazetteer/` when it exists (any YAML file there whose
  entries carry a `canonical` or `name` and lists of `aliases` / `names` / `forms`, plain or by language);
- the store's `entities` table (canonical, aliases) and the surface forms of their mentions.

Nothing here imports the entities stage: only its data and the store's tables are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from caspian.kb import connect
from caspian.kb import entities as kb_entities
from caspian.lexicons import load, read_yaml
from caspian.search.query import Aliases
from caspian.search.text import query_forms, tokens
from caspian.store import Store

GAZETTEER_DIR = "gazetteer"
NAME_KEYS = ("canonical", "name")
FORM_KEYS = ("aliases", "abbreviations", "former_names", "names", "forms", "surface", "surfaces", "labels")
# Forms the gazetteer marks as also being common words ("Total", "Eni"): they never expand a query.
AMBIGUOUS_KEY = "ambiguous"
ENTRIES_KEY = "entries"
# (file, key) of the gazetteer's list of names that are also common words at a sentence start.
COMMON_WORDS = ("inflection.yaml", "sentence_initial_stopwords")
# Mention forms an entity must have been seen with this often before they expand queries.
MIN_MENTION_COUNT = 1
MAX_FORMS_PER_ENTITY = 60
# libyaml's loader when PyYAML has it: the gazetteer is large, and the pure-Python parser takes seconds.


def lexicon_entries() -> dict[str, list[str]]:
    data = load("search/aliases")
    return {str(k): [str(f) for f in v] for k, v in data.items()}


def gazetteer_dir() -> Path:
    return Path(str(files("caspian") / "lexicons" / GAZETTEER_DIR))


def _forms(value: Any) -> Iterator[str]:
    """Strings in a form list, a string, or a {lang: [forms]} mapping."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _forms(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _forms(v)


def _records(data: Any) -> Iterator[tuple[str, list[str], str | None]]:
    """(canonical, forms, entity id) of each entry of a gazetteer file: a list of entries, or one under `entries`.

    Other files of the gazetteer folder (rules, inflection, transliteration tables) hold no entries.
    """
    items = data.get(ENTRIES_KEY) if isinstance(data, dict) else data
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, dict):
            continue
        name = next((str(item[k]) for k in NAME_KEYS if item.get(k)), None)
        if name is None:
            continue
        forms = [name]
        for key in FORM_KEYS:
            forms.extend(_forms(item.get(key)))
        ambiguous = set(_forms(item.get(AMBIGUOUS_KEY)))
        yield name, [f for f in forms if f not in ambiguous], (str(item["id"]) if item.get("id") else None)


def _common_words(folder: Path) -> set[str]:
    """Names the gazetteer knows to be common words too (`Того`, `Мали`): they never expand a query."""
    path = folder / COMMON_WORDS[0]
    if not path.is_file():
        return set()
    try:
        data = read_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return set()
    return set(_forms(data.get(COMMON_WORDS[1]) if isinstance(data, dict) else None))


def gazetteer_entries(folder: Path | None = None) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """({canonical: forms}, {canonical: entity ids}) from the gazetteer files, if there are any."""
    folder = folder or gazetteer_dir()
    entries: dict[str, list[str]] = {}
    ids: dict[str, set[str]] = {}
    if not folder.is_dir():
        return entries, ids
    # Our own alias list may keep such a name (`Turkey`): it is curated for search.
    common = _common_words(folder) - {f for forms in lexicon_entries().values() for f in forms}
    for path in sorted(folder.rglob("*.y*ml")):
        try:
            data = read_yaml(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue  # a file being written by its owner, or not ours to read
        for name, forms, entity_id in _records(data):
            entries.setdefault(name, []).extend(f for f in forms if f not in common)
            if entity_id:
                ids.setdefault(name, set()).add(entity_id)
    return entries, ids


def store_entries(store: Store) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """({canonical: forms}, {canonical: entity ids}) from the store's entities and mentions."""
    entries: dict[str, list[str]] = {}
    ids: dict[str, set[str]] = {}
    with connect(store) as conn:
        canon: dict[str, str] = {}
        for row in kb_entities.name_records(conn):
            canon[row["id"]] = row["canonical"]
            ids.setdefault(row["canonical"], set()).add(row["id"])
            entries.setdefault(row["canonical"], [row["canonical"]]).extend(_forms(row["aliases"] or []))
        for entity_id, text in kb_entities.mention_forms(conn, MIN_MENTION_COUNT):
            if entity_id in canon:
                entries[canon[entity_id]].append(text)
    return entries, ids


def store_entity_count(store: Store) -> int:
    return kb_entities.count_entities(store)


def _key(form: str) -> tuple[str, ...]:
    return tuple(query_forms(t.surface)[0] for t in tokens(form))


def merge(sources: Iterable[dict[str, list[str]]]) -> dict[str, list[str]]:
    """One entry per entity: an entry whose canonical name is a form of an earlier entry joins it."""
    merged: dict[str, list[str]] = {}
    owner: dict[tuple[str, ...], str] = {}
    for source in sources:
        for name, forms in source.items():
            target = next((owner[k] for k in map(_key, [name, *forms]) if k in owner), name)
            bucket = merged.setdefault(target, [])
            for form in [name, *forms]:
                form = form.strip()
                if form and form not in bucket and len(bucket) < MAX_FORMS_PER_ENTITY:
                    bucket.append(form)
                    owner.setdefault(_key(form), target)
    return merged


def entity_aliases(store: Store | None = None) -> Aliases:
    """Aliases from the lexicon, the gazetteer (when present) and the store (when given and holding entities).

    Without store entities the result is shared by the whole process: do not change it.
    """
    if store is None or store_entity_count(store) == 0:
        return _static_aliases()
    gazetteer, gazetteer_ids = _gazetteer()
    from_store, store_ids = store_entries(store)
    return _build([lexicon_entries(), gazetteer, from_store], [gazetteer_ids, store_ids])


@cache
def _gazetteer() -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    return gazetteer_entries()


@cache
def _static_aliases() -> Aliases:
    gazetteer, gazetteer_ids = _gazetteer()
    return _build([lexicon_entries(), gazetteer], [gazetteer_ids])


def _build(sources: list[dict[str, list[str]]], id_sources: list[dict[str, set[str]]]) -> Aliases:
    merged = merge(sources)
    aliases = Aliases(merged)
    # Entity ids follow their canonical name into the merged entry it joined.
    owner = {_key(f): name for name, forms in merged.items() for f in forms}
    for ids in id_sources:
        for canonical, entity_ids in ids.items():
            target = owner.get(_key(canonical), canonical)
            aliases.entity_ids.setdefault(target, set()).update(entity_ids)
    return aliases
