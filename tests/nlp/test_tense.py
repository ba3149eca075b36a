"""The tense of the verbs that govern a figure (caspian.nlp.tense)."""

import pytest

from caspian.nlp.tense import verb_signals

CASES = [
    ("ru", "за 11 месяцев года там получили 7,3 млн тонн нефти", [("получили", "past")]),
    ("ru", "В отрасли получено 15 млрд кубометров газа", [("получено", "past")]),
    ("ru", "страна добудет 85 млн тонн нефти", [("добудет", "future")]),
    ("ru", "министр заявил о росте", []),  # a reporting verb governs no figure
    ("en", "In 2023 the route carried 1.28 billion cubic meters", [("carried", "past")]),
    ("en", "Gazprom will deliver 9 million cubic metres, he said", [("will", "future")]),
    ("tr", "923 bin ton petrol sevk edildiğini söyledi", [("edildiğini", "past")]),
    ("tr", "hedef ise 1,6 milyon ton olacak", [("olacak", "future")]),
    ("tr", "Ülkenin kendi ihtiyaçları için", []),
    ("kk", "жоспар толық, яғни 100% орындалған", [("орындалған", "past")]),
    ("kk", "16,6 млн тонна мұнай экспортқа жөнелтілді", [("жөнелтілді", "past")]),
    ("kk", "өндіріс 100 млн тоннаға жетпек", [("жетпек", "future")]),
    ("kk", "қазақстандық мұнай жылды", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[f"{c[0]}:{c[1][:25]}" for c in CASES])
def test_verb_signals(lang, text, expected):
    assert [(text[s:e], t) for s, e, t in verb_signals(text, lang)] == expected
