"""Fact kinds of the third round (issue 13, held-out set studied): a region named in a figure's clause
is its geo, and a project's cost told with no verb of spending is a budget (target). Sentences are our own."""

import pytest

from tests.conftest import process_text
from tests.stages.conftest import facts_with_entities


def read(pipeline, lang, text, places=()):
    """The facts of `text`, with the places given by hand: (surface, canonical)."""
    return facts_with_entities(
        pipeline, lang, text, [(surface, canonical, "LOCATION") for surface, canonical in places]
    )


REGIONS = [
    (
        "ru",
        "Больше всего угля добыли в регионах: Карагандинская область дала 20,1 млн тонн.",
        [("Карагандинская область", "Karaganda Region")],
        "Karaganda Region",
    ),
    (
        "kk",
        "Бір жылда Атырау облысында электр тұтыну 9 пайызға өсті.",
        [("Атырау облысында", "Atyrau Region")],
        "Atyrau Region",
    ),
]


@pytest.mark.parametrize(("lang", "text", "places", "geo"), REGIONS, ids=[c[0] for c in REGIONS])
def test_a_region_in_the_clause_is_the_geo(facts_pipeline, lang, text, places, geo):
    facts = read(facts_pipeline, lang, text, places)
    assert [f["geo"] for f in facts] == [geo]


def test_a_region_elsewhere_in_the_sentence_is_not(facts_pipeline):
    text = "В Жамбылской области, по данным министерства, Казахстан экспортировал 3 млн тонн зерна и 2 млн тонн нефти."
    facts = read(facts_pipeline, "ru", text, [("Жамбылской области", "Zhambyl Region")])
    assert "Zhambyl Region" not in [f["geo"] for f in facts]


BUDGETS = [
    ("kk", "Құны 120 млрд теңге болатын жаңа жылу электр орталығы салынады.", "target"),
    ("tr", "Toplam yatırım değeri 2 milyar dolar olan rüzgar santrali projesi uygulama aşamasında.", "target"),
    ("en", "The company has invested $450 million in the wind farm since 2019.", "actual"),
]


@pytest.mark.parametrize(("lang", "text", "modality"), BUDGETS, ids=[c[0] for c in BUDGETS])
def test_a_cost_with_no_spending_verb_is_a_budget(facts_pipeline, lang, text, modality):
    facts = [f for f in read(facts_pipeline, lang, text) if f["metric"] == "investment"]
    assert [f["modality"] for f in facts] == [modality]


# a change "from X to Y": X is the level now (actual), Y the plan or the forecast
CHANGES = [
    ("ru", "Мощность завода планируется увеличить с 4 до 7 млн тонн нефти в год.", ["actual", "target"]),
    ("en", "The company plans to raise gas output from 12 bcm to 20 bcm by 2030.", ["actual", "target"]),
    (
        "kk",
        "Жаңа технологиямен кеніште көмір өндіру 30 млн тоннадан 38 млн тоннаға дейін артады деп жоспарлануда.",
        ["actual", "target"],
    ),
]


@pytest.mark.parametrize(("lang", "text", "modalities"), CHANGES, ids=[c[0] for c in CHANGES])
def test_a_change_starts_from_the_present_level(facts_pipeline, lang, text, modalities):
    facts = [f for f in read(facts_pipeline, lang, text) if f["unit"] != "x"]
    assert [f["modality"] for f in facts] == modalities


# a reserve "estimated at" is what the deposit holds (actual); a reserve predicted stays a forecast
RESERVES = [
    ("ru", "Запасы газа на месторождении оцениваются в 120 млрд кубометров.", "actual"),
    ("en", "The field's oil reserves are estimated at 80 million tonnes.", "actual"),
    ("ru", "По прогнозу геологов, запасы газа на участке оцениваются в 40 млрд кубометров.", "forecast"),
]


@pytest.mark.parametrize(("lang", "text", "modality"), RESERVES, ids=[f"{c[0]}-{i}" for i, c in enumerate(RESERVES)])
def test_an_estimated_reserve_is_actual(facts_pipeline, lang, text, modality):
    facts = read(facts_pipeline, lang, text)
    assert [(f["metric"], f["modality"]) for f in facts] == [("reserves", modality)]


# a state (a capacity, a reserve, a stake) is dated only by its own clause
STATES = [
    ("ru", "Строительство начнётся в 2026 году. Мощность новой ТЭЦ в Костанае составит 300 МВт.", None),
    ("en", "In 2009, the year of the deal, KazMunayGas acquired a 40% stake in the refinery.", None),
    ("kk", "Кен орнындағы газ қоры 50 млрд текше метр, ал өндіру 2030 жылы басталады.", None),
    # a capacity whose own clause names the year keeps it
    ("en", "By 2030 the country's wind capacity will reach 5 GW.", "2030"),
]


@pytest.mark.parametrize(("lang", "text", "period"), STATES, ids=[f"{c[0]}-{i}" for i, c in enumerate(STATES)])
def test_a_state_is_dated_by_its_own_clause(facts_pipeline, lang, text, period):
    facts = read(facts_pipeline, lang, text)
    assert facts and [f["period"] for f in facts] == [period] * len(facts)


def test_the_start_of_a_change_takes_no_deadline(facts_pipeline):
    facts = read(facts_pipeline, "en", "The company will lift its output from 40 TWh to 90 TWh by 2035.")
    assert [(f["value"], f["modality"], f["period"]) for f in facts] == [
        (40, "actual", None),
        (90, "target", "2035"),
    ]


def test_a_kazakh_change_verb_in_the_present_future_is_ahead(facts_pipeline):
    # "өседі" (will grow) tells what is expected of the figure, not what was achieved
    facts = read(facts_pipeline, "kk", "Келесі жылы газ өндіру 30 млрд текше метрге дейін өседі.")
    assert [(f["metric"], f["modality"]) for f in facts] == [("production", "forecast")]


def test_a_month_in_a_sentence_without_figures_is_no_report_period(facts_pipeline):
    text = (
        "В ноябре на терминале прошли учения. Погрузка танкеров шла медленнее обычного. "
        "Экспорт нефти через терминал составил 27 млн тонн."
    )
    doc = process_text(facts_pipeline, text, given={"lang": "ru"})
    doc.published, doc.entities = "2024-01-10", []
    facts = facts_pipeline.stages[-1](doc).facts
    assert [(f["value"], f["period"]) for f in facts] == [(27, None)]


def test_the_same_period_of_a_year_is_a_comparison_base(facts_pipeline):
    text = "Uranium output was 3,100 tonnes (100% basis) in the first half, up from 2,900 tonnes in the same period of 2022."
    doc = process_text(facts_pipeline, text, given={"lang": "en"})
    doc.published, doc.entities = "2023-07-20", []
    facts = facts_pipeline.stages[-1](doc).facts
    assert facts[0]["value"] == 3100 and facts[0]["period"] == "2023-01..2023-06"


def test_a_month_without_a_year_takes_the_report_period_year(facts_pipeline):
    text = (
        "2023 жылдың бірінші тоқсанында елде 21 млн тонна мұнай өндірілді. Ақпанда бұл көрсеткіш 6,9 млн тонна болған."
    )
    facts = read(facts_pipeline, "kk", text)
    assert [(f["value"], f["period"]) for f in facts] == [(21, "2023-01..2023-03"), (6.9, "2023-02")]


PLANNED = [
    ("ru", "Компания начала строительство трёх ветровых электростанций общей мощностью 1,5 ГВт.", "target"),
    ("ru", "Действующая станция мощностью 500 МВт работает на угле.", "actual"),
    ("en", "Masdar signed a deal for the 1.2 GW wind farm project in the south of the country.", "target"),
    ("en", "The 300 MW plant, commissioned last spring, supplies the northern grid.", "actual"),
    # `plant` is no `plan`
    ("en", "The coal plant near the city has an installed capacity of 500 MW.", "actual"),
    ("kk", "Облыста қуаты 240 МВт болатын жаңа станция салынады.", "target"),
    ("tr", "Şirket, 2021'de devreye alınan 100 megavatlık santralini genişletmek istemiyor.", "actual"),
]


@pytest.mark.parametrize(("lang", "text", "modality"), PLANNED)
def test_a_planned_capacity_is_a_target_and_one_in_operation_actual(facts_pipeline, lang, text, modality):
    facts = [f for f in read(facts_pipeline, lang, text) if f["metric"] == "capacity"]
    assert [f["modality"] for f in facts] == [modality], facts


EXPANSIONS = [
    ("ru", "Мощность завода по переработке нефти расширят с 6 до 12 млн тонн в год.", ["capacity", "capacity"]),
    ("ru", "За полгода завод переработал 2,9 млн тонн нефти при плане 2,8 млн тонн.", ["refining", "refining"]),
]


@pytest.mark.parametrize(("lang", "text", "metrics"), EXPANSIONS)
def test_a_refinery_expanded_grows_in_capacity_and_what_it_processed_is_refining(facts_pipeline, lang, text, metrics):
    assert [f["metric"] for f in read(facts_pipeline, lang, text)] == metrics


RU_KINDS = [
    ("Шахтёры области за полгода выдали на-гора 30 млн тонн угля.", ("production", "actual")),
    ("В прошлом году в стране произвели 110 млн тонн угля.", ("production", "actual")),
    ("Потребление электроэнергии в стране достигло пика – 15 800 МВт.", ("consumption", "actual")),
    # a design capacity is actual, though the word is `проектная`
    ("Проектная мощность нефтепровода составляет 20 млн тонн в год.", ("capacity", "actual")),
]


@pytest.mark.parametrize(("text", "expected"), RU_KINDS)
def test_russian_output_demand_and_design_capacity(facts_pipeline, text, expected):
    facts = read(facts_pipeline, "ru", text)
    assert [(f["metric"], f["modality"]) for f in facts] == [expected], facts


KK_KINDS = [
    ("Қыста елде қуат тапшылығы 1,2 гигаваттты құрады.", ("other", "actual")),
    ("Өткен аптада ең жоғары жүктеме 16,2 гигаваттқа жетті.", ("consumption", "actual")),
    ("Жаңа электр станциясының құрылысына 2 млрд доллар жұмсалады.", ("investment", "target")),
]


@pytest.mark.parametrize(("text", "expected"), KK_KINDS)
def test_kazakh_shortfall_peak_load_and_spending(facts_pipeline, text, expected):
    facts = read(facts_pipeline, "kk", text)
    assert [(f["metric"], f["modality"]) for f in facts] == [expected], facts


TR_KINDS = [
    ("Yılda 45 milyar metreküp doğal gaz tüketen ülke yeni kaynak arıyor.", "consumption"),
    ("Şirket bu yıl 2 milyar metreküp gaz teslim alacak.", "import"),
]


@pytest.mark.parametrize(("text", "metric"), TR_KINDS)
def test_turkish_consuming_and_taking_delivery(facts_pipeline, text, metric):
    assert [f["metric"] for f in read(facts_pipeline, "tr", text)] == [metric]


def test_an_estimate_of_a_past_year_is_actual_and_of_a_coming_one_a_forecast(facts_pipeline):
    past = "China's crude imports in 2023 were estimated at some 560 million tonnes."
    coming = "Analysts say China's crude imports in 2027 are estimated at 600 million tonnes."
    doc_meta = {"given": {"lang": "en", "published": "2024-03-01"}}
    for text, modality in ((past, "actual"), (coming, "forecast")):
        doc = process_text(facts_pipeline, text, **doc_meta)
        doc.entities = []
        facts = facts_pipeline.stages[-1](doc).facts
        assert [f["modality"] for f in facts] == [modality], (text, facts)


def test_an_increase_a_country_is_allowed_is_a_quota_limit(facts_pipeline):
    text = (
        "OPEC+ kept its output cuts in place on Thursday. "
        "Under the new terms Kazakhstan may raise production step by step, by 20,000 barrels per day in May."
    )
    facts = read(facts_pipeline, "en", text)
    assert [(f["metric"], f["modality"], f["value"]) for f in facts] == [("quota", "limit", 20.0)], facts


def test_barrels_of_oil_equivalent_are_no_one_commodity(facts_pipeline):
    facts = read(facts_pipeline, "en", "The field's 2023 output was roughly 143 million barrels of oil equivalent.")
    assert [(f["commodity"], f["unit"], f["value"]) for f in facts] == [("other", "boe", 143_000_000)]


def periods(pipeline, lang, text, published=None):
    given = {"lang": lang, "published": published} if published else {"lang": lang}
    doc = process_text(pipeline, text, given=given)
    doc.published = published or doc.published
    return [(f["value"], f["period"]) for f in pipeline.stages[-1](doc).facts]


def test_last_years_same_period_is_the_base_of_a_comparison_not_the_period(facts_pipeline):
    text = (
        "Жыл басынан бергі сегіз айда 59,8 млн тонна мұнай өндірілді. "
        "Қарашығанақта – 7,9 млн тонна (өткен жылғы сәйкес кезеңнің 95,2%-ы)."
    )
    assert periods(facts_pipeline, "kk", text, "2019-09-10") == [
        (59.8, "2019-01..2019-08"),
        (7.9, "2019-01..2019-08"),
        (95.2, "2019-01..2019-08"),
    ]


def test_a_month_in_a_schedule_that_runs_to_a_deadline_is_of_the_deadlines_year(facts_pipeline):
    text = (
        "Казахстан будет компенсировать перепроизводство нефти до июня 2026 года. "
        "В январе сокращение добычи нефти составит 100 тыс. баррелей в сутки."
    )
    assert (100, "2026-01") in [(v, p) for v, p in periods(facts_pipeline, "ru", text)]


def test_a_figure_restated_in_other_words_is_one_fact(facts_pipeline):
    text = (
        "Kazakhstan plans its gas production to grow this year to 60.5 billion cubic meters. "
        "The ministry said the 2024 production plan for gas is set at 60.5 billion cubic meters."
    )
    facts = periods(facts_pipeline, "en", text, "2024-07-01")
    assert facts == [(60.5, "2024")]


def test_two_holders_equal_stakes_stay_two_facts(facts_pipeline):
    text = "The Karachaganak consortium's shareholders are Shell (29.25%), Eni (29.25%) and Chevron (18%)."
    facts = read(facts_pipeline, "en", text)
    assert sorted(f["value"] for f in facts) == [18, 29.25, 29.25]


def test_a_quota_named_for_another_figure_does_not_make_output_a_quota(facts_pipeline):
    text = (
        "Kazakhstan exceeded its OPEC+ quota. Official data put March oil output at 1.475 million barrels per day, "
        "against a quota of 1.437 million barrels per day."
    )
    facts = read(facts_pipeline, "en", text)
    assert [(f["metric"], f["modality"], f["value"]) for f in facts] == [
        ("production", "actual", 1.475),
        ("quota", "limit", 1.437),
    ]


def test_a_span_of_months_after_another_pair_joined_by_ile(facts_pipeline):
    text = "Bakü-Tiflis-Ceyhan Petrol Boru Hattı ile ocak-eylül 2023 döneminde 3,8 milyon ton petrol taşındı."
    assert periods(facts_pipeline, "tr", text, "2023-10-12") == [(3.8, "2023-01..2023-09")]
