"""English quantity extraction against NewsQuant (CQE's news test set).

Matching rules: a gold range `a-b` counts as its midpoint; values match within a
relative 1e-5; pairs are formed greedily, one to one, within each sentence; units
compare by normalised name (case-folded, each word singular).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from caspian.evaluation.gold import PRF
from caspian.nlp.units import Quantity, find_quantities, lemma

DATASETS = {"en-cqe-newsquant": "quantity/en-cqe-newsquant/formatted_test_set/NewsQuant.json"}
_RANGE = re.compile(r"^\s*(-?[\d.eE+]+)\s*-\s*(-?[\d.eE+]+)\s*$")


def gold_value(value: str) -> float | None:
    m = _RANGE.match(value)
    try:
        if m:
            return (float(m.group(1)) + float(m.group(2))) / 2
        return float(value)
    except ValueError:
        return None


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-5 * max(abs(a), abs(b)) if a and b else a == b


def unit_key(name: str | None) -> str:
    if not name or name.strip() in ("-", ""):
        return "-"
    return " ".join(lemma(w) for w in re.split(r"\s+", name.strip().casefold()))


def extract(text: str) -> list[Quantity]:
    """The English quantity extractor: numbers with units, no energy typing."""
    return find_quantities(text, "en", nouns=True, ranges=True)


def _pairs(gold: list[tuple[float, str]], pred: list[tuple[float, str]], with_unit: bool) -> int:
    used: set[int] = set()
    hits = 0
    for gv, gu in gold:
        for i, (pv, pu) in enumerate(pred):
            if i in used or not same_value(gv, pv) or (with_unit and gu != pu):
                continue
            used.add(i)
            hits += 1
            break
    return hits


def evaluate_quantities(
    dataset: str = "en-cqe-newsquant", data_dir: str | Path = "../shared/data", errors: int = 0
) -> dict[str, Any]:
    """Value and value+unit P/R/F1 of `extract` on NewsQuant; `errors` > 0 adds that many
    mismatched sentences to the report."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; known: {', '.join(DATASETS)}")
    path = Path(data_dir) / DATASETS[dataset]
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: pass data_dir=the folder that holds quantity/{dataset}")
    examples = json.loads(path.read_text(encoding="utf-8"))
    value, value_unit = PRF(), PRF()
    mistakes: list[dict[str, Any]] = []
    for ex in examples:
        gold = [
            (v, unit_key(q.get("normalized_unit")))
            for q in ex["quantities"]
            if (v := gold_value(str(q["value"]))) is not None
        ]
        pred = [(q.value, unit_key(q.name)) for q in extract(ex["text"])]
        for prf, with_unit in ((value, False), (value_unit, True)):
            hits = _pairs(gold, pred, with_unit)
            prf.add(hits, len(pred) - hits, len(gold) - hits)
        if errors and len(mistakes) < errors and _pairs(gold, pred, True) != max(len(gold), len(pred)):
            mistakes.append({"text": ex["text"], "gold": gold, "pred": pred})
    report: dict[str, Any] = {
        "dataset": dataset,
        "sentences": len(examples),
        "value": value.as_dict(),
        "value_unit": value_unit.as_dict(),
    }
    if errors:
        report["errors"] = mistakes
    return report
