"""The bundled sample corpus: 31 articles written by us, with their gold files (data/sample/)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample_dir() -> Path:
    """The folder of the bundled sample corpus (NAME.txt articles, gold/NAME.json)."""
    return Path(str(files("caspian") / "data" / "sample"))


def sample_articles() -> list[Path]:
    """The sample articles, sorted by name."""
    return sorted(sample_dir().glob("*.txt"))
