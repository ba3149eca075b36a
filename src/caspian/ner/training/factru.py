"""FactRuEval-2016 scored two ways, on whole documents, for any recogniser.

(a) **naeval protocol**, so our numbers sit beside natasha's published table: gold mentions are
    Person objects from their first to their last part, the `org_name` parts of Org objects and
    the `loc_name` parts of Location and LocOrg objects (both LOC); nested spans give way to the
    enclosing one, spans that do not start and end on razdel token bounds are dropped (the same for
    predictions), and each PER/LOC/ORG is scored by token-level IO tags: a token counts for
    precision when predicted inside a span of that type, for recall when gold is. dev + test
    together, as naeval does.
(b) **exact spans** on the test set: the same gold mentions, a prediction counts when start, end
    and type are equal.

We wrote this instead of installing naeval: it pins old versions of its dependencies and pulls in
docker clients for the models it benchmarks; what it computes is small and documented above.
"""

from __future__ import annotations

import glob
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from caspian.ner.base import Recognizer, Span
from caspian.ner.training.scoring import SCORED, TO_CORPUS, prf

SPLITS = {"dev": "devset", "test": "testset"}
_OBJECT_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
_PART_TYPE = {"Org": "org_name", "Location": "loc_name", "LocOrg": "loc_name"}


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    label: str


@dataclass
class FactruDoc:
    name: str
    split: str
    text: str
    gold: list[Mention]
    tokens: list[tuple[int, int]]  # razdel's, which both gold and predictions must align to


def _outermost(spans: list[Mention]) -> list[Mention]:
    """Drop every span that starts inside the previous kept one (sorted by start, longest first)."""
    kept: list[Mention] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if kept and kept[-1].end > span.start:
            continue
        kept.append(span)
    return kept


def _tokens(text: str) -> list[tuple[int, int]]:
    from razdel import tokenize

    return [(t.start, t.stop) for t in tokenize(text)]


def _aligned(spans: list[Mention], tokens: list[tuple[int, int]]) -> list[Mention]:
    starts = {s for s, _ in tokens}
    ends = {e for _, e in tokens}
    return [s for s in spans if s.start in starts and s.end in ends]


def _read_doc(stem: str, split: str) -> FactruDoc:
    with open(stem + ".txt", encoding="utf-8", newline="") as handle:
        text = handle.read()
    parts: dict[str, tuple[str, int, int]] = {}
    with open(stem + ".spans", encoding="utf-8") as handle:
        for line in handle:
            fields = line.split("#")[0].split()
            if len(fields) >= 4:
                parts[fields[0]] = (fields[1], int(fields[2]), int(fields[2]) + int(fields[3]))
    gold: list[Mention] = []
    with open(stem + ".objects", encoding="utf-8") as handle:
        for line in handle:
            fields = line.split("#")[0].split()
            if len(fields) < 3 or fields[1] not in _OBJECT_TYPES:
                continue
            kind, label = fields[1], _OBJECT_TYPES[fields[1]]
            own = [parts[p] for p in fields[2:] if p in parts]
            if not own:
                continue
            if kind == "Person":
                gold.append(Mention(min(p[1] for p in own), max(p[2] for p in own), label))
            else:
                named = [Mention(s, e, label) for t, s, e in own if t == _PART_TYPE[kind]]
                gold.extend(_outermost(named))
    tokens = _tokens(text)
    return FactruDoc(Path(stem).name, split, text, _aligned(_outermost(gold), tokens), tokens)


def read_factru(data: str | Path, splits: tuple[str, ...] = ("dev", "test")) -> list[FactruDoc]:
    root = Path(data) / "ner" / "ru-factrueval"
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: FactRuEval-2016 not found (expected devset/ and testset/ in it)")
    docs = []
    for split in splits:
        for tokens_path in sorted(glob.glob(str(root / SPLITS[split] / "*.tokens"))):
            docs.append(_read_doc(tokens_path[: -len(".tokens")], split))
    return docs


def _predicted(spans: list[Span], tokens: list[tuple[int, int]]) -> list[Mention]:
    mentions = [Mention(s.start, s.end, TO_CORPUS[s.label]) for s in spans if TO_CORPUS.get(s.label) in SCORED]
    return _aligned(_outermost(mentions), tokens)


def _io(tokens: list[tuple[int, int]], spans: list[Mention]) -> list[str | None]:
    """Each token's type when it lies inside a span, else None."""
    tags: list[str | None] = [None] * len(tokens)
    index = {start: i for i, (start, _) in enumerate(tokens)}
    for span in spans:
        i = index[span.start]
        while i < len(tokens) and tokens[i][1] <= span.end:
            tags[i] = span.label
            i += 1
    return tags


@dataclass
class FactruScore:
    token_tp: Counter
    token_pred: Counter
    token_gold: Counter
    span_tp: Counter
    span_pred: Counter
    span_gold: Counter
    documents: int
    seconds: float

    def as_dict(self) -> dict:
        naeval = {lab: prf(self.token_tp[lab], self.token_pred[lab], self.token_gold[lab]) for lab in SCORED}
        exact = {lab: prf(self.span_tp[lab], self.span_pred[lab], self.span_gold[lab]) for lab in SCORED}
        exact_micro = prf(sum(self.span_tp.values()), sum(self.span_pred.values()), sum(self.span_gold.values()))
        return {
            "naeval_dev_test": naeval,
            "exact_test": exact,
            "exact_test_micro": exact_micro,
            "documents": self.documents,
            "seconds": round(self.seconds, 2),
        }


def score_factru(recognizer: Recognizer, docs: list[FactruDoc]) -> FactruScore:
    start = time.perf_counter()
    outputs = recognizer.recognize_batch([d.text for d in docs], "ru")
    seconds = time.perf_counter() - start
    score = FactruScore(Counter(), Counter(), Counter(), Counter(), Counter(), Counter(), len(docs), seconds)
    for doc, spans in zip(docs, outputs, strict=True):
        tokens = doc.tokens
        predicted = _predicted(spans, tokens)
        for p, g in zip(_io(tokens, predicted), _io(tokens, doc.gold), strict=True):
            if p:
                score.token_pred[p] += 1
                if g == p:
                    score.token_tp[p] += 1
            if g:
                score.token_gold[g] += 1
        if doc.split != "test":
            continue
        gold = set(doc.gold)
        for m in gold:
            score.span_gold[m.label] += 1
        for m in set(predicted):
            score.span_pred[m.label] += 1
            if m in gold:
                score.span_tp[m.label] += 1
    return score
