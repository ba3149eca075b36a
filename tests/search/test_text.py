from __future__ import annotations

import pytest

from caspian.search.text import analyse_word, kazakh_stem, query_forms


def matches(doc_word: str, lang: str | None, query_word: str) -> bool:
    return bool(set(analyse_word(doc_word, lang)) & set(query_forms(query_word)))


# (word in an article, the article's language, word typed in a query)
NORMALISATION = [
    ("Kazakistan'ın", "tr", "Kazakistan"),
    ("Kazakistan’ın", "tr", "Kazakistan"),
    ("Türkiye'nin", "tr", "Türkiye"),
    ("KAZAKİSTAN", "tr", "kazakistan"),
    ("IĞDIR", "tr", "ığdır"),
    ("Iğdır", "tr", "IGDIR"),
    ("ılık", "tr", "ILIK"),
    ("İstanbul", "tr", "istanbul"),
    ("Istanbul", "en", "İstanbul"),
    ("Ещё", "ru", "еще"),
    ("объем", "ru", "Объём"),
    ("добы́ча", "ru", "добыча"),
    ("Қазақстан", "kk", "Казакстан"),
    ("өндіріс", "kk", "ондирис"),
    ("бiр", "kk", "бір"),  # a Latin i typed inside a Cyrillic word
    ("Oʻzbekiston", "uz", "Ozbekiston"),
    ("doğal", "tr", "dogal"),
]


@pytest.mark.parametrize(("doc_word", "lang", "query_word"), NORMALISATION)
def test_normalisation_matches(doc_word: str, lang: str, query_word: str) -> None:
    assert matches(doc_word, lang, query_word)


STEMMING = [
    ("добычи", "ru", "добыча"),
    ("Казахстане", "ru", "Казахстан"),
    ("üretimi", "tr", "üretim"),
    ("productions", "en", "production"),
    ("Қашағандағы", "kk", "Қашаған"),
    ("ҚазМұнайГаздың", "kk", "ҚазМұнайГаз"),
]


@pytest.mark.parametrize(("doc_word", "lang", "query_word"), STEMMING)
def test_stemming_matches(doc_word: str, lang: str, query_word: str) -> None:
    assert matches(doc_word, lang, query_word)


@pytest.mark.parametrize(
    ("doc_word", "lang", "query_word"),
    [("газ", "ru", "Газпром"), ("Tengiz", "en", "Teniz"), ("йод", "ru", "иод")],
)
def test_different_words_do_not_match(doc_word: str, lang: str, query_word: str) -> None:
    assert not matches(doc_word, lang, query_word)


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("Қашағанда", "Қашаған"),
        ("Қашағанның", "Қашаған"),
        ("Қазақстандағы", "Қазақстан"),
        ("Атыраудан", "Атырау"),
        ("мұнайы", "мұнай"),
        ("кен", "кен"),
    ],
)
def test_kazakh_suffix_rules(word: str, stem: str) -> None:
    assert kazakh_stem(word.lower()) == stem.lower()
