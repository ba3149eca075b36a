"""Cross-lingual retrieval accuracy of an embedder on the Tatoeba bitexts (LASER v1, as in XTREME and MTEB).

Both sides of each X-English pair set are embedded; each sentence's nearest neighbour
(cosine) on the other side must be its own translation. Accuracy is reported in
percent both ways: source -> English (the usual figure) and English -> source.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from caspian.search.embedders import DEFAULT_EMBEDDER, get_embedder

TATOEBA = Path("retrieval") / "tatoeba-laser-v1"
TATOEBA_LANGS = ("kaz", "rus", "tur", "uzb", "aze", "tat")


def tatoeba_dir(data_dir: str | Path) -> Path:
    """The Tatoeba folder under a data folder (or the data folder itself if it is that folder)."""
    data_dir = Path(data_dir)
    for folder in (data_dir / TATOEBA, data_dir):
        if any(folder.glob("tatoeba.*-eng.eng")):
            return folder
    raise FileNotFoundError(f"no Tatoeba bitexts (tatoeba.X-eng.eng) in {data_dir / TATOEBA} or {data_dir}")


def load_pairs(folder: Path, lang: str, limit: int | None = None) -> tuple[list[str], list[str]]:
    source = (folder / f"tatoeba.{lang}-eng.{lang}").read_text(encoding="utf-8").splitlines()
    english = (folder / f"tatoeba.{lang}-eng.eng").read_text(encoding="utf-8").splitlines()
    if len(source) != len(english):
        raise ValueError(f"tatoeba.{lang}-eng: {len(source)} source lines but {len(english)} English lines")
    return source[:limit], english[:limit]


def accuracy(queries: np.ndarray, targets: np.ndarray) -> float:
    """Share of rows whose most similar target row is the row with the same index, in percent."""
    nearest = (queries @ targets.T).argmax(axis=1)
    return round(100.0 * float((nearest == np.arange(len(queries))).mean()), 2)


def evaluate_tatoeba(
    data_dir: str | Path = "../shared/data",
    langs: tuple[str, ...] = TATOEBA_LANGS,
    limit: int | None = None,
    embedder: str = DEFAULT_EMBEDDER,
) -> dict[str, Any]:
    """{"embedder", "langs": {lang: {"pairs", "src_to_eng", "eng_to_src"}}, "sentences", "seconds",
    "sentences_per_second"}; `limit` takes the first N pairs of each language."""
    folder = tatoeba_dir(data_dir)
    model = get_embedder(embedder)
    results: dict[str, dict[str, Any]] = {}
    sentences, seconds = 0, 0.0
    for lang in langs:
        source, english = load_pairs(folder, lang, limit)
        started = time.perf_counter()
        # Translation retrieval is symmetric, so both sides take the query form (the e5 authors'
        # advice for bitext mining) rather than query on one side and passage on the other.
        src = model.embed_queries(source)
        eng = model.embed_queries(english)
        seconds += time.perf_counter() - started
        sentences += len(source) + len(english)
        results[lang] = {
            "pairs": len(source),
            "src_to_eng": accuracy(src, eng),
            "eng_to_src": accuracy(eng, src),
        }
    return {
        "embedder": embedder,
        "data": str(folder),
        "langs": results,
        "sentences": sentences,
        "seconds": round(seconds, 2),
        "sentences_per_second": round(sentences / seconds, 1) if seconds else None,
    }
