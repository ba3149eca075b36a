"""The `fast` recogniser for bulk backfills: small spaCy CNN models per language plus the gazetteer.

For Russian it uses natasha when installed: faster than our spaCy model (22,000 against 18,000
words/s on one thread) and far more accurate (FactRuEval exact-span PER 0.927 against 0.631).

Each model is spaCy's own NER (a hash-embedding CNN, no word vectors) trained from scratch by
`caspian train fast-ner` on the same openly licensed corpora as the e5 model, one language at a
time, for a few minutes of CPU. They are far less accurate than the e5 model (docs/ner.md) and
roughly ten times faster. Models live in `ner/weights/spacy-LANG/`; a language without one gets
the gazetteer alone. Install with `pip install -e '.[fast]'` (spaCy).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from caspian.ner.combine import GazetteerCompleted, tidy
from caspian.ner.corpora import Sample
from caspian.ner.natasha_backend import natasha_or_none
from caspian.nlp.ner import RECOGNIZERS, Span, get_recognizer

WEIGHTS = Path(__file__).parent / "weights"
# spaCy has no Kazakh language class; its language-neutral tokenizer serves.
SPACY_LANG = {"kk": "xx", "ru": "ru", "tr": "tr", "en": "en"}
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOCATION", "FAC": "FACILITY", "EVENT": "EVENT"}
# spaCy's default NER network made smaller (CNN width 96 -> 64, depth 4 -> 2): about twice as
# fast, for the 50 articles/s a backfill needs.
MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 64,
        "depth": 2,
        "embed_size": 2000,
        "window_size": 1,
        "maxout_pieces": 2,
        "subword_features": True,
    },
}
_MODELS: dict[str, Any] = {}
_LOCK = threading.Lock()


def model_dir(lang: str, root: Path | None = None) -> Path:
    return (root or WEIGHTS) / f"spacy-{lang}"


def _blank(lang: str) -> Any:
    import spacy

    return spacy.blank(SPACY_LANG.get(lang, "xx"))


def examples(nlp: Any, samples: list[Sample]) -> list[Any]:
    """spaCy Examples from our samples; a gold span that does not fall on spaCy tokens is left out."""
    from spacy.training import Example

    out = []
    for sample in samples:
        doc = nlp.make_doc(sample.text)
        entities, last = [], -1
        for span in sorted(sample.spans, key=lambda s: s.start):
            chunk = doc.char_span(span.start, span.end, alignment_mode="contract")
            if chunk is not None and len(chunk) and chunk.start >= last:
                entities.append((chunk.start_char, chunk.end_char, span.label))
                last = chunk.end
        out.append(Example.from_dict(doc, {"entities": entities}))
    return out


def train_fast(
    lang: str,
    samples: list[Sample],
    minutes: float,
    out: Path,
    seed: int = 13,
    batch_size: int = 64,
    log_line: Callable[[str], None] = print,
    max_steps: int | None = None,
) -> dict[str, Any]:
    """Train one language's CNN NER from scratch for `minutes`; writes the spaCy model to `out`."""
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = _blank(lang)
    ner = nlp.add_pipe("ner", config={"model": MODEL})
    train = [e for e in examples(nlp, samples) if e.reference.ents or rng.random() < 0.3]
    for label in sorted({s.label for sample in samples for s in sample.spans}):
        ner.add_label(label)
    optimizer = nlp.initialize(lambda: train)
    start = last_log = time.monotonic()
    steps = seen = epoch = 0
    losses: dict[str, float] = {}
    while time.monotonic() - start < minutes * 60 and (max_steps is None or steps < max_steps):
        epoch += 1
        rng.shuffle(train)
        for batch in minibatch(train, size=batch_size):
            losses = {}
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
            steps += 1
            seen += len(batch)
            now = time.monotonic()
            if now - last_log >= 30:
                log_line(f"{lang}: epoch {epoch} step {steps} sentences {seen} loss {losses.get('ner', 0):.2f}")
                last_log = now
            if now - start >= minutes * 60 or (max_steps is not None and steps >= max_steps):
                break
    out.mkdir(parents=True, exist_ok=True)
    nlp.meta.update({"name": f"caspian_fast_{lang}", "version": "0.1.0", "lang_code": lang})
    nlp.meta["caspian"] = {"steps": steps, "sentences_seen": seen, "epochs": epoch, "minutes": round(minutes, 1)}
    nlp.to_disk(out)
    seconds = time.monotonic() - start
    log_line(f"{lang}: {steps} steps, {seen} sentences in {seconds / 60:.1f} min; model in {out}")
    return {"lang": lang, "steps": steps, "sentences": seen, "seconds": round(seconds, 1)}


def load_model(lang: str, root: Path | None = None) -> Any | None:
    key = str(model_dir(lang, root))
    with _LOCK:
        if key not in _MODELS:
            path = model_dir(lang, root)
            if not (path / "meta.json").is_file():
                _MODELS[key] = None
            else:
                import spacy

                _MODELS[key] = spacy.load(path)
        return _MODELS[key]


@RECOGNIZERS.register("fast")
class FastRecognizer(GazetteerCompleted):
    name = "fast"
    # The small CNNs miss places the gazetteer knows: with its places, exact-span F1 on KazNERD /
    # Güngör / Turkish Wiki / CoNLL / UNER is .779 / .612 / .658 / .539 / .630, without them
    # .782 / .605 / .657 / .523 / .632 (docs/ner.md).
    adds_places = True

    def __init__(self, models: str | Path | None = None, batch_size: int = 64, russian: str = "natasha") -> None:
        try:
            import spacy  # noqa: F401
        except ImportError as exc:
            raise ImportError(f"the fast backend needs spaCy: pip install -e '.[fast]' ({exc})") from exc
        self.root = Path(models) if models else None
        self.batch_size = batch_size
        self.gazetteer = get_recognizer("gazetteer")
        self.russian = natasha_or_none(russian, "fast", "the spaCy model")

    def has_model(self, lang: str) -> bool:
        return (lang == "ru" and self.russian is not None) or load_model(lang, self.root) is not None

    def model_spans_batch(
        self, texts: list[str], lang: str = "", covered: list[list[Span]] | None = None
    ) -> list[list[Span]]:
        if lang == "ru" and self.russian is not None:
            return [tidy(t, spans) for t, spans in zip(texts, self.russian.recognize_batch(texts, lang), strict=True)]
        nlp = load_model(lang, self.root)
        models: list[list[Span]] = [[] for _ in texts]
        if nlp is not None:
            for i, doc in enumerate(nlp.pipe(texts, batch_size=self.batch_size)):
                models[i] = tidy(
                    texts[i],
                    [Span(e.start_char, e.end_char, LABELS.get(e.label_, e.label_), 0.8, self.name) for e in doc.ents],
                )
        return models
