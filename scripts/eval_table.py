"""Every gold set scored with one pipeline, as one markdown table (docs/measurements.md).

The sets: `../shared/eval/dev` (the shared dev set), `eval/independent`, `eval/independent2` and
`eval/independent3` (written apart from the code, studied since; independent3 was held out until the
fifth round of reading), `eval/independent4` and `eval/independent5` (held out: only scored), the
sample corpus and the seeds. Usage, from the repository root (about 20 seconds on 2 cores
with the default recogniser):
    .venv/bin/python scripts/eval_table.py [--shared ../shared] [--ner gazetteer] [--json OUT]
        [--without-held-out]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from caspian.evaluation.gold import evaluate
from caspian.pipeline import Pipeline
from caspian.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
MEASURES = [
    ("metadata", lambda d: d["metadata_accuracy"]),
    ("noise", lambda d: d["noise_recall"]),
    ("entity F1", lambda d: d["entities"]["f1"]),
    ("roles", lambda d: d["role_accuracy"]),
    ("fact F1", lambda d: d["facts"]["f1"]),
    ("fact geo", lambda d: d["fact_geo_accuracy"]),
    ("fact period", lambda d: d["fact_period_accuracy"]),
    ("event F1", lambda d: d["events"]["f1"]),
]
for _lang in ("en", "kk", "ru", "tr"):
    MEASURES.append((f"facts {_lang}", lambda d, lang=_lang: d["facts_by_lang"][lang]["f1"]))
for _lang in ("en", "kk", "ru", "tr"):
    MEASURES.append((f"events {_lang}", lambda d, lang=_lang: d["events_by_lang"][lang]["f1"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--ner", default=None, help="entity recogniser (default: the pipeline's)")
    parser.add_argument("--json", type=Path, default=None, help="also write every report as JSON here")
    parser.add_argument(
        "--without-held-out",
        action="store_true",
        help="leave out the held-out sets (independent4, independent5): for the runs that decide a change",
    )
    args = parser.parse_args()
    sets = {
        "dev": (args.shared / "eval/dev/gold", args.shared / "eval/dev/articles"),
        "independent": (ROOT / "eval/independent/gold", ROOT / "eval/independent/articles"),
        "independent2": (ROOT / "eval/independent2/gold", ROOT / "eval/independent2/articles"),
        "independent3": (ROOT / "eval/independent3/gold", ROOT / "eval/independent3/articles"),
        "independent4 (held out)": (ROOT / "eval/independent4/gold", ROOT / "eval/independent4/articles"),
        "independent5 (held out)": (ROOT / "eval/independent5/gold", ROOT / "eval/independent5/articles"),
        "sample": (ROOT / "src/caspian/data/sample/gold", None),
        "seeds": (args.shared / "seeds/gold", None),
    }
    options = {"entities": {"backend": args.ner}} if args.ner else {}
    pipeline = Pipeline.from_settings(Settings(stage_options=options))
    reports = {}
    for name, (gold, articles) in sets.items():
        if args.without_held_out and "held out" in name:
            continue
        if not gold.is_dir():
            print(f"skipped {name}: no {gold}", file=sys.stderr)
            continue
        reports[name] = evaluate(gold, articles, pipeline=pipeline).as_dict()
    print("| measure | " + " | ".join(reports) + " |")
    print("|---|" + "---|" * len(reports))
    for label, get in MEASURES:
        cells = []
        for d in reports.values():
            try:
                cells.append(f"{get(d):.3f}")
            except (KeyError, TypeError):
                cells.append("–")
        print(f"| {label} | " + " | ".join(cells) + " |")
    if args.json:
        args.json.write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
