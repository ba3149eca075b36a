from __future__ import annotations

import json
from pathlib import Path

import pytest

from caspian.document import Document
from caspian.pipeline import Pipeline
from caspian.readers import read_source
from caspian.readers.sources import Source

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SAMPLE = ROOT / "src" / "caspian" / "data" / "sample"


def need_seeds() -> Path:
    if not (SEEDS / "gold").is_dir():
        pytest.skip(f"the seeds are not beside the repository ({SEEDS})")
    return SEEDS


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.from_settings()


def read_one(path: Path) -> Document:
    items = list(read_source(Source(str(path), path.stat().st_size, path.stat().st_mtime_ns)))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def process_text(pipeline: Pipeline, text: str, **meta) -> Document:
    doc = pipeline.run_one(Document(raw=text, meta=dict(meta)))
    assert isinstance(doc, Document), doc
    return doc


def seed_cases() -> list[tuple[Path, dict]]:
    need_seeds()
    return [
        (SEEDS / (g.stem + ".txt"), json.loads(g.read_text(encoding="utf-8")))
        for g in sorted((SEEDS / "gold").glob("*.json"))
    ]
