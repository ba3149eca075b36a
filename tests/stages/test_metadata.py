"""Metadata per language: date lines, bylines, sources and datelines."""

import pytest

from caspian.document import Document
from caspian.nlp.dates import find_dates
from caspian.stages.metadata import parse_given_date
from tests.conftest import process_text

BODY = {
    "ru": "Добыча нефти в Казахстане в 2023 году составила 90 млн тонн, сообщили в Министерстве энергетики республики.",
    "kk": "Қазақстанда мұнай өндіру көлемі 2023 жылы 90 миллион тоннаға жетті, деп хабарлады Энергетика министрлігі.",
    "tr": "Kazakistan'da petrol üretimi 2023 yılında 90 milyon tona ulaştı, Enerji Bakanlığı açıklamasında bildirdi.",
    "en": "Kazakhstan produced 90 million tonnes of oil in 2023, the Ministry of Energy said in a statement on Monday.",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kazakhstan Materials 21 June 2024 20:28 (UTC +04:00)", "2024-06-21T20:28:00+04:00"),
        ("12 марта 2024, 10:15", "2024-03-12T10:15:00"),
        ("Опубликовано 5 мая 2023 г. в 09:00", "2023-05-05T09:00:00"),
        ("12.03.2024 10:15", "2024-03-12T10:15:00"),
        ("2024 жылғы 12 наурыз, 09:40", "2024-03-12T09:40:00"),
        ("12 Mart 2024 10:15", "2024-03-12T10:15:00"),
        ("5 Kasım 2023", "2023-11-05"),
        ("March 12, 2024", "2024-03-12"),
        ("2024-03-12T10:15:00+05:00", "2024-03-12T10:15:00+05:00"),
        ("12-03-2024", "2024-03-12"),
        ("2024.03.12 10:15", "2024-03-12T10:15:00"),
        ("2024/03/12", "2024-03-12"),
    ],
)
def test_date_lines(text, expected):
    [found] = find_dates(text)
    assert found.iso() == expected


@pytest.mark.parametrize(
    "text", ["1023", "В 2025 г. на КПП Дулата", "31.02.2024", "12 марта 1850", "Tel: 8 701 123 4567", "12-03.2024"]
)
def test_not_dates(text):
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Tue, 12 Mar 2024 10:15:00 +0500", "2024-03-12T10:15:00+05:00"),
        ("2024-05-01", "2024-05-01"),
        ("nonsense", None),
    ],
)
def test_container_dates(given, expected):
    assert parse_given_date(given) == expected


SOURCE_CASES = [
    ("ru", BODY["ru"].replace(".", ", передает Kazinform."), "Kazinform"),
    (
        "ru",
        BODY["ru"] + "\nИсточник: dknews.kz",
        "DKNews.kz",
    ),  # a known outlet: its own spelling when only the case differs
    ("ru", BODY["ru"].replace(".", ", сообщает «Курсив»."), "Курсив"),
    ("kk", BODY["kk"].replace("деп хабарлады Энергетика министрлігі.", "деп хабарлайды ҚазАқпарат."), "ҚазАқпарат"),
    ("kk", "ҚазАқпарат тілшісі хабарлайды. " + BODY["kk"], "ҚазАқпарат"),
    ("tr", "ANKARA (AA) - " + BODY["tr"], "AA"),
    ("tr", BODY["tr"] + "\nKaynak: TRT Haber", "TRT Haber"),
    ("en", "ASTANA, Kazakhstan, June 21. " + BODY["en"].replace(".", ", Trend reports."), "Trend"),
    ("en", BODY["en"] + "\nSource: astanatimes.com", "astanatimes.com"),
    ("en", "The ministry reports growth. " + BODY["en"], None),
]


@pytest.mark.parametrize(("lang", "text", "source"), SOURCE_CASES)
def test_sources(pipeline, lang, text, source):
    assert process_text(pipeline, text).source == source


def test_source_from_container_and_url(pipeline):
    assert process_text(pipeline, BODY["en"], given={"source": "Energy Daily"}).source == "Energy Daily"
    doc = pipeline.run_one(Document(raw=BODY["en"], url="https://www.tengrinews.kz/news/1"))
    assert doc.source == "Tengrinews"


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("АСТАНА, 12 марта – " + BODY["ru"], "Astana"),
        ("Астана, 12 марта – " + BODY["ru"], "Astana"),
        ("АСТАНА. ҚазАқпарат - " + BODY["kk"], "Astana"),
        ("NUR-SULTAN (AA) - " + BODY["tr"], "Astana"),
        ("İSTANBUL (AA) - " + BODY["tr"], "Istanbul"),
        ("ALMATY, Kazakhstan, May 3. " + BODY["en"], "Almaty"),
        ("AKTAU - " + BODY["en"], "Aktau"),
        (BODY["en"], None),
        ("OPEC countries agreed on Sunday to keep output steady. " + BODY["en"], None),
    ],
)
def test_datelines(pipeline, text, dateline):
    assert process_text(pipeline, text).dateline == dateline


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Арман Коржумбаев Шеф-редактор", "Арман Коржумбаев"),
        ("Автор: Дана Ахметова", "Дана Ахметова"),
        ("Тілші: Ерлан Жұмабаев", "Ерлан Жұмабаев"),
        ("Ahmet Yılmaz | Muhabir", "Ahmet Yılmaz"),
        ("By John Smith, Energy Correspondent", "John Smith"),
        ("Madina Usmanova", "Madina Usmanova"),
        ("Д. Абдрахманова, корреспондент", "Д. Абдрахманова"),
        ("Автор: А. К. Иванова", "А. К. Иванова"),
    ],
)
def test_bylines(pipeline, byline, author):
    doc = process_text(pipeline, "Oil output grows\n" + byline + "\n" + BODY["en"])
    assert doc.author == author
    assert byline in doc.removed
