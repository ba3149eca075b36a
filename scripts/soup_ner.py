"""Average the trained parameters of several `caspian train ner` weight files (a "model soup").

    python scripts/soup_ner.py OUT.pt RUN1.pt RUN2.pt [...]

All files must come from the same encoder and labels (e.g. a run and a continuation of it with
`--init`). The shipped `src/caspian/ner/weights/e5-ner.pt` of 2026-12-01 is the mean of the first
run and a 100-minute continuation of it (docs/ner.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch


def soup(paths: list[Path]) -> dict:
    runs = [torch.load(p, map_location="cpu", weights_only=True) for p in paths]
    first = runs[0]
    for path, run in zip(paths[1:], runs[1:], strict=True):
        if run["labels"] != first["labels"] or run.get("encoder") != first.get("encoder"):
            raise SystemExit(f"{path}: other labels or encoder than {paths[0]}")
        if set(run["state"]) != set(first["state"]):
            raise SystemExit(f"{path}: other parameters than {paths[0]}")
    state = {
        name: (sum(run["state"][name].float() for run in runs) / len(runs)).to(torch.float16) for name in first["state"]
    }
    meta = dict(first.get("meta", {}))
    meta["soup_of"] = [
        {"file": p.name, **{k: r["meta"].get(k) for k in ("saved", "steps")}} for p, r in zip(paths, runs, strict=True)
    ]
    return {**first, "state": state, "meta": meta}


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        raise SystemExit(__doc__)
    out, *inputs = (Path(a) for a in argv)
    torch.save(soup(inputs), out)
    print(f"{out}: mean of {len(inputs)} runs")


if __name__ == "__main__":
    main(sys.argv[1:])
