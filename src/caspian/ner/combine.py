"""Combine a model's spans with the gazetteer's and tidy their bounds (one job: spans in, spans out).

- **Gazetteer types win**: where a curated gazetteer entry covers exactly a model span, its type
  is kept (`ЕС`, `Евросоюз` are organisations, not places; a model trained on news often says LOC).
- **Gazetteer adds** the entries the model did not find where they overlap none of its spans,
  except places: a model finds place names well from context, and where it left a country out it
  is mostly one inside a longer name (`Қазақстан Республикасының Қылмыстық кодексі`, a law;
  `Қазақстан Республикасының Президенті`, a post), which KazNERD marks as such. Adding those cost
  0.9 F1 on KazNERD test; on the development splits places added or not made no difference
  (docs/ner.md). The entity stage still marks every gazetteer place: it runs the gazetteer itself.
- **Legal forms are not names**: `ОАО «Газпром»`, `АО НК «КазМунайГаз»` → the name in quotes
  (the gazetteer, the resolver and FactRuEval's `org_name` all take the name without the form).
- **An abbreviation in brackets is its own mention**: `Фонд развития интернет-инициатив (ФРИИ)` →
  the full name and `ФРИИ`.
- **Generic words are not names**: `СМИ` (the media) and bare legal forms.

The rules are data (`lexicons/ner/combine.yaml`); each is measured on FactRuEval in docs/ner.md.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from caspian.lexicons import load
from caspian.ner.base import Recognizer, Span
from caspian.ner.gazetteer import GazetteerRecognizer

_QUOTED = re.compile(r"[«\"“„]([^«»\"“”„]+)[»\"”]?\s*$")
_BRACKETED = re.compile(r"^(?P<name>.+?)\s*\((?P<abbr>[^()]{2,12})\)$")


@cache
def _rules() -> dict:
    data = load("ner/combine")
    return {
        "legal_forms": {w.casefold() for w in data["legal_forms"]},
        "generic": {w.casefold() for w in data["generic"]},
    }


def _trim_legal_form(text: str, span: Span) -> Span:
    """`ОАО «Газпром»` → `Газпром` when everything before the quotes is legal forms."""
    chunk = text[span.start : span.end]
    m = _QUOTED.search(chunk)
    if not m or m.start() == 0:
        return span
    prefix = chunk[: m.start()].split()
    if not prefix or not all(w.casefold() in _rules()["legal_forms"] for w in prefix):
        return span
    start = span.start + m.start(1)
    return replace(span, start=start, end=start + len(m.group(1).rstrip()))


def _split_abbreviation(text: str, span: Span) -> list[Span]:
    m = _BRACKETED.match(text[span.start : span.end])
    if not m or not m.group("abbr").strip().isupper():
        return [span]
    abbr_start = span.start + m.start("abbr")
    return [
        replace(span, end=span.start + m.end("name")),
        replace(span, start=abbr_start, end=abbr_start + len(m.group("abbr"))),
    ]


def tidy(text: str, spans: list[Span]) -> list[Span]:
    """Trim legal forms, split bracketed abbreviations, drop generic words."""
    generic = _rules()["generic"]
    out: list[Span] = []
    for span in spans:
        if span.label == "ORG":
            span = _trim_legal_form(text, span)
            parts = _split_abbreviation(text, span)
        else:
            parts = [span]
        out.extend(p for p in parts if text[p.start : p.end].casefold() not in generic)
    return out


PLACES = frozenset({"COUNTRY", "LOCATION"})


def merge_gazetteer(model: list[Span], gazetteer: list[Span], add_places: bool = False) -> list[Span]:
    """Model spans typed by the gazetteer where it knows them exactly, plus its unseen entries
    (places only with `add_places`).

    `gazetteer` should hold only curated entries (score 1.0), not its rule-based guesses.
    """
    known = {(g.start, g.end): g for g in gazetteer}
    merged = []
    for span in model:
        g = known.get((span.start, span.end))
        merged.append(replace(span, label=g.label) if g and g.label != span.label else span)
    for g in gazetteer:
        if (add_places or g.label not in PLACES) and all(g.end <= s.start or g.start >= s.end for s in model):
            merged.append(g)
    return sorted(merged, key=lambda s: (s.start, s.end))


class GazetteerCompleted(Recognizer):
    """A recogniser made of models whose spans the gazetteer then types and completes.

    Subclasses give `model_spans_batch(texts, lang, covered)`; `recognize_batch` adds the
    gazetteer's curated entries (`merge_gazetteer`), except when the caller passes `covered`: it
    has run the gazetteer itself (the entity stage), so it gets the models' spans alone.
    """

    gazetteer: GazetteerRecognizer
    # Whether the gazetteer adds the places the models left out (see merge_gazetteer).
    adds_places = False

    def model_spans_batch(
        self, texts: list[str], lang: str, covered: list[list[Span]] | None = None
    ) -> list[list[Span]]:
        """Spans of the models only; `covered` (per text) are spans the caller has already found,
        which a recogniser may use to skip work (it still may return spans overlapping them)."""
        raise NotImplementedError

    def has_model(self, lang: str) -> bool:
        """Whether a model reads `lang` (without one the gazetteer's places are all there is)."""
        return True

    def recognize_batch(self, texts: list[str], lang: str, covered: list[list[Span]] | None = None) -> list[list[Span]]:
        if covered is not None:
            return self.model_spans_batch(texts, lang, covered)
        out = []
        add_places = self.adds_places or not self.has_model(lang)
        for text, spans in zip(texts, self.model_spans_batch(texts, lang), strict=True):
            curated = [s for s in self.gazetteer.recognize(text, lang) if s.score >= 1.0]
            out.append(merge_gazetteer(spans, curated, add_places))
        return out
