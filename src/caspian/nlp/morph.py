"""Russian morphology: pymorphy's dictionaries as natasha ships them (its `MorphVocab`), loaded once
per process for every reader of Russian word forms (the resolver's nominatives, the fact stage's
tenses). natasha is the optional `[natasha]` extra: without it `morph_vocab()` is None and each
reader falls back to its own endings."""

from __future__ import annotations

import threading
from typing import Any

_VOCAB: Any = None
_LOCK = threading.Lock()


def morph_vocab() -> Any | None:
    """natasha's MorphVocab (parse a word: `morph_vocab().parse(word)`), or None without natasha."""
    global _VOCAB
    with _LOCK:
        if _VOCAB is None:
            try:
                from natasha import MorphVocab  # heavy and optional: loaded on first use
            except ImportError:
                _VOCAB = False
            else:
                _VOCAB = MorphVocab()
        return _VOCAB or None
