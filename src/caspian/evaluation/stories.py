"""Story clustering scored on our cross-lingual story set (`src/caspian/data/stories/`).

The items are stored in a fresh SQLite file, indexed (title + lead embeddings) and clustered
in date order, a few at a time, as they would arrive. Predicted clusters are scored against
the gold story of each item: pairwise precision and recall (over pairs of articles put in one
story), and B-cubed precision / recall / F1. A distractor (gold story null) is a story of its own.
"""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from importlib.resources import files
from itertools import combinations
from pathlib import Path
from typing import Any

from caspian.document import Document, make_id
from caspian.kb.stories import cluster_of_articles
from caspian.lexicons import read_yaml
from caspian.search.embedders import DEFAULT_EMBEDDER
from caspian.search.index import Indexer
from caspian.search.stories import Clusterer, config
from caspian.store import Store


def stories_file() -> Path:
    return Path(str(files("caspian") / "data" / "stories" / "stories.yaml"))


def load_items(path: Path | None = None) -> list[tuple[str, Document]]:
    """(gold story, document) per item; a distractor's gold story is its own id."""
    path = path or stories_file()
    items = []
    for i, raw in enumerate(read_yaml(path.read_text(encoding="utf-8"))):
        text = f"{raw['title']}\n{raw['text'].strip()}"
        doc = Document(
            raw=text,
            path=f"{path.name}#{i}",
            id=make_id(text),
            lang=raw["lang"],
            published=str(raw["published"]),
            source=raw.get("source"),
            title=raw["title"],
            text=text,
        )
        items.append((raw.get("story") or f"distractor-{i}", doc))
    return items


def pairwise(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    ids = sorted(gold)
    same_gold = {p for p in combinations(ids, 2) if gold[p[0]] == gold[p[1]]}
    same_pred = {p for p in combinations(ids, 2) if predicted[p[0]] == predicted[p[1]]}
    both = len(same_gold & same_pred)
    precision = both / len(same_pred) if same_pred else 1.0
    recall = both / len(same_gold) if same_gold else 1.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "gold_pairs": len(same_gold)}


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for i in gold:
        by_gold[gold[i]].add(i)
        by_pred[predicted[i]].add(i)
    p = sum(len(by_gold[gold[i]] & by_pred[predicted[i]]) / len(by_pred[predicted[i]]) for i in gold) / len(gold)
    r = sum(len(by_gold[gold[i]] & by_pred[predicted[i]]) / len(by_gold[gold[i]]) for i in gold) / len(gold)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def cluster_items(items: list[tuple[str, Document]], store: Store, embedder: str | None, batch: int) -> dict[str, Any]:
    docs = sorted((d for _, d in items), key=lambda d: (d.published or "", d.id))
    store.write_batch(docs)
    kinds: dict[str, str] = {}
    with Indexer(store, embedder=embedder) as indexer:
        clusterer = Clusterer(store, indexer.vectors)
        for i in range(0, len(docs), batch):
            chunk = docs[i : i + batch]
            indexer.add(chunk)
            kinds |= {a.article_id: a.kind for a in clusterer.add(chunk)}
    return {"clusters": cluster_of_articles(store), "kinds": kinds}


def evaluate_stories(
    path: Path | None = None,
    embedder: str | None = DEFAULT_EMBEDDER,
    batch: int = 8,
    threshold: float | None = None,
    keep: Path | None = None,
) -> dict[str, Any]:
    """Cluster the story set as it would arrive and score it; `threshold` overrides the lexicon's for this run."""
    items = load_items(path)
    gold = {d.id: story for story, d in items}
    started = time.perf_counter()
    settings = config()["story"]
    saved = settings["threshold"]
    if threshold is not None:
        settings["threshold"] = threshold
    try:
        with tempfile.TemporaryDirectory(prefix="caspian-stories-") as tmp:
            db = (keep or Path(tmp)) / "stories.db"
            with Store(f"sqlite:///{db}") as store:
                result = cluster_items(items, store, embedder, batch)
        used = settings["threshold"]
    finally:
        settings["threshold"] = saved
    predicted = result["clusters"]
    titles = {d.id: (story, d.lang, d.title) for story, d in items}
    errors = _errors(gold, predicted, titles)
    kinds = result["kinds"]
    return {
        "items": len(items),
        "gold_stories": len({s for s in gold.values() if not s.startswith("distractor-")}),
        "distractors": sum(s.startswith("distractor-") for s in gold.values()),
        "predicted_clusters": len(set(predicted.values())),
        "pairwise": pairwise(gold, predicted),
        "bcubed": bcubed(gold, predicted),
        "links": {k: sum(v == k for v in kinds.values()) for k in ("first", "exact", "near", "story")},
        "embedder": embedder,
        "threshold": used,
        "batch": batch,
        "seconds": round(time.perf_counter() - started, 2),
        "errors": errors,
    }


def _errors(gold: dict[str, str], predicted: dict[str, str], titles: dict[str, tuple]) -> list[str]:
    """Each predicted cluster that mixes gold stories, and each gold story split over clusters."""
    out = []
    by_pred, by_gold = defaultdict(list), defaultdict(list)
    for i in gold:
        by_pred[predicted[i]].append(i)
        by_gold[gold[i]].append(i)
    for members in by_pred.values():
        stories = {gold[i] for i in members}
        if len(stories) > 1:
            out.append("merged: " + " | ".join(f"{titles[i][0]} {titles[i][1]}: {titles[i][2]}" for i in members))
    for story, members in by_gold.items():
        clusters = {predicted[i] for i in members}
        if len(clusters) > 1:
            out.append(f"split {story}: " + " | ".join(f"{titles[i][1]}: {titles[i][2]}" for i in members))
    return out
