"""Topics: what each article is about, from the energy taxonomy in `lexicons/topics/taxonomy.yaml`.

Each topic has cue stems per language; an article's score for a topic is the number of cue
hits in its body plus twice the hits in its title. A topic is kept when it scores at least
`min_score` and at least `relative` of the best topic's score, at most `max_topics` of them,
best first. Scores go to `meta["topic_scores"]`. A lexicon, not a trained classifier: the
sample corpus is far too small to train one, and cues are what an analyst can read and fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from caspian.document import Document
from caspian.languages import SUPPORTED
from caspian.lexicons import load
from caspian.settings import Settings
from caspian.stages.base import BaseStage


@cache
def taxonomy() -> dict[str, dict[str, Any]]:
    return load("topics/taxonomy")


@cache
def cue_patterns(lang: str) -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    """Where any cue starts (one zero-width pattern), and each topic's cues, in `lang`.

    The first finds the few word starts where some cue begins in one pass; only there is each
    topic tried. That is what `findall` per topic would count, at a tenth of the cost (the stage
    runs on every article). Zero-width, so cues of two topics may overlap ("жел электр станциясы").
    """
    langs = (lang,) if lang in SUPPORTED else SUPPORTED
    per_topic, every = [], []
    for topic, spec in taxonomy().items():
        forms = [f for code in langs for f in (spec.get("cues") or {}).get(code) or []]
        if forms:
            per_topic.append((topic, re.compile("|".join(f"(?:{f})" for f in forms), re.IGNORECASE)))
            every.extend(forms)
    starts = re.compile(f"(?<!\\w)(?=(?:{'|'.join(every)}))", re.IGNORECASE)
    return starts, per_topic


def _hits(text: str, lang: str) -> dict[str, int]:
    starts, per_topic = cue_patterns(lang)
    counts: dict[str, int] = {}
    taken: dict[str, int] = {}  # per topic, where its last hit ended: hits of one topic do not overlap
    for m in starts.finditer(text):
        for topic, pattern in per_topic:
            if m.start() < taken.get(topic, 0):
                continue
            hit = pattern.match(text, m.start())
            if hit:
                counts[topic] = counts.get(topic, 0) + 1
                taken[topic] = hit.end()
    return counts


def score_topics(title: str, text: str, lang: str) -> dict[str, int]:
    scores = _hits(text, lang)
    for topic, n in _hits(title, lang).items():
        scores[topic] = scores.get(topic, 0) + 2 * n
    return scores


class Topics(BaseStage):
    name = "topics"
    requires = ("text", "lang")  # and title, when there is one
    assigns = ("topics",)  # and meta["topic_scores"]

    @dataclass(frozen=True)
    class Options:
        min_score: int = 2  # at least this score
        relative: float = 0.3  # and at least this share of the best topic's score
        max_topics: int = 4  # at most this many topics, best first

    def __init__(self, settings: Settings) -> None:
        self.options: Topics.Options = self.options_from(settings)
        self.min_score = self.options.min_score
        self.relative = self.options.relative
        self.max_topics = self.options.max_topics

    def __call__(self, doc: Document) -> Document:
        scores = score_topics(doc.title or "", doc.text, doc.lang or "other")
        best = max(scores.values(), default=0)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        doc.topics = [topic for topic, score in ranked if score >= self.min_score and score >= self.relative * best][
            : self.max_topics
        ]
        doc.meta["topic_scores"] = dict(ranked)
        return doc
