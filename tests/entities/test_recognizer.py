"""Rules beyond the gazetteer: roles in apposition, unknown people, editions, quoted names, nesting."""

import pytest

from caspian.entities.annotator import ordinal
from caspian.ner.base import Span, get_recognizer
from caspian.ner.gazetteer import GazetteerRecognizer

ROLES = [
    (
        "ru",
        "Министр энергетики РК Алмасадам Саткалиев выступил.",
        "Almassadam Satkaliyev",
        "Minister of Energy of Kazakhstan",
    ),
    (
        "ru",
        "встреча председателя правления АО НК «КазМунайГаз» Асхата Хасенова с коллегами",
        "Askhat Khassenov",
        "Chairman of the Management Board of KazMunayGas",
    ),
    (
        "ru",
        "с министром энергетики и природных ресурсов Турции Алпарсланом Байрактаром",
        "Alparslan Bayraktar",
        "Minister of Energy and Natural Resources of Turkey",
    ),
    (
        "ru",
        "Председатель правления «Казатомпрома» Мейржан Юсупов заявил",
        "Meirzhan Yussupov",
        "Chairman of the Management Board of Kazatomprom",
    ),
    ("ru", "переговоры с Председателем КНР Си Цзиньпином", "Xi Jinping", "President of China"),
    (
        "kk",
        "Қазақстан Энергетика министрі Алмасадам Сәтқалиев мәлімдеді",
        "Almassadam Satkaliyev",
        "Minister of Energy of Kazakhstan",
    ),
    (
        "kk",
        "Eni компаниясының бас директоры Клаудио Дескальцимен кездесті",
        "Claudio Descalzi",
        "CEO of Eni",
    ),
    ("kk", "ОПЕК Бас хатшысы Хайсам әл-Гайс құптады", "Haitham al-Ghais", "Secretary General of OPEC"),
    ("kk", "Германия канцлері Олаф Шольцпен кездесіп", "Olaf Scholz", "Chancellor of Germany"),
    (
        "tr",
        "Kazakistan Enerji Bakanı Kanat Bozumbayev açıkladı",
        "Kanat Bozumbayev",
        "Minister of Energy of Kazakhstan",
    ),
    (
        "tr",
        "Ulaştırma ve Altyapı Bakanı Abdulkadir Uraloğlu katıldı",
        "Abdulkadir Uraloğlu",
        "Minister of Transport and Infrastructure of Turkey",
    ),
    (
        "tr",
        "Suudi Arabistan Enerji Bakanı Prens Abdulaziz bin Selman vurguladı",
        "Abdulaziz bin Salman",
        "Minister of Energy of Saudi Arabia",
    ),
    (
        "en",
        "Kazakhstan's Energy Minister Yerlan Akkenzhenov said",
        "Yerlan Akkenzhenov",
        "Minister of Energy of Kazakhstan",
    ),
    (
        "en",
        "Saudi Energy Minister Prince Abdulaziz bin Salman called",
        "Abdulaziz bin Salman",
        "Minister of Energy of Saudi Arabia",
    ),
    (
        "en",
        "TotalEnergies Chairman and CEO Patrick Pouyanné signed",
        "Patrick Pouyanné",
        "Chairman and CEO of TotalEnergies",
    ),
    # unknown people: the title makes them people, the text gives the role
    (
        "en",
        "talks with SCO Deputy Secretary General Sohail Khan and others",
        "Sohail Khan",
        "Deputy Secretary General of the SCO",
    ),
    (
        "en",
        "Deputy Minister of Energy of Russia Sergey Mochalnikov attended",
        "Sergey Mochalnikov",
        "Deputy Minister of Energy of Russia",
    ),
    (
        "ru",
        "Генеральный директор АО «Самрук-Энерго» Кайрат Максутов провел совещание",
        "Kairat Maksutov",
        "General Director of Samruk-Energy",
    ),
    (
        "tr",
        "Rusya Enerji Bakan Yardımcısı Sergey Moçalnikov ile görüştü",
        "Sergey Mochalnikov",
        "Deputy Minister of Energy of Russia",
    ),
    (
        "kk",
        "ОСК төрағасы Нұрлан Әбдіров мәлімдеді",
        "Nurlan Abdirov",
        "Chairman of the Central Election Commission of Kazakhstan",
    ),
]


@pytest.mark.parametrize(("lang", "text", "person", "role"), ROLES)
def test_role_in_apposition(entities, lang, text, person, role):
    people = {e["canonical"]: e["role"] for e in entities(text, lang) if e["type"] == "PERSON"}
    assert people == {person: role}


def test_a_bare_title_is_completed_from_the_gazetteer(entities):
    ents = entities("кеңейтілген алқа отырысында министр Алмасадам Сәтқалиев мәлімдеді", "kk")
    assert [e["role"] for e in ents if e["type"] == "PERSON"] == ["Minister of Energy of Kazakhstan"]


def test_without_a_title_the_role_held_that_year(entities):
    text = "His predecessor Almassadam Satkaliyev now heads the Agency for Atomic Energy."
    person = next(e for e in entities(text, "en", 2025) if e["type"] == "PERSON")
    assert person["role"] == "Chairman of the Agency for Atomic Energy of Kazakhstan"
    person = next(e for e in entities(text, "en", 2024) if e["type"] == "PERSON")
    assert person["role"] == "Minister of Energy of Kazakhstan"


def test_capitalised_words_without_a_title_are_no_person(entities):
    assert [e for e in entities("Green Energy Partnership Program began.", "en") if e["type"] == "PERSON"] == []


@pytest.mark.parametrize(
    ("lang", "text", "canonical"),
    [
        (
            "tr",
            'Kazakistan Enerji Derneği tarafından düzenlenen "12. Kazenergy Avrasya Forumu"nun açılışında',
            "12th KAZENERGY Eurasian Forum",
        ),
        (
            "en",
            "within the framework of the 4th Meeting of Energy Ministers of the SCO in Astana",
            "4th Meeting of SCO Energy Ministers",
        ),
        (
            "en",
            "during the fourth Meeting of Energy Ministers of SCO Member States",
            "4th Meeting of SCO Energy Ministers",
        ),
        ("tr", "ŞİÖ Enerji Bakanları 4. Toplantısı'nda onaylandı", "4th Meeting of SCO Energy Ministers"),
        ("en", "The 21st Kazenergy Eurasian Forum opened", "21st KAZENERGY Eurasian Forum"),
    ],
)
def test_editions(entities, lang, text, canonical):
    assert canonical in [e["canonical"] for e in entities(text, lang) if e["type"] == "EVENT"]


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]


def test_an_annual_event_takes_the_articles_year(entities):
    text = "В Астане завершилось заседание Совета глав государств – членов ШОС."
    assert "2024 SCO Summit" in [e["canonical"] for e in entities(text, "ru", 2024)]


@pytest.mark.parametrize(
    ("lang", "text", "etype", "canonical"),
    [
        ("ru", "Акционеры АО «Байтерек Девелопмент» одобрили сделку", "ORG", "Baiterek Development"),
        (
            "en",
            'ministers approved the "Roadmap for Regional Power Trade until 2030" in Bishkek',
            "DOCUMENT",
            "Roadmap for Regional Power Trade until 2030",
        ),
        (
            "ru",
            "подписали «Соглашение о транзите газа через Казахстан»",
            "DOCUMENT",
            "Soglasheniye o tranzite gaza cherez Kazakhstan",
        ),
    ],
)
def test_quoted_names(entities, lang, text, etype, canonical):
    assert (etype, canonical) in [(e["type"], e["canonical"]) for e in entities(text, lang)]


def test_countries_inside_longer_names_count(entities):
    ents = entities("Deputy Director of the National Energy Administration of China Wan Jinsong", "en")
    assert {(e["type"], e["canonical"]) for e in ents} == {
        ("ORG", "National Energy Administration of China"),
        ("COUNTRY", "China"),
        ("PERSON", "Wan Jinsong"),
    }
    person = next(e for e in ents if e["type"] == "PERSON")
    assert person["role"] == "Deputy Director of the National Energy Administration of China"


def test_backend_is_registered_and_gives_spans():
    rec = get_recognizer("gazetteer")
    assert isinstance(rec, GazetteerRecognizer)
    text = "Kassym-Jomart Tokayev met Putin in Astana. Tokayev said."
    spans = rec.recognize(text, "en")
    assert all(isinstance(s, Span) and s.source == "gazetteer" for s in spans)
    assert [(s.label, text[s.start : s.end]) for s in spans] == [
        ("PERSON", "Kassym-Jomart Tokayev"),
        ("PERSON", "Putin"),
        ("LOCATION", "Astana"),
        ("PERSON", "Tokayev"),
    ]
