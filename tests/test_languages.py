"""The languages table and `lang_at`, the one "which language is this offset in", with the
fallbacks each stage asks of it."""

import pytest

from caspian.document import Document
from caspian.languages import FALLBACK, LANGUAGES, SUPPORTED, by_script, lang_at
from caspian.lexicons import load_per_language

TEXT = "Нефть дорожает.\nPetrol fiyatları yükseldi.\nБағасы өсті."
# paragraphs: 0-15 ru, 16-42 tr, 43-55 kk (the language stage gives [start, end] of each text)
PARAGRAPHS = [{"start": 0, "end": 15, "lang": "ru"}, {"start": 16, "end": 42, "lang": "tr"}]


def _doc(lang, paragraphs, text=TEXT):
    return Document(raw=text, text=text, lang=lang, paragraph_langs=paragraphs)


def test_the_table_declares_the_four_languages_once():
    assert SUPPORTED == ("ru", "kk", "tr", "en") == tuple(LANGUAGES)
    assert FALLBACK in SUPPORTED
    assert {info.script for info in LANGUAGES.values()} == {"cyrillic", "latin"}
    for code, info in LANGUAGES.items():
        assert info.code == code
        for folder in ("facts", "events", "noise", "dates"):
            assert info.lexicon in load_per_language(folder), (code, folder)


def test_the_paragraph_around_an_offset_gives_its_language():
    doc = _doc("ru", [*PARAGRAPHS, {"start": 43, "end": 55, "lang": "kk"}])
    at = {offset: lang_at(doc, offset) for offset in (0, 15, 16, 30, 42, 43, 55)}
    assert at == {0: "ru", 15: "ru", 16: "tr", 30: "tr", 42: "tr", 43: "kk", 55: "kk"}


def test_without_a_paragraph_the_document_language_then_the_default():
    doc = _doc("kk", PARAGRAPHS)
    assert lang_at(doc, 50) == "kk"
    assert lang_at(doc) == "kk"  # no offset: the document's language
    assert lang_at(_doc(None, PARAGRAPHS), 50) == FALLBACK
    assert lang_at(_doc("uk", []), 3) == "en"
    assert lang_at(_doc("uk", []), 3, default="ru") == "ru"


@pytest.mark.parametrize(
    ("unknown_paragraph", "expected"),
    [("document", "kk"), ("default", "en")],  # events, facts
)
def test_a_paragraph_in_an_unknown_language_falls_to_the_document_or_to_the_default(unknown_paragraph, expected):
    doc = _doc("kk", [{"start": 0, "end": 15, "lang": "uk"}])
    assert lang_at(doc, 3, unknown_paragraph=unknown_paragraph) == expected


def test_known_none_takes_any_language_as_it_is():
    # the segment stage: only the script matters to it, and "other" when nothing is known
    doc = _doc("other", [{"start": 0, "end": 15, "lang": "uk"}])
    assert lang_at(doc, 3, known=None, default="other") == "uk"
    assert lang_at(doc, 40, known=None, default="other") == "other"
    assert lang_at(_doc(None, []), 40, known=None, default="other") == "other"
    assert lang_at(_doc("de", []), 40, known=None, default="other") == "de"


def test_default_none_guesses_from_the_script():
    # the entity stage: the document's language, else ru for Cyrillic text, else en
    assert lang_at(_doc(None, []), default=None) == "ru"
    assert lang_at(_doc("other", [], "Oil prices rose."), default=None) == "en"
    assert lang_at(_doc("tr", [], "Oil prices rose."), default=None) == "tr"
    assert by_script("x" * 2500 + "Нефть") == "en"  # only the start of a text is looked at


@pytest.mark.parametrize("lang", [None, "ru", "kk", "tr", "en", "uk", "other"])
def test_the_stage_fallbacks_are_those_of_the_copies_lang_at_replaced(lang):
    """The four copies lang_at replaced, as they were, against lang_at with each stage's parameters,
    at every offset a stage passes (sentence and paragraph starts)."""
    paragraphs = [{"start": 0, "end": 15, "lang": "uk"}, {"start": 16, "end": 42, "lang": "tr"}]
    doc = _doc(lang, paragraphs)

    def old_segment(offset):
        for span in doc.paragraph_langs:
            if span["start"] <= offset <= span["end"]:
                return span["lang"]
        return doc.lang or "other"

    def old_facts(offset):
        found = next((s["lang"] for s in doc.paragraph_langs if s["start"] <= offset <= s["end"]), doc.lang or "en")
        return found if found in SUPPORTED else "en"

    def old_events(offset):
        for part in doc.paragraph_langs:
            if part["start"] <= offset < part["end"] and part.get("lang") in SUPPORTED:
                return str(part["lang"])
        return doc.lang if doc.lang in SUPPORTED else "en"

    def old_entities():
        if doc.lang in SUPPORTED:
            return doc.lang
        return by_script(doc.text)

    for offset in (0, 6, 16, 23, 43, 49):
        assert lang_at(doc, offset, known=None, default="other") == old_segment(offset)
        assert lang_at(doc, offset, unknown_paragraph="default") == old_facts(offset)
        assert lang_at(doc, offset) == old_events(offset)
    assert lang_at(doc, default=None) == old_entities()
