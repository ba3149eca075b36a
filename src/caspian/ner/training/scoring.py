"""Exact-span P/R/F1 of any recogniser on `Sample`s, and its throughput.

A predicted span counts when its start, end and label equal a gold span's. Recogniser labels are
mapped to the corpora's (PERSON -> PER, LOCATION and COUNTRY -> LOC, ORG -> ORG); only PER, LOC and
ORG are scored. Recognisers get the sentences in batches (`recognize_batch`).
"""

from __future__ import annotations

import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

from caspian.ner.base import Recognizer, Span
from caspian.ner.training.corpora import Sample

SCORED = ("PER", "LOC", "ORG")
TO_CORPUS = {"PERSON": "PER", "PER": "PER", "LOCATION": "LOC", "COUNTRY": "LOC", "LOC": "LOC", "ORG": "ORG"}
BATCH = 256


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"gold": n_gold, "predicted": n_pred, "correct": tp, "p": p, "r": r, "f1": f}


@dataclass
class Report:
    tp: Counter = field(default_factory=Counter)
    pred: Counter = field(default_factory=Counter)
    gold: Counter = field(default_factory=Counter)
    sentences: int = 0
    words: int = 0
    seconds: float = 0.0

    def add(self, gold: set[tuple[int, int, str]], predicted: set[tuple[int, int, str]]) -> None:
        for _, _, label in gold:
            self.gold[label] += 1
        for span in predicted:
            self.pred[span[2]] += 1
            if span in gold:
                self.tp[span[2]] += 1

    def as_dict(self) -> dict:
        labels = {label: prf(self.tp[label], self.pred[label], self.gold[label]) for label in SCORED}
        micro = prf(sum(self.tp.values()), sum(self.pred.values()), sum(self.gold.values()))
        rate = self.sentences / self.seconds if self.seconds else 0.0
        return {
            "labels": labels,
            "micro": micro,
            "sentences": self.sentences,
            "words": self.words,
            "seconds": round(self.seconds, 2),
            "sentences_per_s": rate,
            "words_per_s": self.words / self.seconds if self.seconds else 0.0,
        }


def _run(recognizer: Recognizer, texts: list[str], lang: str) -> list[list[Span]]:
    return [
        spans
        for start in range(0, len(texts), BATCH)
        for spans in recognizer.recognize_batch(texts[start : start + BATCH], lang)
    ]


def _predicted(spans: list[Span]) -> set[tuple[int, int, str]]:
    return {(s.start, s.end, TO_CORPUS[s.label]) for s in spans if TO_CORPUS.get(s.label) in SCORED}


def evaluate(recognizer: Recognizer, samples: list[Sample]) -> Report:
    report = Report()
    for lang, group in groupby(samples, key=lambda s: s.lang):
        items = list(group)
        start = time.perf_counter()
        outputs = _run(recognizer, [s.text for s in items], lang)
        report.seconds += time.perf_counter() - start
        for sample, spans in zip(items, outputs, strict=True):
            gold = {(g.start, g.end, g.label) for g in sample.spans if g.label in SCORED}
            report.add(gold, _predicted(spans))
            report.sentences += 1
            report.words += len(sample.words)
    return report


def articles(samples: list[Sample], words_per_article: int = 500) -> list[str]:
    """Consecutive sentences joined into texts of about `words_per_article` words."""
    texts, current, count = [], [], 0
    for sample in samples:
        current.append(sample.text)
        count += len(sample.words)
        if count >= words_per_article:
            texts.append(" ".join(current))
            current, count = [], 0
    if current:
        texts.append(" ".join(current))
    return texts


def bench(recognizer: Recognizer, samples: list[Sample], words_per_article: int = 500) -> dict:
    texts = articles(samples, words_per_article)
    lang = samples[0].lang if samples else ""
    words = sum(len(s.words) for s in samples)
    start = time.perf_counter()
    _run(recognizer, texts, lang)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "documents": len(texts),
        "words": words,
        "seconds": round(seconds, 2),
        "words_per_s": words / seconds if seconds else 0.0,
        "articles_per_s": len(texts) / seconds if seconds else 0.0,
        "peak_rss_mb": peak,
    }
