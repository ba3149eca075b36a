"""Character-level normalisation shared by the cleaner and the search indexer."""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f"), " "
)
# Curly and low quotes become straight ones; « » stay (Russian and Kazakh use them on purpose).
_QUOTES = {ord(c): '"' for c in "“”„‟″"} | {ord(c): "'" for c in "‘’‚‛′`´"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MULTISPACE = re.compile(r" {2,}")

# Letters that start and end words in our four languages.
LOWER = "a-zа-яёәғқңөұүһіçğıöşüâîûéè"
UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІÇĞİÖŞÜÂÎÛÉ"


def normalise(text: str) -> str:
    """NFC, one kind of space, straight quotes, no invisible characters, `\\n` line ends."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.translate(_ZERO_WIDTH).translate(_SPACES).translate(_QUOTES)
    text = _CONTROL.sub("", text)
    return "\n".join(_MULTISPACE.sub(" ", line).strip() for line in text.split("\n"))


# `bildirdi.Mamin`, `заявил он.По словам`: a full stop glued to the next sentence.
_GLUED = re.compile(rf"(?<=[{LOWER}]{{2}}[.!?])(?=[\"«]?[{UPPER}][{LOWER}])")
# `yapmayacağız"Kazakistan`: a quoted subheading glued to the next paragraph.
_GLUED_QUOTE = re.compile(rf"(?<=[{LOWER}]\")(?=[{UPPER}][{LOWER}])")


def split_glued(line: str) -> list[str]:
    """Put back the space (or line break) a scraper lost between sentences."""
    line = _GLUED.sub(" ", line)
    return _GLUED_QUOTE.sub("\n", line).split("\n")


def last_glued(line: str) -> int | None:
    """Where the last sentence glued to the one before it (`...тапсырған.Ертең Астанада...`) starts."""
    starts = [m.start() for m in _GLUED.finditer(line)]
    return starts[-1] if starts else None
