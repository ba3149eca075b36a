"""Whose figure it is (issue 13, geo): a facility referred to by its kind, a company named as the subject of
its own output, and the article's own country over a partner named nearer. Sentences are our own."""

import pytest

from tests.conftest import process_text
from tests.stages.conftest import facts_with_entities

read = facts_with_entities


ANAPHORS = [
    (
        "ru",
        "В Павлодарской области достроили Экибастузскую ГРЭС-3. Мощность станции составит 1200 МВт.",
        ("Экибастузскую ГРЭС-3", "Ekibastuz GRES-3", "FACILITY"),
    ),
    (
        "kk",
        "Қырғызстанда Қамбар-Ата ГЭС-1 салынады. Болашақ станцияның қуаты 1860 МВт болады.",
        ("Қамбар-Ата ГЭС-1", "Kambarata-1 hydropower plant", "FACILITY"),
    ),
    (
        "tr",
        "Azerbaycan'ın STAR Rafinerisi İzmir'de. Tesisin yıllık işleme kapasitesi 10 milyon ton ham petrol.",
        ("STAR Rafinerisi", "STAR refinery", "FACILITY"),
    ),
    (
        "tr",
        "Orta Asya-Çin Doğal Gaz Boru Hattı üç koldan oluşuyor. Bu üç hattın yıllık kapasitesi 55 milyar metreküp gaz.",
        ("Orta Asya-Çin Doğal Gaz Boru Hattı", "Central Asia-China gas pipeline", "FACILITY"),
    ),
    (
        "en",
        "Uzbekistan has approved the Karakalpak wind farm. The farm will have a capacity of 1.5 GW.",
        ("Karakalpak wind farm", "Karakalpak wind farm", "FACILITY"),
    ),
]


@pytest.mark.parametrize(("lang", "text", "named"), ANAPHORS, ids=[f"{c[0]}{i}" for i, c in enumerate(ANAPHORS)])
def test_a_facility_named_by_its_kind_is_the_one_named_before(facts_pipeline, lang, text, named):
    facts = read(facts_pipeline, lang, text, [named])
    assert [f["geo"] for f in facts] == [named[1]]


def test_without_a_word_for_the_facility_the_figure_stays_the_countrys(facts_pipeline):
    text = "Uzbekistan has approved the Karakalpak wind farm. Uzbekistan will add 1.5 GW of wind capacity by 2030."
    facts = read(facts_pipeline, "en", text, [("Karakalpak wind farm", "Karakalpak wind farm", "FACILITY")])
    assert [f["geo"] for f in facts] == ["Uzbekistan"]


PRODUCERS = [
    (
        "en",
        "Kazatomprom produced 5,077 tonnes of uranium in Kazakhstan in the first quarter.",
        "Kazatomprom",
        "Kazatomprom",
    ),
    ("ru", "ЛУКОЙЛ в Узбекистане добыл в 2018 году 13,4 млрд кубометров газа.", "ЛУКОЙЛ", "Uzbekistan"),
    ("ru", "В 2018 году ЛУКОЙЛ добыл 33,5 млрд кубометров газа.", "ЛУКОЙЛ", "Lukoil"),
]


@pytest.mark.parametrize(("lang", "text", "surface", "geo"), PRODUCERS, ids=["en", "ru-country-nearer", "ru"])
def test_a_company_named_as_the_subject_of_its_output_is_its_geo(facts_pipeline, lang, text, surface, geo):
    canonical = "Kazatomprom" if surface == "Kazatomprom" else "Lukoil"
    facts = read(facts_pipeline, lang, text, [(surface, canonical, "ORG")])
    assert [f["geo"] for f in facts] == [geo]


def test_a_ministry_or_a_shipper_is_no_producer(facts_pipeline):
    text = "The Ministry of Energy of Kazakhstan said oil production reached 90 million tonnes in 2023."
    facts = read(
        facts_pipeline, "en", text, [("Ministry of Energy of Kazakhstan", "Ministry of Energy of Kazakhstan", "ORG")]
    )
    assert [f["geo"] for f in facts] == ["Kazakhstan"]
    text = "In 2023 SOCAR exported 1.5 million tonnes of oil."
    facts = read(facts_pipeline, "en", text, [("SOCAR", "SOCAR", "ORG")])
    assert [f["geo"] for f in facts] != ["SOCAR"]


def test_the_articles_country_is_preferred_to_a_partner_named_nearer(facts_pipeline):
    text = (
        "Казахстан строит ветровые станции. Казахстан строит их вместе с Китаем, общая мощность составит 1 ГВт. "
        "Казахстан рассчитывает на новые проекты."
    )
    facts = read(facts_pipeline, "ru", text)
    assert [f["geo"] for f in facts] == ["Kazakhstan"]


def test_a_country_named_right_after_the_figure_is_its_owner(facts_pipeline):
    text = (
        "Azerbaycan petrol ihracatını artırdı. Azerbaycan'ın ihracatı sürüyor; "
        "yıl sonuna kadar 1,1 milyon ton Kazakistan petrolü de taşınacak. Azerbaycan memnun."
    )
    facts = read(facts_pipeline, "tr", text)
    assert [f["geo"] for f in facts] == ["Kazakhstan"]


def test_reserves_with_no_place_in_a_story_about_one_field_are_the_fields(facts_pipeline):
    text = (
        "Karachaganak will keep its output flat. Karachaganak is operated by a consortium. "
        "Remaining recoverable reserves stood at 253.2 million tons of oil and condensate."
    )
    doc = process_text(facts_pipeline, text, given={"lang": "en"})
    mentions = [{"start": at, "end": at + 12, "text": "Karachaganak"} for at in (0, text.index("Karachaganak is"))]
    doc.entities = [{"canonical": "Karachaganak", "type": "FACILITY", "mentions": mentions}]  # named twice: its subject
    facts = facts_pipeline.stages[-1](doc).facts
    assert [(f["metric"], f["geo"]) for f in facts] == [("reserves", "Karachaganak")]


def test_a_country_its_clause_names_outranks_the_plant_the_article_is_about(facts_pipeline):
    text = (
        "The Shymkent refinery is being expanded. The Shymkent refinery belongs to two companies. "
        "Kazakhstan aims to lift its total oil refining capacity to 39 million tons a year."
    )
    doc = process_text(facts_pipeline, text, given={"lang": "en"})
    at = [0, text.index("The Shymkent refinery belongs")]
    mentions = [{"start": a + 4, "end": a + 21, "text": "Shymkent refinery"} for a in at]
    doc.entities = [{"canonical": "Shymkent Refinery", "type": "FACILITY", "mentions": mentions}]
    facts = facts_pipeline.stages[-1](doc).facts
    assert [(f["metric"], f["geo"]) for f in facts] == [("capacity", "Kazakhstan")]


STAKES = [
    (
        "en",
        "Russia holds 31% of the Caspian Pipeline Consortium through Transneft.",
        "Caspian Pipeline Consortium",
        "Caspian Pipeline Consortium",
    ),
    ("ru", "Казахстану принадлежит 20% акций в Тенгизшевройл.", "Тенгизшевройл", "Tengizchevroil"),
]


@pytest.mark.parametrize(("lang", "text", "surface", "owned"), STAKES, ids=["en", "ru"])
def test_a_stake_is_in_what_is_named_right_after_it(facts_pipeline, lang, text, surface, owned):
    holder = text.split()[0]
    facts = read(facts_pipeline, lang, text, [(holder, holder, "ORG"), (surface, owned, "ORG")])
    assert [(f["metric"], f["geo"]) for f in facts] == [("other", owned)]


BLOC_CASES = [
    ("OPEC+ members agreed to reduce output by 7.125 million barrels per day in February.", "OPEC+"),
    ("Kazakhstan pumped well above its OPEC+ quota of 1.47 million barrels per day.", "Kazakhstan"),
    ("OPEC+ allowed an increase of output by 10,000 barrels per day for Kazakhstan.", "Kazakhstan"),
]


@pytest.mark.parametrize(("text", "geo"), BLOC_CASES, ids=["bloc", "attributive", "country-after"])
def test_a_quota_the_bloc_sets_is_the_blocs(facts_pipeline, text, geo):
    facts = read(facts_pipeline, "en", text, [("OPEC+", "OPEC+", "ORG")])
    assert [(f["metric"], f["geo"]) for f in facts] == [("quota", geo)]


COUNTRY_ANAPHORS = [
    (
        "tr",
        "Kazakistan gaz üretimini artırıyor. Çin'e satılan gazın fiyatı yükseldi; ülkenin kendi ihtiyaçları "
        "için 18 milyar metreküp gaz kullanılıyor. Kazakistan memnun.",
    ),
    (
        "en",
        "Kazakhstan sells gas to its neighbours. Prices for China rose, and the country itself used 18 billion "
        "cubic meters of gas. Kazakhstan is pleased.",
    ),
]


@pytest.mark.parametrize(("lang", "text"), COUNTRY_ANAPHORS, ids=[c[0] for c in COUNTRY_ANAPHORS])
def test_the_country_is_the_articles_country(facts_pipeline, lang, text):
    assert [f["geo"] for f in read(facts_pipeline, lang, text)] == ["Kazakhstan"]


def test_a_figure_in_brackets_after_a_country_is_that_countrys(facts_pipeline):
    text = (
        "Çin'e LNG satan ülkeler arasında Katar (2,32 milyar dolar; 3,53 milyon ton), Malezya (1,87 milyar dolar; "
        "1,77 milyon ton) yer alıyor."
    )
    facts = read(facts_pipeline, "tr", text)
    assert [(f["value"], f["geo"]) for f in facts if f["unit"] == "Mt"] == [(3.53, "Qatar"), (1.77, "Malaysia")]


LISTS = [
    ("by 10,000 barrels per day for Kazakhstan and by 65,000 barrels per day for Russia.", ["Kazakhstan", "Russia"]),
    ("In April, Kazakhstan may add 20,000 barrels a day and Russia 130,000 barrels a day.", ["Kazakhstan", "Russia"]),
]


@pytest.mark.parametrize(("clause", "geos"), LISTS, ids=["for", "and"])
def test_each_figure_of_a_list_is_its_own_countrys(facts_pipeline, clause, geos):
    text = "OPEC+ allowed both countries to raise oil output step by step, " + clause
    assert [f["geo"] for f in read(facts_pipeline, "en", text)] == geos


def test_the_places_a_flow_goes_to_named_after_it_are_not_its_sender(facts_pipeline):
    text = (
        "Kazakistan petrol ihracatını çeşitlendiriyor. Kazakistan yeni rotalar arıyor. "
        "Aralıkta yaklaşık 300 bin ton petrol BTC, Almanya ve Çin yönlerine kaydırıldı."
    )
    facts = read(facts_pipeline, "tr", text)
    assert [(f["metric"], f["geo"]) for f in facts] == [("export", "Kazakhstan")]


def test_the_only_plant_an_article_names_is_what_its_capacity_is_of(facts_pipeline):
    text = "Kaskelen güneş santrali Kazakistan'da açıldı. Toplam kurulu güç 50 megavat."
    doc = process_text(facts_pipeline, text, given={"lang": "tr"})
    mention = {"start": 0, "end": len("Kaskelen güneş santrali"), "text": "Kaskelen güneş santrali"}
    doc.entities = [{"canonical": "Kaskelen solar power plant", "type": "FACILITY", "mentions": [mention]}]
    facts = facts_pipeline.stages[-1](doc).facts
    assert [(f["metric"], f["geo"]) for f in facts] == [("capacity", "Kaskelen solar power plant")]
