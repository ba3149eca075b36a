"""The `gazetteer` recogniser: the gazetteer annotator and the resolver behind `base.Recognizer`.

Fast, rule- and gazetteer-based: the entity stage's fallback when the transformer cannot load, and
what the model backends complete their spans with (`combine`). The matching, rules and resolution
are `caspian.entities`'; this module only gives their mentions as spans.
"""

from __future__ import annotations

from caspian.entities.annotator import Found, GazetteerAnnotator
from caspian.entities.resolve import Resolver
from caspian.ner.base import RECOGNIZERS, Recognizer, Span


@RECOGNIZERS.register("gazetteer")
class GazetteerRecognizer(Recognizer):
    name = "gazetteer"

    def __init__(self, **options: object) -> None:
        self.annotator = GazetteerAnnotator()
        self.resolver = Resolver(self.annotator.gazetteer, self.annotator.matcher, self.annotator.roles)

    def annotate(self, text: str, lang: str, year: int | None = None) -> list[Found]:
        return self.annotator.annotate(text, lang, year)

    def recognize(self, text: str, lang: str) -> list[Span]:
        """Every named mention, those resolution adds too (a surname alone), but not a bare title
        (`the minister`): a recogniser's spans are names."""
        found = self.annotate(text, lang)
        known = {(f.start, f.end): f for f in found}
        spans = []
        for ent in self.resolver.resolve(text, lang, found):
            for m in ent["mentions"]:
                if self.resolver.is_anaphor(m["text"], lang):
                    continue
                f = known.get((m["start"], m["end"]))
                score = 1.0 if f is None or f.entity_id else 0.7
                spans.append(Span(m["start"], m["end"], ent["type"], score, self.name))
        return sorted(spans, key=lambda s: (s.start, s.end))

    def recognize_batch(self, texts: list[str], lang: str, covered: list[list[Span]] | None = None) -> list[list[Span]]:
        """Each text's spans; nothing when `covered` says the caller has run the gazetteer already."""
        if covered is not None:
            return [[] for _ in texts]
        return [self.recognize(text, lang) for text in texts]
