import pytest

import caspian.stages.facts  # noqa: F401  (registers the stage)
from caspian.pipeline import Pipeline
from caspian.settings import Settings
from tests.conftest import process_text, read_one, seed_cases

FIELDS = ("commodity", "metric", "value", "unit", "period", "modality", "geo")


@pytest.fixture(scope="module")
def facts_pipeline():
    return Pipeline.from_settings(Settings(stages=("clean", "metadata", "language", "segment", "facts")))


def typed(fact):
    return {k: (pytest.approx(fact[k]) if k == "value" else fact[k]) for k in FIELDS}


CASES = [
    (
        "ru",
        "Добыча нефти в Казахстане в 2023 году составила 90,0 млн тонн, сообщило министерство энергетики.",
        None,
        [("oil", "production", 90, "Mt", "2023", "actual", "Kazakhstan")],
    ),
    (
        "ru",
        "По прогнозу министерства, в 2025 году экспорт газа составит 20 млрд кубометров.",
        None,
        [("gas", "export", 20, "bcm", "2025", "forecast", None)],
    ),
    (
        "ru",
        "Казахстан обязался добывать не более 1 468 тыс. баррелей нефти в сутки до марта.",
        None,
        [("oil", "quota", 1.468, "mb/d", None, "limit", "Kazakhstan")],
    ),
    (
        "ru",
        "За 11 месяцев 2024 года потребление электроэнергии выросло на 5,2%.",
        None,
        [("electricity", "consumption", 5.2, "%", "2024-01/2024-11", "actual", None)],
    ),
    (
        "kk",
        "Биыл Қазақстанда мұнай өндіру 90 миллион тоннаға жетеді деп күтілуде.",
        "2024-03-01",
        [("oil", "production", 90, "Mt", "2024", "forecast", "Kazakhstan")],
    ),
    (
        "kk",
        "Бірінші тоқсанда екі жарым миллион тонна мұнай экспортталды.",
        "2024-05-01",
        [("oil", "export", 2.5, "Mt", None, "actual", None)],
    ),
    (
        "tr",
        "Türkiye'nin doğal gaz ithalatı geçen yıl 50 milyar metreküp oldu.",
        "2024-02-10",
        [("gas", "import", 50, "bcm", "2023", "actual", "Turkey")],
    ),
    (
        "tr",
        "Şirket, 2030 yılına kadar yenilenebilir enerji kapasitesini 1.500 MW artırmayı hedefliyor.",
        None,
        [("electricity", "capacity", 1.5, "GW", "2030", "target", None)],
    ),
    (
        "en",
        "Kazakhstan plans to raise oil production to 2 million barrels per day by 2030.",
        None,
        [("oil", "production", 2, "mb/d", "2030", "target", "Kazakhstan")],
    ),
    (
        "en",
        "KazMunayGas will invest $2 billion in the gas pipeline this year.",
        "2024-06-21",
        [("gas", "investment", 2e9, "USD", "2024", "forecast", "Kazakhstan")],
    ),
    (
        "en",
        "Kazatomprom produced about one and a half thousand tonnes of uranium in the first quarter of 2024.",
        None,
        [("uranium", "production", 1500, "tU", "2024-Q1", "actual", "Kazakhstan")],
    ),
]


@pytest.mark.parametrize(("lang", "text", "published", "expected"), CASES, ids=[f"{c[0]}:{c[1][:30]}" for c in CASES])
def test_facts(facts_pipeline, lang, text, published, expected):
    given = {"lang": lang, "published": published} if published else {"lang": lang}
    doc = process_text(facts_pipeline, text, given=given)
    doc.published = published or doc.published
    got = [dict(zip(FIELDS, (f[k] for k in FIELDS), strict=True)) for f in facts_pipeline.stages[-1](doc).facts]
    assert got == [dict(zip(FIELDS, e, strict=True)) | {"value": pytest.approx(e[2])} for e in expected]
    for f in doc.facts:
        assert doc.text[f["start"] : f["end"]] == f["quote"]
        assert 0 < f["confidence"] <= 1


NOT_FACTS = [
    ("ru", "1023\n\nВ Астане прошла встреча министров энергетики."),
    ("ru", "Телефон для справок: +7 (7172) 74-05-11. Встреча о поставках нефти прошла 21.06.2024."),
    ("ru", "Согласно постановлению № 123 от 2023 года, нефтяные компании представят отчеты."),
    ("en", "The 12th Kazenergy Eurasian Forum and the 4th Meeting of Energy Ministers discussed oil and gas."),
    ("en", "The oil strategy runs until 2030 and the gas forum gathered 500 participants."),
    ("tr", '"12. Kazenergy Avrasya Forumu"nda petrol ve doğal gaz konuşuldu.'),
    ("en", "The article about the oil sector was viewed 1,023 times."),
]


@pytest.mark.parametrize(("lang", "text"), NOT_FACTS, ids=[f"{c[0]}:{c[1][:30]}" for c in NOT_FACTS])
def test_not_facts(facts_pipeline, lang, text):
    assert process_text(facts_pipeline, text, given={"lang": lang}).facts == []


def test_a_figure_in_headline_and_body_is_one_fact(facts_pipeline):
    text = (
        "Kazakhstan produced 90 million tonnes of oil in 2023\n\n"
        "ASTANA. Kazakhstan produced 90 million tonnes of oil in 2023, the Ministry of Energy said on Monday."
    )
    doc = process_text(facts_pipeline, text, given={"lang": "en"})
    assert [(f["value"], f["unit"]) for f in doc.facts] == [(90, "Mt")]


@pytest.fixture(scope="module")
def seeds(facts_pipeline):
    return {path.stem[:3]: (facts_pipeline.run_one(read_one(path)), gold) for path, gold in seed_cases()}


@pytest.mark.parametrize("name", ["000", "003"])
def test_seeds_without_facts(seeds, name):
    assert seeds[name][0].facts == []


def test_turkish_seed_has_the_four_gold_facts(seeds):
    doc, gold = seeds["004"]
    keys = ("commodity", "metric", "value", "unit", "modality")
    assert [{k: f[k] for k in keys} for f in doc.facts] == [{k: g[k] for k in keys} for g in gold["facts"]]
    assert [f["period"] for f in doc.facts] == ["per year", None, "2027", None]  # published is null
    assert {f["geo"] for f in doc.facts} == {"Kazakhstan"}
    garbled = doc.facts[3]
    assert "1 milyon 860 ton varil" in garbled["quote"] and garbled["confidence"] < doc.facts[0]["confidence"]
    for f in doc.facts:
        assert doc.text[f["start"] : f["end"]] == f["quote"]
