"""Whose figure it is, fifth round (issue 13, geo): countries the fact lexicon does not list or spells
otherwise, read from the entity stage, but not its country adjectives; a Turkish flow's direction. Sentences
are our own."""

import pytest

from tests.stages.conftest import facts_with_entities


def _geos(facts):
    return {(f["value"], f["unit"]): f["geo"] for f in facts}


def _periods(facts):
    return {(f["value"], f["unit"]): f["period"] for f in facts}


# countries the entity stage resolves but the fact lexicon does not list or spells otherwise
NAMED = [
    (
        "tr",
        "Çin'e LNG satışında ise Avusturalya 2,9 milyar dolar ve 3,8 milyon tonla ilk sırada.",
        ("Avusturalya", "Australia", "COUNTRY"),
        {(2_900_000_000.0, "USD"): "Australia", (3.8, "Mt"): "Australia"},
    ),
    (
        "tr",
        "Geçen yıl Çin'e LNG satan ülkeler arasında İndonezya (612 milyon dolar; 702 bin ton) da vardı.",
        ("İndonezya", "Indonesia", "COUNTRY"),
        {(612_000_000.0, "USD"): "Indonesia", (702_000.0, "t"): "Indonesia"},
    ),
    (
        "en",
        "Last year Kazakhstan shipped crude to several buyers, and Norway exported 1.9 million barrels per day.",
        ("Norway", "Norway", "COUNTRY"),
        {(1.9, "mb/d"): "Norway"},
    ),
]


@pytest.mark.parametrize(("lang", "text", "named", "expected"), NAMED)
def test_a_country_only_the_entity_stage_knows_is_the_figures_place(facts_pipeline, lang, text, named, expected):
    facts = facts_with_entities(facts_pipeline, lang, text, [named])
    assert {k: v for k, v in _geos(facts).items() if k in expected} == expected
    # without the entity the fact lexicon alone does not know the country
    without = facts_with_entities(facts_pipeline, lang, text)
    assert not any(f["geo"] == named[1] for f in without)


# a country adjective names a buyer, an origin or an owner, not the figure's place
ADJECTIVES = [
    (
        "en",
        "Kazakhstan has been selling electricity to its neighbour since June. Deliveries under the power sale "
        "agreement reached 120 million kWh by July, and the Uzbek grid is to receive more than 1 billion kWh "
        "during the year.",
        [("Kazakhstan", "Kazakhstan", "COUNTRY"), ("Uzbek", "Uzbekistan", "COUNTRY")],
        {(1.0, "TWh"): "Kazakhstan"},
    ),
    (
        "ru",
        "Нефтепровод проходит через Казахстан. Соглашение предусматривает транзит до 10 млн тонн российской "
        "нефти в год.",
        [("Казахстан", "Kazakhstan", "COUNTRY"), ("российской", "Russia", "COUNTRY")],
        {(10.0, "Mt"): "Kazakhstan"},
    ),
]


@pytest.mark.parametrize(("lang", "text", "named", "expected"), ADJECTIVES)
def test_a_country_adjective_does_not_become_the_figures_place(facts_pipeline, lang, text, named, expected):
    facts = facts_with_entities(facts_pipeline, lang, text, named)
    assert {k: v for k, v in _geos(facts).items() if k in expected} == expected


def test_a_turkish_flow_toward_a_country_is_the_senders(facts_pipeline):
    text = "Kazakistan'ın şirketi geçen yıl Almanya yönüne 2,4 milyon ton petrol gönderdi."
    named = [("Kazakistan", "Kazakhstan", "COUNTRY"), ("Almanya", "Germany", "COUNTRY")]
    facts = facts_with_entities(facts_pipeline, "tr", text, named)
    assert _geos(facts) == {(2.4, "Mt"): "Kazakhstan"}
    facts = facts_with_entities(facts_pipeline, "tr", text.replace("Almanya yönüne", "Almanya istikametinde"), named)
    assert _geos(facts) == {(2.4, "Mt"): "Kazakhstan"}


# a figure of one day: a load in MW on a date, a reserve as of a date (the eval conventions: `2024-01-01`)
ONE_DAY = [
    (
        "en",
        "The minister said recoverable reserves as of January 1, 2024 stood at 198.4 million tons of oil.",
        {(198.4, "Mt"): "2024-01-01"},
    ),
    (
        "ru",
        "9 января 2023 года потребление электроэнергии в стране достигло максимума – 16 870 МВт.",
        {(16870.0, "MW"): "2023-01-09"},
    ),
    (
        "tr",
        "Sahanın petrol rezervleri 1 Ocak 2025 itibarıyla 412 milyon ton olarak hesaplandı.",
        {(412.0, "Mt"): "2025-01-01"},
    ),
    (
        "kk",
        "2025 жылғы 1 қаңтардағы жағдай бойынша кен орнының мұнай қоры 412 млн тонна.",
        {(412.0, "Mt"): "2025-01-01"},
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), ONE_DAY)
def test_a_load_or_a_reserve_on_a_date_is_of_that_day(facts_pipeline, lang, text, expected):
    facts = facts_with_entities(facts_pipeline, lang, text)
    assert _periods(facts) == expected


# a day elsewhere is when something was said, signed or opened: no period of one day
NOT_ONE_DAY = [
    ("en", "The 310 MW plant opened on 14 June 2019.", {(310.0, "MW"): "2019"}),
    (
        "tr",
        "Kazakistan'da 2021 yılının ocak-temmuz döneminde 48,6 milyon ton petrol üretildi. Bakan, 12 Ağustos'ta sunduğu raporda "
        "bu sonucun planın yüzde 100,8'ine karşılık geldiğini bildirdi.",
        {(48.6, "Mt"): "2021-01..2021-07", (100.8, "%"): "2021-01..2021-07"},
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), NOT_ONE_DAY)
def test_a_day_of_saying_or_opening_is_no_period(facts_pipeline, lang, text, expected):
    facts = facts_with_entities(facts_pipeline, lang, text)
    assert _periods(facts) == expected


# a standing share of a whole is dated only by its own clause, not by the report's period or the year the
# sentence names elsewhere (the eval sets leave it null)
SHARES = [
    (
        "en",
        "In the first nine months of 2024 Kyrgyzstan generated 11.2 billion kWh. Hydropower accounts for 88% "
        "of the electricity produced in the country.",
        {(11.2, "TWh"): "2024-01..2024-09", (88.0, "%"): None},
    ),
    (
        "ru",
        "В первом полугодии 2023 года Казахстан добыл 10 400 тонн урана. Сейчас на республику приходится "
        "около 41% мирового производства урана.",
        {(10400.0, "tU"): "2023-01..2023-06", (41.0, "%"): None},
    ),
    (
        "tr",
        "Kazakistan 2022 yılında 21 bin ton uranyum üretti. Ülke, dünya uranyum arzının yüzde 42'sini tek "
        "başına karşılıyor.",
        {(21000.0, "tU"): "2022", (42.0, "%"): None},
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), SHARES)
def test_a_standing_share_takes_no_period_from_elsewhere(facts_pipeline, lang, text, expected):
    facts = facts_with_entities(facts_pipeline, lang, text)
    assert _periods(facts) == expected


def test_a_change_in_percent_still_takes_the_reports_period(facts_pipeline):
    text = "In the first nine months of 2024 Kyrgyzstan generated 11.2 billion kWh, up 4.1% on the year before."
    facts = facts_with_entities(facts_pipeline, "en", text)
    assert _periods(facts)[(4.1, "%")] == "2024-01..2024-09"


def test_a_russian_figure_compared_with_a_years_indicator_is_of_the_year_after(facts_pipeline):
    # "выше показателя 2017 года": 2017 is the base of the comparison, the figure is of 2018
    text = "Добыча газа компании выросла до 9,3 млрд кубометров, что на 14% выше показателя 2017 года."
    facts = facts_with_entities(facts_pipeline, "ru", text)
    assert _periods(facts)[(14.0, "%")] == "2018"


def test_partners_listed_with_their_shares_are_stakes(facts_pipeline):
    text = "Chevron holds a 50% stake in TCO. Tengizchevroil's partners are Chevron (50%), Eni (30%) and Inpex (20%)."
    named = [("TCO", "Tengizchevroil", "ORG"), ("Tengizchevroil", "Tengizchevroil", "ORG")]
    facts = facts_with_entities(facts_pipeline, "en", text, named)
    # Chevron's 50% told twice is one fact; the two other partners' shares are stakes in the same company
    assert sorted((f["value"], f["metric"], f["geo"]) for f in facts) == [
        (20.0, "other", "Tengizchevroil"),
        (30.0, "other", "Tengizchevroil"),
        (50.0, "other", "Tengizchevroil"),
    ]


def test_a_holder_that_has_a_share_holds_a_stake(facts_pipeline):
    text = "In the oil pipeline consortium, Chevron Caspian Pipeline Company has 14% and Eni 2%."
    facts = facts_with_entities(facts_pipeline, "en", text)
    assert sorted((f["value"], f["metric"]) for f in facts) == [(2.0, "other"), (14.0, "other")]


def test_what_a_turkish_line_can_carry_is_its_capacity_unless_an_agreement_grants_it(facts_pipeline):
    text = "Boru hattı normal koşullarda günde 1,2 milyon varile kadar petrol taşıyabiliyor."
    assert [f["metric"] for f in facts_with_entities(facts_pipeline, "tr", text)] == ["capacity"]
    granted = "Anlaşma çerçevesinde Kazakistan, hat üzerinden yıllık 2,5 milyon tona kadar petrol taşıyabiliyor."
    assert [f["metric"] for f in facts_with_entities(facts_pipeline, "tr", granted)] != ["capacity"]


def test_plants_a_company_had_built_are_in_operation(facts_pipeline):
    text = "Şirket ülkede daha önce toplam kapasitesi 1.200 megavatın üzerinde olan santraller inşa etmişti."
    facts = facts_with_entities(facts_pipeline, "tr", text)
    assert [(f["metric"], f["modality"]) for f in facts] == [("capacity", "actual")]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Under the OPEC+ deal, Kazakhstan's quota was set at 1.468 million barrels.", (1.468, "mb/d")),
        (
            "tr",
            "Kazakistan nisanda OPEC+ kapsamında 1,5 milyon varilin hemen altında olan kotasını aştı.",
            (1.5, "mb/d"),
        ),
        (
            # a production figure under a limit becomes a quota only once its modality is read
            "ru",
            "В апреле добыча в Казахстане была заметно выше установленного для него потолка в 1,468 млн баррелей.",
            (1.468, "mb/d"),
        ),
    ],
)
def test_an_oil_quota_is_a_daily_rate_where_the_day_goes_unsaid(facts_pipeline, lang, text, expected):
    facts = facts_with_entities(facts_pipeline, lang, text)
    assert [(f["value"], f["unit"], f["metric"]) for f in facts] == [(*expected, "quota")]


# an amount a quantity falls by is negative, as a percentage decline is; a level it falls to is not
DECLINES = [
    ("ru", "До конца ремонта суточная добыча снизится примерно на 900 тонн нефти.", (-900.0, "t/d")),
    ("ru", "Добыча нефти на месторождении снизилась до 900 тонн в сутки.", (900.0, "t/d")),
    ("kk", "Станция газға көшкенде көмір жағу жылына 1,5 млн тоннаға азаяды.", (-1.5, "Mt")),
    (
        "tr",
        "Türkiye'nin doğal gaz ithalatının yıllık yaklaşık 7 milyar metreküp azalacağı tahmin ediliyor.",
        (-7.0, "bcm"),
    ),
    ("tr", "Türkiye'nin doğal gaz ithalatı geçen yıl 7 milyar metreküpe geriledi.", (7.0, "bcm")),
    ("tr", "Santralin kullanılabilir kapasitesi 245 MW'a geriledi.", (245.0, "MW")),
]


@pytest.mark.parametrize(("lang", "text", "expected"), DECLINES)
def test_an_amount_fallen_by_is_negative(facts_pipeline, lang, text, expected):
    facts = facts_with_entities(facts_pipeline, lang, text)
    assert [(f["value"], f["unit"]) for f in facts] == [expected]


def test_the_size_of_a_decided_cut_stays_positive(facts_pipeline):
    text = (
        "ОПЕК+ елдері ерікті қысқартуды жалғастырады. Ресей наурыздан бастап мұнай экспортын тәулігіне "
        "500 мың баррельге азайтатынын хабарлады."
    )
    facts = facts_with_entities(facts_pipeline, "kk", text)
    assert [(f["value"], f["unit"], f["modality"]) for f in facts] == [(500.0, "kb/d", "target")]


def test_a_kazakh_purchase_from_a_country_is_an_import_of_the_buyer(facts_pipeline):
    text = (
        "Тоғыз айдың қорытындысы бойынша Қазақстан Ресей Федерациясынан 2,8 млрд кВт·сағ электр энергиясын "
        "сатып алды. 2023 жылдың сәйкес кезеңінде бұл көрсеткіш 1,4 млрд кВт·сағ болған еді."
    )
    named = [("Қазақстан", "Kazakhstan", "COUNTRY"), ("Ресей Федерациясынан", "Russia", "COUNTRY")]
    facts = facts_with_entities(facts_pipeline, "kk", text, named)
    # `қорытынды` (results) is no reserve; the seller, named in the ablative, is not the figure's place;
    # "in the same period of 2023" is that period, not a comparison's base
    assert [(f["value"], f["metric"], f["geo"]) for f in facts] == [
        (2.8, "import", "Kazakhstan"),
        (1.4, "import", "Kazakhstan"),
    ]
    assert facts[1]["period"] is not None and facts[1]["period"].startswith("2023")


def test_the_articles_country_is_the_one_named_as_a_subject(facts_pipeline):
    text = (
        "Қазақстан электр энергиясын Ресейден сатып алуды жалғастырып отыр. Ресейден келетін энергия "
        "қымбаттады, Ресейден жеткізу тұрақты. Елдегі өндіріс тоғыз айда 85,6 млрд кВт·сағ болды."
    )
    facts = facts_with_entities(facts_pipeline, "kk", text)
    assert [(f["value"], f["geo"]) for f in facts] == [(85.6, "Kazakhstan")]


def test_an_english_decline_written_without_by_is_negative(facts_pipeline):
    text = "Gas production fell to 31.2 billion cubic metres in January-September, down 3.9% from a year earlier."
    facts = facts_with_entities(facts_pipeline, "en", text)
    assert sorted((f["value"], f["unit"]) for f in facts) == [(-3.9, "%"), (31.2, "bcm")]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Kazakhstan produced 88 million tonnes of oil in 2022 and plans to keep output above that level."),
        ("ru", "В 2022 году Казахстан добыл 88 млн тонн нефти и планирует сохранить добычу на этом уровне."),
    ],
)
def test_a_past_verb_before_the_figure_governs_it_over_a_later_plan(facts_pipeline, lang, text):
    facts = facts_with_entities(facts_pipeline, lang, text)
    assert [(f["value"], f["modality"]) for f in facts] == [(88.0, "actual")]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # capacity put up at an auction is to be built: a target
        ("ru", "Всего на аукционе разыгрывалось 380 МВт установленной мощности.", ("capacity", "target")),
        ("en", "The auction offered 250 MW of wind capacity to developers.", ("capacity", "target")),
        # a sum per unit is a price, whatever volume words stand near
        (
            "en",
            "Coal-fired electricity plants keep a capacity payment of 610,000 tenge per megawatt per month.",
            ("price", "actual"),
        ),
    ],
)
def test_auctions_and_tariffs(facts_pipeline, lang, text, expected):
    facts = facts_with_entities(facts_pipeline, lang, text)
    assert [(f["metric"], f["modality"]) for f in facts] == [expected]


def test_the_size_written_with_an_installation_is_its_capacity(facts_pipeline):
    text = "Officials discussed a pipeline of around 12 billion cubic metres a year across the Caspian."
    assert [f["metric"] for f in facts_with_entities(facts_pipeline, "en", text)] == ["capacity"]


def test_the_items_of_a_list_of_shareholders_are_stakes(facts_pipeline):
    text = "Зауытты консорциум қаржыландырады.\nКонсорциум акционерлері:\n• Shell – 40%;\n• Eni – 35%;\n• ҚазМұнайГаз – 25%."
    facts = facts_with_entities(facts_pipeline, "kk", text)
    assert sorted((f["value"], f["metric"], f["unit"]) for f in facts) == [
        (25.0, "other", "%"),
        (35.0, "other", "%"),
        (40.0, "other", "%"),
    ]
    # without the line that opens the list, a bare percentage is no stake
    plain = "Зауытты консорциум қаржыландырады.\n• Shell – 40%;\n• Eni – 35%."
    assert not any(
        f["metric"] == "other" and f["unit"] == "%" for f in facts_with_entities(facts_pipeline, "kk", plain)
    )


def test_a_stake_is_in_what_the_owned_asset_produces(facts_pipeline):
    # the article speaks of gas; KPO produces oil, condensate and gas together: its stakes are `other`
    text = "Газ пойдёт на новый завод. В Karachaganak Petroleum Operating акционерами являются Shell (29,25%) и Eni."
    named = [("Karachaganak Petroleum Operating", "Karachaganak Petroleum Operating", "ORG", "caspian:kpo")]
    doc_facts = facts_with_entities(facts_pipeline, "ru", text, named)
    stakes = [(f["commodity"], f["geo"]) for f in doc_facts if f["unit"] == "%"]
    assert stakes == [("other", "Karachaganak Petroleum Operating")]


def test_the_items_of_a_list_of_shareholders_are_stakes_in_the_company_it_names(facts_pipeline):
    text = "Зауыт жылына газ өңдейді.\nKPO акционерлері:\n• Shell – 29,25%;\n• Chevron – 18%."
    named = [("KPO", "Karachaganak Petroleum Operating", "ORG", "caspian:kpo")]
    facts = facts_with_entities(facts_pipeline, "kk", text, named)
    assert sorted((f["value"], f["commodity"]) for f in facts) == [(18.0, "other"), (29.25, "other")]


def test_a_turkish_need_is_a_consumption(facts_pipeline):
    text = "Özerk cumhuriyetin yıllık gaz ihtiyacı 650 milyon metreküp civarında."
    assert [f["metric"] for f in facts_with_entities(facts_pipeline, "tr", text)] == ["consumption"]
