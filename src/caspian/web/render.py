"""Template helpers. Everything a template prints is escaped; `marked` is the one filter that
emits markup, and it escapes the text first and then turns only its own markers into <mark>."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

# Private-use characters around search matches: no article text contains them, and escaping
# leaves them alone, so they can be swapped for <mark> after the snippet is escaped.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"

LANGUAGE_NAMES = {
    "ru": "Russian",
    "kk": "Kazakh",
    "tr": "Turkish",
    "en": "English",
    "uk": "Ukrainian",
    "uz": "Uzbek",
    "az": "Azerbaijani",
    "ky": "Kyrgyz",
    "tk": "Turkmen",
    "zh": "Chinese",
    "de": "German",
    "fr": "French",
    "other": "other",
}


def marked(snippet: str | None) -> Markup:
    text = str(escape(snippet or "")).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")
    return Markup(text)


def unmarked(snippet: str | None) -> str:
    return (snippet or "").replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def value(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.6g}" if abs(v) < 1e6 else f"{v:,.0f}"
    return "" if v is None else str(v)


def language(code: str | None) -> str:
    return LANGUAGE_NAMES.get(code or "other", code or "other")


def day(published: str | None) -> str:
    return (published or "")[:10]


def register_filters(env: Environment) -> None:
    env.filters.update(marked=marked, value=value, language=language, day=day)
    env.globals.update(LANGUAGE_NAMES=LANGUAGE_NAMES)
