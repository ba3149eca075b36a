"""Bytes to text: BOMs, UTF-8, and the legacy code pages our sources still use."""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer


class DecodeError(ValueError):
    """The bytes are not text we can read (binary, empty, unknown encoding)."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Single-byte code pages of the region, tried beside charset-normalizer's own pick.
# charset-normalizer alone is not enough here: it reads Turkish cp1254 as cp1252
# (ğ ş ı become ð þ ý) and a short KOI8-R text as shift_jis, so we re-rank its
# candidates by how plausible the decoded text is for ru/kk/tr/en news.
REGIONAL_CODEPAGES = ("cp1251", "koi8_r", "cp1254", "cp1252", "iso8859_5", "mac_cyrillic")

_LETTERS = (
    "abcdefghijklmnopqrstuvwxyz"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    "әғқңөұүһі"  # Kazakh
    "çğıöşüâîû"  # Turkish
    "éèàäß"
)
_PLAUSIBLE = frozenset(
    _LETTERS + _LETTERS.upper() + "İ" + "0123456789" + " \t\n\r.,;:!?-–—()[]{}\"'«»„“”‘’/\\%№$€£₸₺₽+*=&@#…_<>|"
)


def plausibility(text: str) -> float:
    """Share of characters expected in our news, minus penalties; 1.0 is perfect."""
    if not text:
        return 0.0
    good = bad = upper = lower = 0
    prev_script = ""
    for ch in text:
        if ch in _PLAUSIBLE:
            good += 1
        elif unicodedata.category(ch)[0] in "CS" or "\u0080" <= ch <= "\u00bf":
            bad += 1
        if ch.isalpha():
            if ch.isupper():
                upper += 1
            else:
                lower += 1
            script = "cyr" if "\u0400" <= ch <= "\u04ff" else "lat"
            # Latin and Cyrillic inside one word: Turkish ğ ş ı read as cp1251 р ю э.
            if prev_script and script != prev_script:
                bad += 1
            prev_script = script
        else:
            prev_script = ""
    score = (good - 4 * bad) / len(text)
    # A wrong Cyrillic code page swaps the case of most letters (KOI8-R read as cp1251).
    if upper > lower:
        score -= 0.5
    return score


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return b"\x00" in sample or controls > len(sample) * 0.01


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise DecodeError with a reason a user can act on."""
    if not data.strip():
        raise DecodeError("empty file" if not data else "file holds only whitespace")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {name} byte-order mark but is not valid {name}") from exc
    if b"\x00" in data[:65536]:
        # UTF-16/32 without a byte-order mark is full of NUL bytes but is text.
        for enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if plausibility(text[:5000]) > 0.8:
                return text, enc
        raise DecodeError("binary file (not text in any known encoding)")
    if _looks_binary(data):
        raise DecodeError("binary file (not text in any known encoding)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(data[:200_000]).best()
    guessed = guess.encoding if guess is not None else None
    candidates = [guessed] if guessed else []
    candidates += [c for c in REGIONAL_CODEPAGES if c != guessed]
    best: tuple[float, str, str] | None = None
    probe = data[:20_000]
    for enc in candidates:
        try:
            sample = probe.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        score = plausibility(sample)
        if best is None or score > best[0] + 1e-9:
            best = (score, enc, sample)
    if best is None or best[0] < 0.5:
        raise DecodeError("unknown text encoding (no candidate decodes to plausible text)")
    enc = best[1]
    return data.decode(enc, errors="replace"), enc
