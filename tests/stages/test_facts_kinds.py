"""Kinds of fact error fixed for issue 13 (the dev and independent sets' conventions), each with
new sentences of our own in the languages it concerns."""

import pytest

from tests.conftest import process_text


def read(pipeline, lang, text, published=None):
    doc = process_text(pipeline, text, given={"lang": lang})
    doc.published = published
    return pipeline.stages[-1](doc).facts


# a report names its period once; every achieved flow after it is of that period
RUNNING = [
    (
        "ru",
        "С января по март 2023 года добыча нефти составила 20 млн тонн. Экспорт нефти достиг 15 млн тонн.",
        None,
        ["2023-01..2023-03", "2023-01..2023-03"],
    ),
    (
        "tr",
        "Bu yılın ocak-mart döneminde Kazakistan 5 milyon ton petrol ihraç etti. Doğalgaz ihracatı ise 2 milyar "
        "metreküp oldu.",
        "2024-05-02",
        ["2024-01..2024-03", "2024-01..2024-03"],
    ),
    (
        "kk",
        "Қаңтар-наурыз аралығында 4 млн тонна мұнай өндірілді. Газ экспорты 3 млрд текше метрді құрады.",
        "2022-04-20",
        ["2022-01..2022-03", "2022-01..2022-03"],
    ),
    # "the same period of 2022" is the report's months in 2022, and does not end the report's period
    (
        "ru",
        "С января по март 2023 года экспорт нефти составил 16 млн тонн. За тот же период 2022 года экспорт "
        "составлял 14 млн тонн. Добыча газа составила 9 млрд кубометров.",
        None,
        ["2023-01..2023-03", "2022-01..2022-03", "2023-01..2023-03"],
    ),
    # a rate is no span of time: its period is null, whatever period ran before it
    (
        "en",
        "In the first quarter of 2024 Kazakhstan exported 18 million tonnes of oil. The pipeline can carry 60 "
        "million tonnes of oil a year.",
        None,
        ["2024-01..2024-03", None],
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "published", "periods"), RUNNING, ids=[f"{c[0]}:{c[1][:30]}" for c in RUNNING]
)
def test_a_report_period_runs_on(facts_pipeline, lang, text, published, periods):
    assert [f["period"] for f in read(facts_pipeline, lang, text, published)] == periods


# periods without a written year: the published year, or the year after the one compared with
PERIODS = [
    ("kk", "Наурызда елде 6 млн тонна мұнай өндірілді.", "2024-04-10", "2024-03"),
    ("kk", "Сегіз айдың қорытындысында 50 млн тонна мұнай өндірілді.", "2019-09-05", "2019-01..2019-08"),
    ("ru", "За 11 месяцев на месторождении добыли 7 млн тонн нефти.", "2017-12-15", "2017-01..2017-11"),
    (
        "ru",
        "С января по июнь добыча угля составила 50 млн тонн, что на 4% больше, чем за тот же период 2022 года.",
        None,
        "2023-01..2023-06",
    ),
]


@pytest.mark.parametrize(("lang", "text", "published", "period"), PERIODS, ids=[f"{c[0]}:{c[1][:30]}" for c in PERIODS])
def test_periods_without_a_written_year(facts_pipeline, lang, text, published, period):
    assert read(facts_pipeline, lang, text, published)[0]["period"] == period


def test_a_comparison_base_span_is_not_the_period(facts_pipeline):
    text = "Экспорт нефти за три месяца достиг 17 млн тонн, что на 5% превышает уровень января — марта 2021 года."
    assert [f["period"] for f in read(facts_pipeline, "ru", text)] == ["2022-01..2022-03", "2022-01..2022-03"]


# kilowatt-hours in Kazakh and Turkish, and a b/d rate "per month" (which crashed the stage)
UNITS = [
    ("kk", "Станция жылына 2 млрд кВт·сағ электр энергиясын өндіреді.", (2, "TWh")),
    ("tr", "Santral geçen yıl 1,5 milyar kilovat saat elektrik üretti.", (1.5, "TWh")),
    ("ru", "Ирак будет сокращать добычу нефти по 120 тыс. б/с в месяц.", (120, "kb/d")),
]


@pytest.mark.parametrize(("lang", "text", "expected"), UNITS, ids=[f"{c[0]}:{c[1][:30]}" for c in UNITS])
def test_units(facts_pipeline, lang, text, expected):
    (fact,) = read(facts_pipeline, lang, text)
    assert (fact["value"], fact["unit"]) == (pytest.approx(expected[0]), expected[1])


# a percentage beyond a plan or a forecast is achieved; the plan's own figure is not
EXCEEDED = [
    ("en", "Oil exports were 7% above the plan.", "actual"),
    ("en", "Gas output came in 4% more than the ministry had planned.", "actual"),
    ("kk", "Газ экспорты болжамдағыдан 12%-ға артық болды.", "actual"),
    ("tr", "Petrol ihracatı planlanandan yüzde 9 fazla gerçekleşti.", "actual"),
]


@pytest.mark.parametrize(("lang", "text", "modality"), EXCEEDED, ids=[f"{c[0]}:{c[1][:30]}" for c in EXCEEDED])
def test_beyond_the_plan_is_achieved(facts_pipeline, lang, text, modality):
    assert [f["modality"] for f in read(facts_pipeline, lang, text)] == [modality]


# a stake to be held in a venture still to be formed is a target; one held is actual
STAKES = [
    ("en", "KazMunayGas will hold 40% of the new gas processing venture.", "target"),
    ("ru", "Казахстанской стороне будет принадлежать 30% акций совместного нефтяного предприятия.", "target"),
    ("en", "Chevron holds 50% of the oil venture.", "actual"),
]


@pytest.mark.parametrize(("lang", "text", "modality"), STAKES, ids=[f"{c[0]}:{c[1][:30]}" for c in STAKES])
def test_stake_modality(facts_pipeline, lang, text, modality):
    assert [(f["metric"], f["modality"]) for f in read(facts_pipeline, lang, text)] == [("other", modality)]


def test_equal_stakes_in_one_list_are_separate_facts(facts_pipeline):
    text = "The oil venture's shareholders are Shell (30%), Eni (30%) and KMG (40%)."
    assert [f["value"] for f in read(facts_pipeline, "en", text)] == [30, 30, 40]


# "from X to Y" / "с X до Y" is a change, two figures; "between X and Y" / "от X до Y" a range
CHANGES = [
    ("ru", "Мощность НПЗ вырастет с 6 до 12 млн тонн нефти в год.", [(6, "Mt"), (12, "Mt")]),
    (
        "en",
        "The refinery's capacity will rise from 5 million to 8 million tonnes of oil a year.",
        [(5, "Mt"), (8, "Mt")],
    ),
    ("en", "Kazatomprom plans to mine between 20,000 and 21,500 tonnes of uranium.", [(20000, "tU")]),
    ("ru", "Компания планирует добыть от 20 000 до 21 500 тонн урана.", [(20000, "tU")]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CHANGES, ids=[f"{c[0]}:{c[1][:30]}" for c in CHANGES])
def test_changes_and_ranges(facts_pipeline, lang, text, expected):
    got = [(f["value"], f["unit"]) for f in read(facts_pipeline, lang, text)]
    assert got == [(pytest.approx(v), u) for v, u in expected]


# a multiple written as one word
MULTIPLES = [
    ("ru", "Компания планирует удвоить добычу газа на месторождении.", 2),
    ("en", "The country plans to triple its wind power capacity.", 3),
    ("ru", "Мощность нефтепровода увеличат вдвое.", 2),
]


@pytest.mark.parametrize(("lang", "text", "value"), MULTIPLES, ids=[f"{c[0]}:{c[1][:30]}" for c in MULTIPLES])
def test_multiplier_words(facts_pipeline, lang, text, value):
    assert [(f["value"], f["unit"]) for f in read(facts_pipeline, lang, text)] == [(value, "x")]


def test_a_change_in_brackets_takes_the_figure_before(facts_pipeline):
    facts = read(facts_pipeline, "ru", "Добыча угля на разрезе — 3 млн тонн (+5%), концентрат — 1 млн тонн (−2%).")
    assert [(f["metric"], f["value"], f["unit"]) for f in facts] == [
        ("production", 3, "Mt"),
        ("production", 5, "%"),
        ("production", 1, "Mt"),
        ("production", -2, "%"),
    ]


def test_a_level_a_flow_is_raised_to_is_no_limit(facts_pipeline):
    (fact,) = read(facts_pipeline, "ru", "Страна намерена довести экспорт газа до 20 млрд кубометров в год.")
    assert (fact["metric"], fact["modality"]) == ("export", "target")


def test_the_pipeline_consortium_is_not_the_sea(facts_pipeline):
    facts = read(facts_pipeline, "en", "Oil exports via the Caspian Pipeline Consortium reached 60 million tonnes.")
    assert [f["geo"] for f in facts] != ["Caspian Sea"]


def test_a_share_of_the_plan_is_of_the_figure_before(facts_pipeline):
    text = "Мұнай өндіру жоспары асыра орындалды. Теңізде 19 млн тонна өндірілді, бұл жоспардың 101%-ы."
    facts = read(facts_pipeline, "kk", text)
    assert [(f["commodity"], f["metric"], f["value"], f["unit"]) for f in facts] == [
        ("oil", "production", 19, "Mt"),
        ("oil", "production", 101, "%"),
    ]


# what a plant can process or carry, or is designed for, is its capacity
CAPACITIES = [
    ("en", "The plant can now process as much as 5,000 tonnes of uranium a year.", "capacity"),
    ("ru", "Газопровод способен прокачивать 10 млрд кубометров газа в год.", "capacity"),
    ("ru", "Завод рассчитан на переработку 4 млн тонн нефти.", "capacity"),
    ("en", "Refineries processed 17 million tonnes of crude last year.", "refining"),
]


@pytest.mark.parametrize(("lang", "text", "metric"), CAPACITIES, ids=[f"{c[0]}:{c[1][:30]}" for c in CAPACITIES])
def test_capacity_words(facts_pipeline, lang, text, metric):
    assert [f["metric"] for f in read(facts_pipeline, lang, text)] == [metric]


# a power figure is a capacity unless its clause makes it an output level or a shortfall
POWER = [
    ("kk", "Қыста электр станцияларының генерациясы 15 гигаватт деңгейінде болмақ.", "production"),
    ("ru", "Выработка станции упала до 300 МВт.", "production"),
    ("en", "The grid faces a deficit of 1.2 GW this winter.", "other"),
    ("en", "Uzbekistan plans to reach 10 GW of renewable generating capacity by 2030.", "capacity"),
]


@pytest.mark.parametrize(("lang", "text", "metric"), POWER, ids=[f"{c[0]}:{c[1][:30]}" for c in POWER])
def test_power_metric(facts_pipeline, lang, text, metric):
    assert [f["metric"] for f in read(facts_pipeline, lang, text)] == [metric]


# what a country uses itself is consumption; what it sells abroad, export
FLOWS = [
    ("tr", "Ülkenin kendi ihtiyaçları için 20 milyar metreküp gaz kullanılıyor.", "consumption"),
    ("en", "The country sells abroad 70% of the oil it extracts.", "export"),
    ("tr", "Çin'e LNG satışında Katar 2 milyon tonla ikinci sırada.", "export"),
]


@pytest.mark.parametrize(("lang", "text", "metric"), FLOWS, ids=[f"{c[0]}:{c[1][:30]}" for c in FLOWS])
def test_flow_words(facts_pipeline, lang, text, metric):
    assert [f["metric"] for f in read(facts_pipeline, lang, text)] == [metric]


# last year as the base of a comparison: the figure is this year's
LAST_YEAR_BASE = [
    ("ru", "В сентябре добыли 9 млн тонн угля, на 5% меньше, чем в сентябре прошлого года.", "2025-09"),
    ("tr", "Doğalgaz ihracatı geçen yıla göre yüzde 4 arttı.", "2025"),
    ("en", "Coal output was 3% higher than last year.", "2025"),
]


@pytest.mark.parametrize(
    ("lang", "text", "period"), LAST_YEAR_BASE, ids=[f"{c[0]}:{c[1][:30]}" for c in LAST_YEAR_BASE]
)
def test_last_year_as_a_base(facts_pipeline, lang, text, period):
    assert {f["period"] for f in read(facts_pipeline, lang, text, "2025-10-20")} == {period}


def test_coke_is_no_coal(facts_pipeline):
    facts = read(facts_pipeline, "ru", "Производство каменноугольного кокса достигло 2 млн тонн.")
    assert [f["commodity"] for f in facts] == ["other"]


def test_an_elliptic_list_shares_its_unit_and_each_month_dates_its_figure(facts_pipeline):
    text = "В январе сокращение добычи нефти составит 100 тыс. б/с, в феврале — 300 тыс., в марте — 450 тыс. б/с."
    facts = read(facts_pipeline, "ru", text, "2026-01-10")
    assert [(f["value"], f["unit"], f["period"]) for f in facts] == [
        (100, "kb/d", "2026-01"),
        (300, "kb/d", "2026-02"),
        (450, "kb/d", "2026-03"),
    ]
