"""`caspian eval gold`: score the pipeline against gold files (PRODUCT.md, "Gold files").

- metadata: accuracy over the fields lang, title, author, published, source (and
  dateline where the gold gives it); a gold `null` expects `null`. Titles and names
  compare case- and space-insensitively, dates by the precision of the gold value
  (a gold `2024-06-21` accepts `2024-06-21T20:28:00+04:00`).
- noise: a gold noise line is recovered when it is in `removed` and is no line of
  `text` (nor the start of one); a gold note in brackets after it is ignored.
- entities: P/R/F1 over (type, canonical) pairs per article. A found entity also matches a gold
  name that is one of its English names in the gazetteer (aliases, abbreviations, former names: `Tengiz Field`
  answers a gold `Tengiz`); names compare with dashes unified (`Baku–Tbilisi` = `Baku-Tbilisi`).
  Roles are scored over the people so matched.
- facts: P/R/F1, a pair matching on commodity, metric, unit, modality and value within 1%.
- events: P/R/F1, a pair matching on type and participants (Jaccard overlap >= 0.5); a participant
  matches under any of its English gazetteer names, as entities do (`Almassadam` = `Almasadam`).
- fact geo / period accuracy: over the matched fact pairs (the match itself ignores both).
- topics: P/R/F1 over the (article, topic) pairs of the gold files that list `topics`.
Each kind is also broken down by the gold language (`<kind>_by_lang`), events by type too.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caspian.document import Document, Failure
from caspian.entities.gazetteer import default_gazetteer
from caspian.pipeline import Pipeline
from caspian.readers import read_source
from caspian.readers.sources import Source

META_FIELDS = ("lang", "title", "author", "published", "source", "dateline")
_SPACE = re.compile(r"\s+")
_NOTE = re.compile(r"^(?P<line>.+?)\s+\((?P<note>[^()]*)\)$")
_DASHES = re.compile(r"\s*[-‐‑‒–—−]\s*")


def _norm(value: Any) -> str | None:
    if value is None:
        return None
    return _SPACE.sub(" ", str(value)).strip().casefold() or None


def _name_key(value: Any) -> str | None:
    """An entity name for comparison: `_norm`, every dash (and the spaces around it) one hyphen."""
    n = _norm(value)
    return _DASHES.sub("-", n) if n else n


def _entity_keys(entities: Iterable[dict], gold_keys: set[tuple[str, str | None]]) -> dict[tuple, dict]:
    """(type, name) of each found entity: the gold key its canonical name or one of its English
    gazetteer names (aliases, abbreviations, former names) gives, else its canonical name."""
    gazetteer = default_gazetteer()
    out: dict[tuple, dict] = {}
    for e in entities:
        names = [e["canonical"]]
        entry = gazetteer.get(e.get("id"))
        if entry is not None:
            names += [*entry.aliases.get("en", []), *entry.abbreviations, *entry.former_names]
        keys = [(e["type"], _name_key(n)) for n in names]
        out.setdefault(next((k for k in keys if k in gold_keys), keys[0]), e)
    return out


def meta_equal(field_name: str, gold: Any, pred: Any) -> bool:
    g, p = _norm(gold), _norm(pred)
    if g is None or p is None:
        return g == p
    if field_name == "published":
        return p.startswith(g) if len(g) == 10 else p == g
    return g == p


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "gold": self.tp + self.fn,
        }


def greedy_pairs(gold: list[Any], pred: list[Any], same: Callable[[Any, Any], bool]) -> list[tuple[Any, Any]]:
    """Gold items paired with distinct predicted partners (greedy, one to one)."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and same(g, p):
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def greedy_match(gold: list[Any], pred: list[Any], same: Callable[[Any, Any], bool]) -> int:
    """How many gold items find a distinct predicted partner (greedy, one to one)."""
    return len(greedy_pairs(gold, pred, same))


def _fact_same(g: dict, p: dict) -> bool:
    for key in ("commodity", "metric", "unit", "modality"):
        if _norm(g.get(key)) != _norm(p.get(key)):
            return False
    gv, pv = g.get("value"), p.get("value")
    if gv is None or pv is None:
        return gv == pv
    return abs(float(gv) - float(pv)) <= 0.01 * max(abs(float(gv)), 1e-12)


_ENGLISH_NAMES: dict[str, set[str]] = {}


def _english_names(name: Any) -> set[str]:
    """A participant's canonical name and the other English names of its gazetteer entry (aliases,
    abbreviations, former names), normalised: the same leniency the entity score has."""
    if not _ENGLISH_NAMES:
        for entry in default_gazetteer().entries.values():
            names = {
                _name_key(n)
                for n in (entry.canonical, *entry.aliases.get("en", []), *entry.abbreviations, *entry.former_names)
            }
            for n in names:
                _ENGLISH_NAMES.setdefault(n, set()).update(names)  # type: ignore[arg-type]
    key = _name_key(name)
    return _ENGLISH_NAMES.get(key, set()) | {key} if key else set()


def _field_same(name: str, gold: Any, pred: Any) -> bool:
    """A fact's period as written; its geo under any English name of the gazetteer entry, as an
    entity or an event participant is (`Trans-Anatolian gas pipeline` = `TANAP`)."""
    if name == "geo" and gold is not None and pred is not None:
        return _name_key(gold) in _english_names(pred)
    return _norm(gold) == _norm(pred)


def _event_same(g: dict, p: dict) -> bool:
    if _norm(g.get("type")) != _norm(p.get("type")):
        return False
    a = {_name_key(x) for x in g.get("participants", [])}
    # a found participant counts under the gold's spelling when that is one of its English names
    b = {next((n for n in _english_names(x) if n in a), _name_key(x)) for x in p.get("participants", [])}
    if not a and not b:
        return True
    return len(a & b) / len(a | b) >= 0.5


@dataclass
class ArticleScore:
    name: str
    meta: dict[str, tuple[Any, Any, bool]] = field(default_factory=dict)
    noise_missed: list[str] = field(default_factory=list)
    noise_total: int = 0
    error: str | None = None


@dataclass
class GoldReport:
    articles: list[ArticleScore] = field(default_factory=list)
    entities: PRF = field(default_factory=PRF)
    entities_by_type: dict[str, PRF] = field(default_factory=dict)
    facts: PRF = field(default_factory=PRF)
    events: PRF = field(default_factory=PRF)
    events_by_type: dict[str, PRF] = field(default_factory=dict)
    topics: PRF = field(default_factory=PRF)
    by_lang: dict[str, dict[str, PRF]] = field(default_factory=dict)
    # over matched fact pairs: (right, total) for geo and for period, which the match itself ignores
    fact_fields: dict[str, list[int]] = field(default_factory=lambda: {"geo": [0, 0], "period": [0, 0]})
    # people found with the right canonical name: is their role the gold one?
    role_errors: list[dict[str, Any]] = field(default_factory=list)
    roles_scored: int = 0

    def lang_part(self, kind: str, lang: str) -> PRF:
        return self.by_lang.setdefault(kind, {}).setdefault(lang, PRF())

    @property
    def meta_fields(self) -> Counter:
        return Counter(f for a in self.articles for f in a.meta)

    def meta_accuracy(self, field_name: str | None = None) -> float:
        pairs = [ok for a in self.articles for f, (_, _, ok) in a.meta.items() if field_name in (None, f)]
        return sum(pairs) / len(pairs) if pairs else 0.0

    @property
    def noise_recall(self) -> float:
        total = sum(a.noise_total for a in self.articles)
        missed = sum(len(a.noise_missed) for a in self.articles)
        return (total - missed) / total if total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": len(self.articles),
            "errors": {a.name: a.error for a in self.articles if a.error},
            "metadata_accuracy": round(self.meta_accuracy(), 4),
            "metadata_by_field": {f: round(self.meta_accuracy(f), 4) for f in self.meta_fields},
            "metadata_errors": [
                {"article": a.name, "field": f, "gold": g, "predicted": p}
                for a in self.articles
                for f, (g, p, ok) in a.meta.items()
                if not ok
            ],
            "noise_recall": round(self.noise_recall, 4),
            "noise_missed": {a.name: a.noise_missed for a in self.articles if a.noise_missed},
            "entities": self.entities.as_dict(),
            "entities_by_type": {t: prf.as_dict() for t, prf in sorted(self.entities_by_type.items())},
            "role_accuracy": round(1 - len(self.role_errors) / self.roles_scored, 4) if self.roles_scored else 0.0,
            "role_errors": self.role_errors,
            "facts": self.facts.as_dict(),
            "events": self.events.as_dict(),
            "events_by_type": {t: prf.as_dict() for t, prf in sorted(self.events_by_type.items())},
            "topics": self.topics.as_dict(),
            **{
                f"fact_{name}_accuracy": round(right / total, 4) if total else 0.0
                for name, (right, total) in self.fact_fields.items()
            },
            **{
                f"{kind}_by_lang": {lang: prf.as_dict() for lang, prf in sorted(parts.items())}
                for kind, parts in sorted(self.by_lang.items())
            },
        }


def _noise_line(entry: str, raw_lines: set[str]) -> str:
    """`NUR (a truncated dateline, NUR-SULTAN)` -> `NUR`: drop an annotator's bracketed note."""
    if entry in raw_lines:
        return entry
    m = _NOTE.match(entry)
    return m.group("line") if m else entry


def score_article(name: str, gold: dict, doc: Document, raw: str) -> tuple[ArticleScore, GoldReport]:
    part = GoldReport()
    score = ArticleScore(name)
    for f in META_FIELDS:
        if f in gold:
            pred = getattr(doc, f)
            score.meta[f] = (gold[f], pred, meta_equal(f, gold[f], pred))
    raw_lines = {line.strip() for line in raw.splitlines()}
    text_lines = doc.text.split("\n")
    removed = set(doc.removed)
    for entry in gold.get("noise", []):
        line = _noise_line(entry, raw_lines)
        score.noise_total += 1
        in_text = any(t == line or t.startswith(line + " ") for t in text_lines)
        if line not in removed or in_text:
            score.noise_missed.append(line)
    gold_ents = {(e["type"], _name_key(e["canonical"])) for e in gold.get("entities", [])}
    pred_ents = set(_entity_keys(doc.entities, gold_ents))
    part.entities.add(len(gold_ents & pred_ents), len(pred_ents - gold_ents), len(gold_ents - pred_ents))
    for etype in {t for t, _ in gold_ents | pred_ents}:
        g = {e for e in gold_ents if e[0] == etype}
        p = {e for e in pred_ents if e[0] == etype}
        part.entities_by_type.setdefault(etype, PRF()).add(len(g & p), len(p - g), len(g - p))
    _score_roles(name, gold, doc, part)
    for kind, same in (("facts", _fact_same), ("events", _event_same)):
        g_items, p_items = gold.get(kind, []), getattr(doc, kind)
        pairs = greedy_pairs(g_items, p_items, same)
        hits = len(pairs)
        getattr(part, kind).add(hits, len(p_items) - hits, len(g_items) - hits)
        if kind == "facts":
            for g, p in pairs:
                for name in part.fact_fields:
                    part.fact_fields[name][0] += _field_same(name, g.get(name), p.get(name))
                    part.fact_fields[name][1] += 1
    for etype in {e.get("type") for e in gold.get("events", []) + doc.events}:
        g_items = [e for e in gold.get("events", []) if e.get("type") == etype]
        p_items = [e for e in doc.events if e.get("type") == etype]
        hits = greedy_match(g_items, p_items, _event_same)
        part.events_by_type.setdefault(str(etype), PRF()).add(hits, len(p_items) - hits, len(g_items) - hits)
    if "topics" in gold:
        g_topics, p_topics = set(gold["topics"]), set(doc.topics)
        part.topics.add(len(g_topics & p_topics), len(p_topics - g_topics), len(g_topics - p_topics))
    return score, part


def _score_roles(name: str, gold: dict, doc: Document, part: GoldReport) -> None:
    """Role accuracy over the gold people that were found (same canonical name)."""
    gold_keys = {(e["type"], _name_key(e["canonical"])) for e in gold.get("entities", [])}
    predicted = {
        k[1]: e.get("role") for k, e in _entity_keys(doc.entities, gold_keys).items() if e.get("type") == "PERSON"
    }
    for e in gold.get("entities", []):
        key = _name_key(e["canonical"])
        if e.get("type") != "PERSON" or key not in predicted:
            continue
        part.roles_scored += 1
        if _norm(e.get("role")) != _norm(predicted[key]):
            part.role_errors.append(
                {"article": name, "person": e["canonical"], "gold": e.get("role"), "predicted": predicted[key]}
            )


def evaluate(
    gold_dir: str | Path,
    articles_dir: str | Path | None = None,
    pipeline: Pipeline | None = None,
    names: Iterable[str] | None = None,
) -> GoldReport:
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold folder not found: {gold_dir}")
    articles_dir = Path(articles_dir) if articles_dir else gold_dir.parent
    pipeline = pipeline or Pipeline.from_settings()
    report = GoldReport()
    files = sorted(gold_dir.glob("*.json"))
    if names is not None:
        wanted = set(names)
        files = [f for f in files if f.stem in wanted]
    if not files:
        raise FileNotFoundError(f"no gold files (*.json) in {gold_dir}")
    for gold_file in files:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        candidates = sorted(articles_dir.glob(gold_file.stem + ".*"))
        if not candidates:
            report.articles.append(
                ArticleScore(gold_file.stem, error=f"no article {gold_file.stem}.* in {articles_dir}")
            )
            continue
        path = candidates[0]
        items = list(read_source(Source(str(path), path.stat().st_size, path.stat().st_mtime_ns)))
        doc = pipeline.run_one(items[0]) if items and isinstance(items[0], Document) else items[0]
        if isinstance(doc, Failure):
            report.articles.append(ArticleScore(gold_file.stem, error=doc.reason))
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        score, part = score_article(gold_file.stem, gold, doc, raw)
        report.articles.append(score)
        report.entities.add(part.entities.tp, part.entities.fp, part.entities.fn)
        report.roles_scored += part.roles_scored
        report.role_errors.extend(part.role_errors)
        for t, prf in part.entities_by_type.items():
            report.entities_by_type.setdefault(t, PRF()).add(prf.tp, prf.fp, prf.fn)
        report.facts.add(part.facts.tp, part.facts.fp, part.facts.fn)
        report.events.add(part.events.tp, part.events.fp, part.events.fn)
        for t, prf in part.events_by_type.items():
            report.events_by_type.setdefault(t, PRF()).add(prf.tp, prf.fp, prf.fn)
        report.topics.add(part.topics.tp, part.topics.fp, part.topics.fn)
        for name, (right, total) in part.fact_fields.items():
            report.fact_fields[name][0] += right
            report.fact_fields[name][1] += total
        lang = str(gold.get("lang") or "other")
        for kind in ("entities", "facts", "events", "topics"):
            prf = getattr(part, kind)
            if prf.tp + prf.fp + prf.fn:
                report.lang_part(kind, lang).add(prf.tp, prf.fp, prf.fn)
    return report
