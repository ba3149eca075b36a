"""Datelines, attributions and partial dates per language: text in, record fields out.

A source is given as the text writes it (`ТАСС`, `TASS`, `ҚазТАГ`, `AA`, `ҚазАқпарат`); a dateline's day and month without a year go to
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
    ("tr", "ANKARA (AA) -", None, "AA", None, None, None, "Ankara"),
    ("tr", "ASTANA –", None, None, None, None, None, "Astana"),
    # a dateline with its year is a full date; a correspondent in the agency slot is the author
    ("ru", "АСТАНА, 12 марта 2024 года –", None, None, None, "2024-03-12", None, "Astana"),
    ("en", "ASTANA, March 12, 2024 (Reuters) -", None, "Reuters", None, "2024-03-12", None, "Astana"),
    ("ru", "АСТАНА. 12 марта. КАЗИНФОРМ –", None, "КАЗИНФОРМ", None, None, "--03-12", "Astana"),
    ("ru", "АСТАНА, 5 сентября. /Корр. ТАСС Иван Петров/.", None, "ТАСС", "Иван Петров", None, "--09-05", "Astana"),
    ("tr", "İSTANBUL, 3 Mart (AA) -", None, "AA", None, None, "--03-03", "Istanbul"),
    # the agency between slashes with a dash after it; a known outlet after the date and a comma, then a colon
    ("ru", "КАРАГАНДА, 12 ноября. /Казинформ/ –", None, "Казинформ", None, None, "--11-12", "Karaganda"),
    ("ru", "Баку, 9 января, Trend:", None, "Trend", None, None, "--01-09", "Baku"),
    # the Kazakh genitive month with an ordinal day, and the correspondent between slashes after the agency
    (
        "kk",
        "БЕЙЖІҢ. Қазанның 1-і. ҚазАқпарат /Руслан Сүлейменов/ –",
        None,
        "ҚазАқпарат",
        "Руслан Сүлейменов",
        None,
        None,
        "Beijing",
    ),
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
    ("tr", "Bakan AA'ya değerlendirmelerde bulundu. " + BODY["tr"], "AA", None, None),
    ("ru", BODY["ru"] + " Такой ответ получило агентство Kazinform на запрос в министерство.", "Kazinform", None, None),
    ("kk", "Qazaqstan TV | 3 мин оқу\n" + BODY["kk"], "Qazaqstan TV", None, None),
    ("tr", BODY["tr"] + " Bilgiyi TASS ajansı duyurdu.", "TASS", None, None),
    ("tr", BODY["tr"] + "\nKaynak: AA | Muhabir: Handan Kazancı", "AA", "Handan Kazancı", None),
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
    ("ru", BODY["ru"].replace(".", ", передает МИА «Казинформ»."), "Казинформ", None, None),
    ("ru", "По данным Интерфакс-Казахстан, " + BODY["ru"], "Интерфакс-Казахстан", None, None),
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


# Datelines and header lines of other shapes: (lang, raw article, removed line, source, author, published)
HEADERS = [
    # an agency after the place (and date) without a dash, on its own line or opening the story
    ("kk", f"{TITLE['kk']}\nОрал. ҚазАқпарат\n{BODY['kk']}", "Орал. ҚазАқпарат", "ҚазАқпарат", None, None),
    (
        "kk",
        f"{TITLE['kk']}\nАқтау. 9 наурыз. Kazinform\n{BODY['kk']}",
        "Ақтау. 9 наурыз. Kazinform",
        "Kazinform",
        None,
        None,
    ),
    ("ru", f"{TITLE['ru']}\nМОСКВА, 3 апр — Sputnik. {BODY['ru']}", "МОСКВА, 3 апр — Sputnik.", "Sputnik", None, None),
    (
        "kk",
        f"{TITLE['kk']}\nАТЫРАУ, 2 мамыр (Reuters). {BODY['kk']}",
        "АТЫРАУ, 2 мамыр (Reuters).",
        "Reuters",
        None,
        None,
    ),
    ("en", f"{TITLE['en']}\nMADRID (EFE).- {BODY['en']}", "MADRID (EFE).-", "EFE", None, None),
    # month names in capitals datelines, a full date with the year
    (
        "en",
        f"{TITLE['en']}\nCALGARY, March 3, 2023 — {BODY['en']}",
        "CALGARY, March 3, 2023 —",
        None,
        None,
        "2023-03-03",
    ),
    # a city of the dateline list without anything after it
    ("en", f"{TITLE['en']}\nDOHA - {BODY['en']}", "DOHA -", None, None, None),
    # header lines of `|`-separated pieces: rubric, date, time, byline, outlet
    ("ru", f"{TITLE['ru']}\nЭнергетика | 3 мая, 09:15\n{BODY['ru']}", "Энергетика | 3 мая, 09:15", None, None, None),
    (
        "ru",
        f"{TITLE['ru']}\nЭкономика | Автор: Пётр Соколов\n{BODY['ru']}",
        "Экономика | Автор: Пётр Соколов",
        None,
        "Пётр Соколов",
        None,
    ),
    (
        "kk",
        f"{TITLE['kk']}\n05.03.2024 | 11:20 | Kursiv\n{BODY['kk']}",
        "05.03.2024 | 11:20 | Kursiv",
        "Kursiv",
        None,
        "2024-03-05",
    ),
    (
        "tr",
        f"{TITLE['tr']}\n02.09.2024 - 10:05 | Güncelleme: 11:30\n{BODY['tr']}",
        "02.09.2024 - 10:05 | Güncelleme: 11:30",
        None,
        None,
        "2024-09-02",
    ),
    # a wire story's closing credit in brackets gives the author
    (
        "en",
        f"{TITLE['en']}\n{BODY['en']}\n(Reporting by Anna Petrenko; Editing by Mark Hill)",
        None,
        None,
        "Anna Petrenko",
        None,
    ),
    ("ru", f"{TITLE['ru']}\n{BODY['ru']}\n(Андрей Волков. Редактор Мария Белова)", None, None, "Андрей Волков", None),
    # a known outlet with its rubric on a header line is the source, and noise
    (
        "tr",
        f"{TITLE['tr']}\nEnerji Günlüğü | Piyasa\n{BODY['tr']}",
        "Enerji Günlüğü | Piyasa",
        "Enerji Günlüğü",
        None,
        None,
    ),
    # a news desk in a byline is no author
    ("tr", f"{TITLE['tr']}\n{BODY['tr']}\n(Haber: Enerji Servisi)", None, None, None, None),
    # a header line of name, date and view counter: the name is the author
    (
        "tr",
        f"{TITLE['tr']}\nAyşe Demirtaş | 14 Kasım 2024, 10:18 | Okunma: 5.204\n{BODY['tr']}",
        "Ayşe Demirtaş | 14 Kasım 2024, 10:18 | Okunma: 5.204",
        None,
        "Ayşe Demirtaş",
        "2024-11-14T10:18:00",
    ),
]


@pytest.mark.parametrize(("lang", "raw", "removed", "source", "author", "published"), HEADERS)
def test_header_lines(pipeline, lang, raw, removed, source, author, published):
    doc = process_text(pipeline, raw)
    if removed:
        assert removed in doc.removed
        assert not doc.text.startswith(removed[:5])
    assert doc.text.startswith(BODY[lang][:10])
    assert (doc.source, doc.author, doc.published) == (source, author, published)


def test_title_keeps_its_quotes(pipeline):
    doc = process_text(pipeline, f"“Yeşil” koridor için yeni adım\n{BODY['tr']}")
    assert doc.title == "“Yeşil” koridor için yeni adım"
