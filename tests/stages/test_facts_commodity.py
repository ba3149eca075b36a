"""What is measured (issue 13, fourth round): tonnes are never electricity, solid fuel is coal, sales abroad
are exports, and a tonnage of emissions is no energy fact. Sentences are our own."""

import pytest

from tests.conftest import process_text


def read(pipeline, lang, text):
    doc = process_text(pipeline, text, given={"lang": lang, "published": "2024-03-01"})
    return [(f["commodity"], f["metric"], f["value"]) for f in doc.facts]


def test_tonnes_sent_to_power_plants_are_not_electricity(facts_pipeline):
    text = "In 2023 Kazakhstan mined 110 million tons of coal; 65.9 million tons went to power and heat producers."
    assert [c for c, _, _ in read(facts_pipeline, "en", text)] == ["coal", "coal"]


SOLID_FUEL = [
    ("ru", "В 2023 году в Казахстане добыли 117 млн тонн твёрдого топлива."),
    ("kk", "Былтыр елде 117 миллион тонна қатты отын өндірілді."),
    ("tr", "Kazakistan geçen yıl 117 milyon ton katı yakıt üretti."),
    ("en", "Kazakhstan produced 117 million tons of solid fuel last year."),
]


@pytest.mark.parametrize(("lang", "text"), SOLID_FUEL, ids=[c[0] for c in SOLID_FUEL])
def test_solid_fuel_is_coal(facts_pipeline, lang, text):
    assert read(facts_pipeline, lang, text) == [("coal", "production", 117)]


ABROAD = [
    ("ru", "В январе–мае Казахстан продал за рубеж 13,7 млн тонн угля."),
    ("kk", "Қаңтар–мамыр айларында Қазақстан шетелге 13,7 млн тонна көмір сатты."),
    ("tr", "Kazakistan ocak-mayıs döneminde yurt dışına 13,7 milyon ton kömür sattı."),
]


@pytest.mark.parametrize(("lang", "text"), ABROAD, ids=[c[0] for c in ABROAD])
def test_what_is_sold_abroad_is_exported(facts_pipeline, lang, text):
    assert read(facts_pipeline, lang, text) == [("coal", "export", 13.7)]


EMISSIONS = [
    ("en", "The wind farm will produce 5.2 billion kWh a year and avoid 2.4 million tonnes of carbon emissions."),
    ("ru", "Станция будет вырабатывать 5,2 млрд кВт·ч в год и сократит 2,4 млн тонн выбросов CO2."),
    ("kk", "Зауыт алты айда 2,9 млн тонна мұнай өңдеді, атмосфераға 5 436 тонна ластаушы зат шығарылды."),
    ("tr", "Santral yılda 5,2 milyar kWh elektrik üretecek ve 2,4 milyon ton karbon salınımını önleyecek."),
]


@pytest.mark.parametrize(("lang", "text"), EMISSIONS, ids=[c[0] for c in EMISSIONS])
def test_a_tonnage_of_emissions_is_no_fact(facts_pipeline, lang, text):
    facts = read(facts_pipeline, lang, text)
    assert len(facts) == 1 and facts[0][0] in ("electricity", "oil")


COULD = [
    ("en", "Officials said the power deficit could grow to 5 billion kWh by 2026.", "forecast"),
    ("en", "The country plans to cut the power deficit to 2 billion kWh by 2026.", "target"),
    ("ru", "К 2030 году дефицит электроэнергии может достичь 5 млрд кВт·ч.", "forecast"),
]


@pytest.mark.parametrize(("lang", "text", "modality"), COULD, ids=["could", "plans", "может"])
def test_a_deadline_with_a_could_is_a_forecast(facts_pipeline, lang, text, modality):
    doc = process_text(facts_pipeline, text, given={"lang": lang, "published": "2024-03-01"})
    assert [f["modality"] for f in doc.facts] == [modality]


ALLOWED = [
    "ОПЕК+ келісімі аясында Қазақстан сәуірде мұнай өндіру көлемін тәулігіне 10 мың баррельге көбейте алады.",
    "ОПЕК+ шешімімен бір айда рұқсат етілген мұнай өндіру деңгейі шамамен 0,6 пайызға артады.",
]


@pytest.mark.parametrize("text", ALLOWED, ids=["алады", "рұқсат-артады"])
def test_an_allowed_increase_in_kazakh_is_a_quota_limit(facts_pipeline, text):
    doc = process_text(facts_pipeline, text, given={"lang": "kk", "published": "2025-03-05"})
    assert [(f["metric"], f["modality"]) for f in doc.facts] == [("quota", "limit")]


def test_a_share_of_the_plan_is_of_the_figure_the_sentence_before_reported(facts_pipeline):
    text = (
        "Kazakistan'da ocak-temmuz döneminde 52,23 milyon ton petrol üretildi. "
        "Bakan, bu sonucun devlet planının yüzde 101,2'sine karşılık geldiğini bildirdi."
    )
    doc = process_text(facts_pipeline, text, given={"lang": "tr", "published": "2019-08-15"})
    assert [(f["commodity"], f["metric"], f["value"], f["unit"]) for f in doc.facts] == [
        ("oil", "production", 52.23, "Mt"),
        ("oil", "production", 101.2, "%"),
    ]


def test_a_bare_share_with_no_plan_word_is_not_carried_over(facts_pipeline):
    text = "Kazakistan'da 52,23 milyon ton petrol üretildi. Bakan, bu oranın yüzde 40 olduğunu söyledi."
    doc = process_text(facts_pipeline, text, given={"lang": "tr", "published": "2019-08-15"})
    assert [f["value"] for f in doc.facts] == [52.23]


def test_tonnes_beside_a_gas_word_are_the_oils(facts_pipeline):
    text = "The field's oil reserves are put at 1.2 billion tons and its gas reserves at 1.35 trillion cubic meters."
    assert read(facts_pipeline, "en", text) == [("oil", "reserves", 1200), ("gas", "reserves", 1350)]


def test_a_stake_is_in_the_business_the_article_is_about(facts_pipeline):
    text = (
        "Kazakhstan's uranium output rose. Uranium exports grew as well. "
        "Kazakhstan has bought a 25% stake in the Ural Fuel Refinery."
    )
    doc = process_text(facts_pipeline, text, given={"lang": "en", "published": "2013-06-01"})
    assert [(f["commodity"], f["metric"], f["value"]) for f in doc.facts] == [("uranium", "other", 25)]


def test_shippers_are_no_cargo(facts_pipeline):
    text = "В 2023 году по системе прокачали 63,5 млн тонн нефти, хотя заявки грузоотправителей достигали 67 млн тонн."
    assert [c for c, _, _ in read(facts_pipeline, "ru", text)] == ["oil", "oil"]


GOVERNED = [
    (
        "en",
        "For 2026 the ministry plans to refine 18.2 million tonnes of oil and produce 15.49 million tonnes of petroleum products.",
        ["oil", "oil_products"],
    ),
    ("ru", "Сейчас Китай получает из Туркменистана 40 млрд кубометров «голубого топлива» в год.", ["gas"]),
]


@pytest.mark.parametrize(("lang", "text", "commodities"), GOVERNED, ids=["of", "blue-fuel"])
def test_the_word_a_unit_governs_names_the_commodity(facts_pipeline, lang, text, commodities):
    assert [c for c, _, _ in read(facts_pipeline, lang, text)] == commodities


PLANTS = [
    (
        "ru",
        "На Рогунской ГЭС построят шесть агрегатов, мощность каждого составит 600 МВт. Стоимость строительства проекта оценивается в 4 млрд долларов.",
        "electricity",
    ),
    ("kk", "Қамбар-Ата ГЭС-1 салынады. Жобаның құны шамамен 4 млрд долларға бағаланады.", "electricity"),
    ("en", "The Rogun HPP is under construction. Investment in the project is put at $4 billion.", "electricity"),
]


@pytest.mark.parametrize(("lang", "text", "commodity"), PLANTS, ids=[c[0] for c in PLANTS])
def test_a_power_plants_cost_is_electricitys(facts_pipeline, lang, text, commodity):
    facts = read(facts_pipeline, lang, text)
    assert (commodity, "investment", 4_000_000_000) in facts


def test_money_invested_in_russian_is_an_investment(facts_pipeline):
    text = "В газовый проект Кандым вложено 3 млрд 400 млн долларов."
    assert read(facts_pipeline, "ru", text) == [("gas", "investment", 3_400_000_000)]


SELL = [
    ("Çin'e LNG satan ülkeler arasında Katar 2,32 milyar dolarla ilk sırada.", "export"),
    ("Türkiye geçen yıl Azerbaycan'dan 2 milyar metreküp gaz satın aldı.", "import"),
]


@pytest.mark.parametrize(("text", "metric"), SELL, ids=["satan", "satın-aldı"])
def test_turkish_selling_is_exporting_and_buying_is_not(facts_pipeline, text, metric):
    facts = read(facts_pipeline, "tr", text)
    assert [m for _, m, _ in facts] == [metric]


MIX = [
    ("ru", "Доля ВИЭ в энергобалансе страны должна вырасти до 6% в 2025 году."),
    ("en", "Renewables should reach 15% of the country's power mix by 2030."),
]


@pytest.mark.parametrize(("lang", "text"), MIX, ids=[c[0] for c in MIX])
def test_a_share_of_the_energy_mix_is_of_production(facts_pipeline, lang, text):
    assert [(c, m) for c, m, _ in read(facts_pipeline, lang, text)] == [("electricity", "production")]


def test_what_comes_from_abroad_is_imported(facts_pipeline):
    text = "Last year more than 50 percent of the oil China used came from abroad."
    assert [(c, m) for c, m, _ in read(facts_pipeline, "en", text)] == [("oil", "import")]


def test_a_physical_amount_is_never_an_investment_or_a_price(facts_pipeline):
    text = "Үкімет ішкі нарыққа қосымша 2,6 млрд текше метр газ жіберу және инвестиция туралы шешімін қолдады."
    facts = read(facts_pipeline, "kk", text)
    assert len(facts) == 1 and facts[0][1] not in ("investment", "price")


def test_the_longer_cue_wins_over_the_word_it_ends_with(facts_pipeline):
    text = "Былтыр елде 117 миллион тоннадан астам қатты отын өндіріліп, оның 33 миллионға жуық тоннасы шетелге экспортталды."
    assert read(facts_pipeline, "kk", text) == [("coal", "production", 117), ("coal", "export", 33)]


ASIDES = [
    ("en", "Generation, including electricity sent abroad, reached 86.9 billion kilowatt-hours in nine months."),
    ("ru", "Выработка, в том числе электроэнергия на экспорт, составила 86,9 млрд кВт·ч за девять месяцев."),
]


@pytest.mark.parametrize(("lang", "text"), ASIDES, ids=[c[0] for c in ASIDES])
def test_an_including_aside_does_not_govern_the_figure(facts_pipeline, lang, text):
    assert [m for _, m, _ in read(facts_pipeline, lang, text)] == ["production"]


CHANGES = [
    ("ru", "В январе–июне 2022 года в Казахстане добыли 56 млн тонн угля. Это на 5,9% больше, чем годом ранее."),
    (
        "tr",
        "Azerbaycan ilk yarıda 12,8 milyar metreküp gaz ihraç etti. Bu miktar 2024'ün aynı dönemine kıyasla yüzde 1,96 arttı.",
    ),
]


@pytest.mark.parametrize(("lang", "text"), CHANGES, ids=[c[0] for c in CHANGES])
def test_a_change_with_nothing_measured_is_of_the_figure_just_reported(facts_pipeline, lang, text):
    facts = read(facts_pipeline, lang, text)
    assert len(facts) == 2 and facts[1][:2] == facts[0][:2]


def test_what_an_agreement_envisaged_is_a_target(facts_pipeline):
    text = (
        "Bakan, iki taraf arasındaki ilk anlaşmanın bu yıl için 1,5 milyon ton petrol ihracatı öngördüğünü hatırlattı."
    )
    doc = process_text(facts_pipeline, text, given={"lang": "tr", "published": "2023-10-12"})
    assert [f["modality"] for f in doc.facts] == ["target"]
