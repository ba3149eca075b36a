"""Training the `fast` backend's models: spaCy's own NER, one language at a time, from scratch.

The network is spaCy's default NER made smaller; the models are written where `caspian.ner.fast`
loads them (`model_dir`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from caspian.ner.fast import SPACY_LANG
from caspian.ner.training.corpora import Sample

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


def blank(lang: str) -> Any:
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
    nlp = blank(lang)
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
