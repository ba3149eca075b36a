import pytest

from tests.conftest import process_text

CASES = [
    (
        "ru",
        "Добыча выросла на 5%. В 2024 г. ожидается рост. Об этом сообщил т.е. министр А. С. Иванов.",
        ["Добыча выросла на 5%.", "В 2024 г. ожидается рост.", "Об этом сообщил т.е. министр А. С. Иванов."],
    ),
    (
        "kk",
        "Мұнай өндіру артты. Министр Алмасадам Сәтқалиев бұл туралы айтты! Жоспар орындалды ма?",
        ["Мұнай өндіру артты.", "Министр Алмасадам Сәтқалиев бұл туралы айтты!", "Жоспар орындалды ма?"],
    ),
    (
        "tr",
        'Mamin, "12. Kazenergy Avrasya Forumu"nun açılışında konuştu. Dr. Barkindo da katıldı. Üretim arttı.',
        ['Mamin, "12. Kazenergy Avrasya Forumu"nun açılışında konuştu.', "Dr. Barkindo da katıldı.", "Üretim arttı."],
    ),
    (
        "en",
        "Output rose 5% in Jan. and Feb. combined. Mr. Smith of the U.S. firm agreed. Exports grew to 1.5 mb/d.",
        [
            "Output rose 5% in Jan. and Feb. combined.",
            "Mr. Smith of the U.S. firm agreed.",
            "Exports grew to 1.5 mb/d.",
        ],
    ),
]


@pytest.mark.parametrize(("lang", "text", "sentences"), CASES, ids=[c[0] for c in CASES])
def test_sentences(pipeline, lang, text, sentences):
    doc = process_text(pipeline, text, given={"lang": lang})
    assert [doc.text[s:e] for s, e in doc.sentences] == sentences


def test_paragraphs_always_end_sentences(pipeline):
    doc = process_text(
        pipeline, "Kazakhstan exports oil to Europe via these routes:\n- the CPC pipeline;\n- Aktau port"
    )
    assert [doc.text[s:e] for s, e in doc.sentences] == [
        "Kazakhstan exports oil to Europe via these routes:",
        "- the CPC pipeline;",
        "- Aktau port",
    ]
