"""Words as the NER models and the public corpora see them."""

from __future__ import annotations

import re

# A word: letters/digits joined by inner hyphens, apostrophes or dots (Нур-Султан, Astana'da, U.S,
# 3.5), or any single other non-space character. Corpora split words much the same way.
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


def split_words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]
