"""Lexicons: data files (YAML, per language) that the stages load once per process.

A linguist improves recall by editing these files alone; the code only reads them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).parent
# libyaml's parser where PyYAML was built with it: the lexicons and the gazetteer load ~8x faster
# than with the pure-Python one (3.7 s of every process start before), with the same safe types.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """YAML text as plain data (safe types only)."""
    return yaml.load(text, Loader=LOADER)


class LexiconError(ValueError):
    pass


@cache
def load(name: str) -> dict[str, Any]:
    """Load `lexicons/NAME.yaml` (e.g. `sources`, `datelines`)."""
    path = ROOT / f"{name}.yaml"
    try:
        data = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"cannot load lexicon {path}: {exc}") from exc
    return data or {}


@cache
def load_per_language(folder: str) -> dict[str, dict[str, Any]]:
    """Load `lexicons/FOLDER/*.yaml` as {file stem: data}: `common` and one file per language
    (`caspian.languages.LANGUAGES[code].lexicon`)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted((ROOT / folder).glob("*.yaml")):
        try:
            out[path.stem] = read_yaml(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise LexiconError(f"cannot load lexicon {path}: {exc}") from exc
    return out


def merged_list(folder: str, key: str) -> list[Any]:
    """One key's entries from every language file of a folder, in file-name order (`common` among them)."""
    items: list[Any] = []
    for data in load_per_language(folder).values():
        items.extend(data.get(key) or [])
    return items
