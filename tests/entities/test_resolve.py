"""Resolution: one canonical record per entity, across scripts, spellings and inflection."""

import pytest

from caspian.entities.resolve import unknown_id
from caspian.entities.text import skeleton, transliterate
from caspian.ner.base import Span


@pytest.mark.parametrize(
    ("names", "same"),
    [
        (["Хасенов", "Khassenov", "Hasenov", "Хасенова"], True),
        (["Сәтқалиев", "Satkaliyev", "Саткалиев", "Satkaliev"], True),
        (["Тоқаев", "Tokayev", "Токаев"], True),
        (["Moçalnikov", "Mochalnikov", "Мочальников"], True),
        (["Хасенов", "Хасанов"], False),
    ],
)
def test_skeletons(names, same):
    keys = {skeleton(n if not n.endswith("ова") else n[:-1]) for n in names}
    assert (len(keys) == 1) is same, keys


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Сәтқалиев", "Satkaliyev"), ("Николай Горбань", "Nikolay Gorban"), ("Ерлан", "Yerlan"), ("Шольц", "Sholts")],
)
def test_transliteration_follows_english_usage(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_an_unknown_person_gets_one_id_in_every_script_and_language(entities):
    ru = entities("Генеральный директор АО «Самрук-Энерго» Кайрат Максутов провел совещание.", "ru")
    en = entities("Samruk-Energy General Director Kairat Maksutov said.", "en")
    tr = entities("Samruk-Energy Genel Müdürü Kayrat Maksutov açıkladı.", "tr")
    ids = {next(e["id"] for e in ents if e["type"] == "PERSON") for ents in (ru, en, tr)}
    assert ids == {unknown_id("PERSON", "Kairat Maksutov")}


def test_a_spelling_variant_of_a_known_person_resolves_to_the_gazetteer(entities):
    ents = entities("Kazakistan Enerji Bakanı Almassadam Satkaliev açıkladı.", "tr")
    assert [(e["id"], e["canonical"]) for e in ents if e["type"] == "PERSON"] == [
        ("caspian:almassadam-satkaliyev", "Almassadam Satkaliyev")
    ]


@pytest.mark.parametrize(
    ("lang", "text", "surname"),
    [
        ("ru", "Министр энергетики Алмасадам Саткалиев выступил. Саткалиев подчеркнул рост.", "Саткалиев"),
        (
            "tr",
            "Barkindo'nun koordinesi altında çalıştık. OPEC Genel Sekreteri Muhammed Barkindo katıldı.",
            "Barkindo'nun",
        ),
        ("kk", "Асхат Хасенов келді. Асхат Хасеновтың айтуынша, бағыт маңызды. Хасенов бәрін айтты.", "Хасенов"),
        ("en", "The presidents met. Tokayev noted that the plan works.", "Tokayev"),
    ],
)
def test_a_surname_alone_is_the_person(entities, lang, text, surname):
    people = [e for e in entities(text, lang) if e["type"] == "PERSON"]
    assert len(people) == 1
    assert surname in [m["text"] for m in people[0]["mentions"]]


def test_the_minister_is_the_minister_named_before(entities):
    text = (
        "Kazakhstan's Energy Minister Yerlan Akkenzhenov met TotalEnergies Chairman and CEO Patrick Pouyanné. "
        "The minister said exports would grow."
    )
    people = {e["canonical"]: [m["text"] for m in e["mentions"]] for e in entities(text, "en") if e["type"] == "PERSON"}
    assert people == {
        "Yerlan Akkenzhenov": ["Yerlan Akkenzhenov", "The minister"],
        "Patrick Pouyanné": ["Patrick Pouyanné"],
    }


def test_records_have_the_product_form_and_true_offsets(entities):
    text = "ТОО «Тенгизшевройл» (ТШО) начало добычу на Тенгизе; ТШО принадлежит Chevron."
    ents = entities(text, "ru")
    for e in ents:
        assert set(e) == {"id", "wikidata", "canonical", "type", "role", "mentions"}
        for m in e["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    tco = next(e for e in ents if e["id"] == "caspian:tengizchevroil")
    assert [m["text"] for m in tco["mentions"]] == ["Тенгизшевройл", "ТШО", "ТШО"]


def test_spans_of_another_backend_are_named_by_the_gazetteer(resolver):
    text = "Председатель правления КМГ Асхат Хасенов и Иван Петров прибыли в Баку."
    spans = [Span(23, 26, "ORG"), Span(27, 40, "PERSON"), Span(43, 54, "PERSON"), Span(65, 69, "LOCATION")]
    found = resolver.from_spans(text, "ru", spans)
    ents = resolver.resolve(text, "ru", found)
    assert [(e["canonical"], e["role"]) for e in ents] == [
        ("KazMunayGas", None),
        ("Askhat Khassenov", "Chairman of the Management Board of KazMunayGas"),
        ("Ivan Petrov", None),
        ("Baku", None),
    ]
