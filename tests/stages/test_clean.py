"""Noise lines per language: (article text, lines that must be removed, lines that must stay)."""

import pytest

from caspian.document import Document, Failure
from caspian.nlp.textnorm import normalise, split_glued
from tests.conftest import process_text

BODY = {
    "ru": "Добыча нефти в Казахстане в 2023 году составила 90 млн тонн, сообщили в Министерстве энергетики республики.",
    "kk": "Қазақстанда мұнай өндіру көлемі 2023 жылы 90 миллион тоннаға жетті, деп хабарлады Энергетика министрлігі.",
    "tr": "Kazakistan'da petrol üretimi 2023 yılında 90 milyon tona ulaştı, Enerji Bakanlığı açıklamasında bildirdi.",
    "en": "Kazakhstan produced 90 million tonnes of oil in 2023, the Ministry of Energy said in a statement on Monday.",
}

CASES = [
    (
        "ru",
        ["Просмотров: 845", "Айгерим Сапарова, корреспондент", "Фото: primeminister.kz"],
        ["Читайте также: Цены на бензин выросли", "Подписывайтесь на наш Telegram-канал", "Источник: kapital.kz"],
    ),
    (
        "kk",
        ["2 451", "Тілші: Ерлан Жұмабаев", "Сурет: Энергетика министрлігі"],
        ["Тегтер: мұнай, газ", "Толығырақ: Атырау зауыты жөндеуге тоқтады", "Telegram арнамызға жазылыңыз"],
    ),
    (
        "tr",
        ["Ahmet Yılmaz | Muhabir", "Fotoğraf: AA", "12 Mart 2024 10:15"],
        ["Etiketler: petrol, Kazakistan", "Bizi Telegram'da takip edin", "Kaynak: AA"],
    ),
    (
        "en",
        ["1,204 views", "By John Smith, Energy Correspondent", "Photo: Kazatomprom"],
        ["Tags: oil, Kazakhstan", "Read more: Uranium prices hit a new high", "Subscribe to our newsletter"],
    ),
]


@pytest.mark.parametrize(("lang", "head", "tail"), CASES, ids=[c[0] for c in CASES])
def test_noise_lines_are_removed_and_kept_aside(pipeline, lang, head, tail):
    subheading = {"ru": "Планы на год", "kk": "Жылдық жоспар", "tr": "Yıllık plan", "en": "Plans for the year"}[lang]
    raw = "\n".join([*head, BODY[lang], subheading, BODY[lang].replace("2023", "2022"), *tail])
    doc = process_text(pipeline, raw)
    for line in head + tail:
        assert line in doc.removed, (line, doc.removed)
        assert line not in doc.text
    assert doc.text.split("\n") == [BODY[lang], subheading, BODY[lang].replace("2023", "2022")]


def test_trailing_tags_and_other_story_headline(pipeline):
    raw = "\n".join(
        [
            BODY["ru"],
            BODY["ru"].replace("90", "88"),
            "Казахстан Турция газ нефть",
            "В Атырау открыли новую школу для детей нефтяников",
        ]
    )
    doc = process_text(pipeline, raw)
    assert doc.meta["removed_kinds"] == ["tags", "other_headline"]


def test_title_duplicate_headline_and_bare_byline(pipeline):
    raw = "\n".join(
        ["CPC raises exports", "March 12, 2024", "CPC raises exports", "Dana Omarova", "Dana Omarova", BODY["en"]]
    )
    doc = process_text(pipeline, raw)
    assert doc.title == "CPC raises exports"
    assert doc.removed == ["March 12, 2024", "CPC raises exports", "Dana Omarova", "Dana Omarova"]
    assert doc.meta["removed_kinds"] == ["date_line", "duplicate_headline", "byline", "byline"]
    assert doc.author == "Dana Omarova" and doc.published == "2024-03-12"
    assert doc.text == BODY["en"]


def test_text_that_is_all_noise_is_a_failure(pipeline):
    result = pipeline.run_one(Document(raw="1023\nФото: KMG\n", path="x.txt"))
    assert isinstance(result, Failure) and result.stage == "clean" and "no article text" in result.reason


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("hedeflediklerini bildirdi.Mamin, Kazakistan'ın", ["hedeflediklerini bildirdi. Mamin, Kazakistan'ın"]),
        ("заявил он.По словам министра", ["заявил он. По словам министра"]),
        (
            'vurguladı."Fazla üretim yapmayacağız"Kazakistan Enerji Bakanı',
            ['vurguladı. "Fazla üretim yapmayacağız"', "Kazakistan Enerji Bakanı"],
        ),
        ("сайт DKNews.kz и 1.5 млн", ["сайт DKNews.kz и 1.5 млн"]),
        ("в г.Астана", ["в г.Астана"]),
    ],
)
def test_glued_sentences(line, parts):
    assert split_glued(line) == parts


def test_normalise_spaces_quotes_and_invisible_characters():
    assert normalise("Kazakistan’ın\u00a0 “petrol”\u200b  üretimi\r\nyeni\tsatır ") == (
        'Kazakistan\'ın "petrol" üretimi\nyeni satır'
    )
    assert normalise("«КазМунайГаз»") == "«КазМунайГаз»"


def test_hard_wrapped_lines_are_joined(pipeline):
    raw = (
        "Добыча газа в Казахстане по итогам года может достичь 59 миллиардов\n"
        "кубометров, считают аналитики отрасли и представители министерства."
    )
    doc = process_text(pipeline, raw)
    assert doc.text == raw.replace("\n", " ")


@pytest.mark.parametrize("gap", ["", "\n"], ids=["adjacent", "blank line between"])
def test_read_more_and_the_tag_line_below_it_stay_apart(pipeline, gap):
    raw = (
        BODY["ru"] + "\nЧитайте также: В Атырауской области завершили ремонт водовода\n" + gap + "нефть Казахстан ОПЕК+"
    )
    doc = process_text(pipeline, raw)
    assert doc.removed == ["Читайте также: В Атырауской области завершили ремонт водовода", "нефть Казахстан ОПЕК+"]
    assert doc.text == BODY["ru"]


def test_a_truncated_dateline_on_its_own_line_is_noise(pipeline):
    doc = process_text(pipeline, "NUR\n" + BODY["tr"])
    assert doc.removed == ["NUR"]
    assert doc.meta["removed_kinds"] == ["truncated_dateline"]
    assert doc.text == BODY["tr"]


def test_an_updated_at_line_and_a_bare_place_line_above_the_article_are_noise(pipeline):
    raw = "\n".join(["21.06.2024 16:45", "Güncelleme: 21.06.2024 17:20", "Astana", "", BODY["tr"]])
    doc = process_text(pipeline, raw)
    assert doc.meta["removed_kinds"] == ["date_line", "date_line", "place_line"]
    assert doc.text == BODY["tr"] and doc.published == "2024-06-21T16:45:00"


# (lang, raw article, lines that must be removed, text the body must start with)
PAGE_NOISE = [
    ("ru", "Заголовок статьи о нефти\nВерсия для печати\n" + BODY["ru"], ["Версия для печати"], BODY["ru"][:20]),
    (
        "en",
        "Oil news headline\nPrint | E-mail | Font size: A A A\n" + BODY["en"],
        ["Print | E-mail | Font size: A A A"],
        None,
    ),
    ("en", "Oil news headline\nНефтегазохимия / Новости\n" + BODY["en"], ["Нефтегазохимия / Новости"], None),
    (
        "tr",
        "Petrol haberi başlığı\nBültene kaydolASTANA – " + BODY["tr"],
        ["Bültene kaydol", "ASTANA –"],
        BODY["tr"][:20],
    ),
    (
        "tr",
        "Kazakistan ile Rusya doğal gazda yol haritası imzaladı\nkuzeyrüzgarı\nKıdemli Üye\n" + BODY["tr"],
        ["kuzeyrüzgarı", "Kıdemli Üye"],
        BODY["tr"][:20],
    ),
    ("en", "Oil news headline\nALMATY, Mar 8 (NNN-KTA) – " + BODY["en"] + " – NNN-KTA", ["– NNN-KTA"], None),
    ("kk", "Мұнай жаңалығы\nАСТАНА. KAZINFORM – " + BODY["kk"], ["АСТАНА. KAZINFORM –"], BODY["kk"][:20]),
    ("ru", "Заголовок статьи о нефти\nКомментарии (0)\n" + BODY["ru"], ["Комментарии (0)"], BODY["ru"][:20]),
    ("ru", "Заголовок статьи о нефти\nАвтор фото: Иван Петров\n" + BODY["ru"], ["Автор фото: Иван Петров"], None),
    (
        "en",
        "Oil news headline\nFacebook Twitter WhatsApp Telegram\n" + BODY["en"],
        ["Facebook Twitter WhatsApp Telegram"],
        None,
    ),
    ("tr", "Petrol haberi başlığı\nYorumlar (3)\n" + BODY["tr"], ["Yorumlar (3)"], BODY["tr"][:20]),
    ("kk", "Мұнай жаңалығы\nПікірлер (0)\n" + BODY["kk"], ["Пікірлер (0)"], BODY["kk"][:20]),
    (
        "en",
        "Oil news headline\n" + BODY["en"] + "\nAll rights reserved. Copying is prohibited.",
        ["All rights reserved. Copying is prohibited."],
        None,
    ),
    # a Kazakh read counter and related-story line; a rubric trail with a one-letter word
    ("kk", "Мұнай жаңалығы\nОқылды: 1 204\n" + BODY["kk"], ["Оқылды: 1 204"], BODY["kk"][:20]),
    (
        "kk",
        "Мұнай жаңалығы\n" + BODY["kk"] + "\nОқи отырыңыз: Жаңа зауыт салынады",
        ["Оқи отырыңыз: Жаңа зауыт салынады"],
        None,
    ),
    (
        "ru",
        "Заголовок статьи о нефти\nЭнергетика и ЖКХ / Казахстан\n" + BODY["ru"],
        ["Энергетика и ЖКХ / Казахстан"],
        None,
    ),
]


@pytest.mark.parametrize(
    ("lang", "raw", "removed", "start"), PAGE_NOISE, ids=[f"{c[0]}-{i}" for i, c in enumerate(PAGE_NOISE)]
)
def test_page_noise(pipeline, lang, raw, removed, start):
    doc = process_text(pipeline, raw)
    for line in removed:
        assert line in doc.removed
        assert not any(t == line or t.startswith(line + " ") for t in doc.text.split("\n"))
    if start:
        assert doc.text.startswith(start)
    assert "kuzeyrüzgarı" not in (doc.title or "")
