"""Datelines, attributions and partial dates per language: text in, record fields out.

A source is given as the text writes it (`ТАСС`, `TASS`, `ҚазТАГ`), except the outlets of
`source_canonical` (noise/common.yaml); a dateline's day and month without a year go to
meta["published_partial"], and `published` gets a year only when the text makes it certain.
"""

import pytest

from caspian.nlp.dates import partial_date, year_of_dateline
from tests.conftest import process_text

BODY = {
    "ru": "Добыча нефти в Казахстане составила 90 млн тонн, сообщили в Министерстве энергетики республики.",
    "kk": "Қазақстанда мұнай өндіру көлемі 90 миллион тоннаға жетті, деп хабарлады Энергетика министрлігі.",
    "tr": "Kazakistan'da petrol üretimi 90 milyon tona ulaştı, Enerji Bakanlığı açıklamasında bildirdi.",
    "en": "Kazakhstan produced 90 million tonnes of oil, the Ministry of Energy said in a statement on Monday.",
}
TITLE = {
    "ru": "Добыча нефти выросла",
    "kk": "Мұнай өндіру өсті",
    "tr": "Petrol üretimi arttı",
    "en": "Oil output grows",
}

# (lang, first line of the story, removed dateline, source, author, published, published_partial, dateline)
DATELINES = [
    ("ru", "АСТАНА, 5 сентября. /ТАСС/.", "АСТАНА, 5 сентября. /ТАСС/.", "ТАСС", None, None, "--09-05", "Astana"),
    ("ru", "Москва, 1 августа — «Вести.Экономика».", None, "Вести.Экономика", None, None, "--08-01", "Moscow"),
    ("en", "ASTANA, July 16. /TASS/.", None, "TASS", None, None, "--07-16", "Astana"),
    ("en", "ALMATY, Mar 8 (NNN-KTA) –", None, "NNN-KTA", None, None, "--03-08", "Almaty"),
    ("en", "ASTANA, Kazakhstan, December 9.", None, None, None, None, "--12-09", "Astana"),
    ("en", "ASTANA –", None, None, None, None, None, "Astana"),
    ("kk", "Алматы, 5 қыркүйек. ҚазТАГ – Толқын Тәшімов.", None, "ҚазТАГ", "Толқын Тәшімов", None, "--09-05", "Almaty"),
    ("kk", "АСТАНА. KAZINFORM –", None, "Kazinform", None, None, None, "Astana"),
    ("tr", "ANKARA (AA) -", None, "Anadolu Agency", None, None, None, "Ankara"),
    ("tr", "ASTANA –", None, None, None, None, None, "Astana"),
    # a dateline with its year is a full date; a correspondent in the agency slot is the author
    ("ru", "АСТАНА, 12 марта 2024 года –", None, None, None, "2024-03-12", None, "Astana"),
    ("en", "ASTANA, March 12, 2024 (Reuters) -", None, "Reuters", None, "2024-03-12", None, "Astana"),
    ("ru", "АСТАНА. 12 марта. КАЗИНФОРМ –", None, "Kazinform", None, None, "--03-12", "Astana"),
    ("ru", "АСТАНА, 5 сентября. /Корр. ТАСС Иван Петров/.", None, "ТАСС", "Иван Петров", None, "--09-05", "Astana"),
    ("tr", "İSTANBUL, 3 Mart (AA) -", None, "Anadolu Agency", None, None, "--03-03", "Istanbul"),
]


@pytest.mark.parametrize(
    ("lang", "opening", "removed", "source", "author", "published", "partial", "dateline"),
    DATELINES,
    ids=[f"{c[0]}-{c[1][:16]}" for c in DATELINES],
)
def test_dateline_fields(pipeline, lang, opening, removed, source, author, published, partial, dateline):
    doc = process_text(pipeline, f"{TITLE[lang]}\n{opening} {BODY[lang]}")
    assert (removed or opening) in doc.removed
    assert not doc.text.startswith(opening[:5])
    assert doc.text.startswith(BODY[lang][:10])
    assert (doc.source, doc.author, doc.published, doc.dateline) == (source, author, published, dateline)
    assert doc.meta.get("published_partial") == partial


# (lang, opening, later text that dates it, published)
YEARS = [
    (
        "ru",
        "Москва, 1 августа — «Вести.Экономика».",
        "В январе — июне 2019 года добыто 10,8 тыс. тонн урана.",
        "2019-08-01",
    ),
    ("en", "ASTANA, July 16. /TASS/.", "In the first six months of 2024, the country produced 30 bcm.", "2024-07-16"),
    ("tr", "ASTANA (AA) - 16 Temmuz", "Kazakistan 2024'ün ilk yarısında 30 milyar metreküp üretti.", None),
    (
        "kk",
        "Алматы, 5 қыркүйек. ҚазТАГ – Толқын Тәшімов.",
        "2018 жылдың сәйкес кезеңімен салыстырғанда өсім бар.",
        None,
    ),
    # a finished period of an earlier year than the latest one named: not certain
    ("en", "ASTANA, July 16. /TASS/.", "In the first six months of 2023 output grew; the 2025 plan is higher.", None),
    # results a year after their period: not certain either
    ("en", "ASTANA, December 9.", "In the first quarter of 2024, exports grew.", None),
]


@pytest.mark.parametrize(("lang", "opening", "later", "published"), YEARS)
def test_year_only_when_certain(pipeline, lang, opening, later, published):
    doc = process_text(pipeline, f"{TITLE[lang]}\n{opening} {BODY[lang]}\n{later}")
    assert doc.published == published


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 сентября", "--09-05"),
        ("5 қыркүйек", "--09-05"),
        ("July 16", "--07-16"),
        ("Mar 8", "--03-08"),
        ("16 Temmuz", "--07-16"),
        ("31 February", None),
        ("5 пакетов", None),
    ],
)
def test_partial_dates(text, expected):
    assert partial_date(text) == expected


def test_year_of_dateline_needs_a_finished_period():
    assert year_of_dateline("В январе — июне 2019 года добыто 10,8 тыс. тонн.", "--08-01") == "2019-08-01"
    assert year_of_dateline("Добыча выросла в 2019 году.", "--08-01") is None
    assert year_of_dateline("Ни одного года.", "--08-01") is None


# (lang, text, source, author, published): attributions and source lines
ATTRIBUTIONS = [
    ("ru", BODY["ru"].replace(".", ", передаёт корреспондент Kazpravda.kz."), "Kazpravda.kz", None, None),
    ("ru", BODY["ru"].replace(".", ", сообщает корреспондент портала «Мой ГОРОД»."), "Мой ГОРОД", None, None),
    ("ru", BODY["ru"].replace(".", ", пишет kazlenta.kz."), "Kazlenta.kz", None, None),  # known outlet, its spelling
    ("ru", "Об этом агентству КазТАГ сообщили в пресс-службе. " + BODY["ru"], "КазТАГ", None, None),
    ("ru", BODY["ru"].replace(".", ", сообщает Report со ссылкой на СМИ."), "Report", None, None),
    ("en", BODY["en"].replace(".", ", a Tengrinews.kz journalist reports."), "Tengrinews.kz", None, None),
    ("en", BODY["en"] + "\nSource: Xinhua News Agency, January 25, 2010", "Xinhua News Agency", None, "2010-01-25"),
    ("tr", "Bakan AA'ya değerlendirmelerde bulundu. " + BODY["tr"], "Anadolu Agency", None, None),
    ("tr", BODY["tr"] + " Bilgiyi TASS ajansı duyurdu.", "TASS", None, None),
    ("tr", BODY["tr"] + "\nKaynak: AA | Muhabir: Handan Kazancı", "Anadolu Agency", "Handan Kazancı", None),
    ("tr", BODY["tr"] + "\nKaynak: İHA", "İHA", None, None),
    (
        "kk",
        BODY["kk"].replace("деп хабарлады Энергетика министрлігі.", "деп жазады Zakon.kz тілшісі."),
        "Zakon.kz",
        None,
        None,
    ),
    (
        "kk",
        BODY["kk"].replace("деп хабарлады Энергетика министрлігі.", "деп жазады Еgemen.kz."),
        "Еgemen.kz",
        None,
        None,
    ),
    ("ru", BODY["ru"].replace(".", ", передает МИА «Казинформ»."), "Kazinform", None, None),
    ("ru", "По данным Интерфакс-Казахстан, " + BODY["ru"], "Interfax-Kazakhstan", None, None),
    (
        "kk",
        BODY["kk"].replace("деп хабарлады Энергетика министрлігі.", "деп хабарлайды «Егемен Қазақстан»."),
        "Егемен Қазақстан",
        None,
        None,
    ),
    ("kk", "Kazinform агенттігінің тілшісі хабарлайды. " + BODY["kk"], "Kazinform", None, None),
    ("tr", "Trend'e göre " + BODY["tr"], "Trend", None, None),
    ("en", BODY["en"].replace(".", ", according to Interfax-Kazakhstan."), "Interfax-Kazakhstan", None, None),
    ("en", "Kazinform reported that " + BODY["en"], "Kazinform", None, None),
    # an outlet cited, not reporting, and a ministry: no source
    ("en", "The Ministry of Energy reported that " + BODY["en"], None, None, None),
    ("en", "The ministry reports growth. " + BODY["en"], None, None, None),
    ("ru", BODY["ru"].replace(".", ", сообщает Минэнерго."), None, None, None),
]


@pytest.mark.parametrize(("lang", "text", "source", "author", "published"), ATTRIBUTIONS)
def test_attributions(pipeline, lang, text, source, author, published):
    doc = process_text(pipeline, f"{TITLE[lang]}\n{text}")
    assert (doc.source, doc.author, doc.published) == (source, author, published)


@pytest.mark.parametrize(
    ("lang", "tags"),
    [
        ("ru", "Нефть Инвестиции Нефтегазохимия"),
        ("en", "Oil Investment Petrochemicals"),
        ("kk", "Мұнай Инвестиция Энергетика"),
        ("tr", "Petrol Yatırım Enerji"),
    ],
)
def test_tag_line_is_no_author(pipeline, lang, tags):
    doc = process_text(pipeline, f"{TITLE[lang]}\n{BODY[lang]}\n{BODY[lang]}\n{tags}")
    assert doc.author is None
    assert tags in doc.removed
