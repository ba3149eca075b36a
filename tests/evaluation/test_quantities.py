import pytest

from caspian.evaluation.quantities import evaluate_quantities, extract, gold_value, same_value, unit_key
from tests.conftest import SHARED

DATA = SHARED / "data"


@pytest.mark.parametrize(
    ("raw", "value"), [("275.0", 275.0), ("252.0-287.0", 269.5), ("1000000-10000000", 5500000.0), ("x", None)]
)
def test_gold_values(raw, value):
    assert gold_value(raw) == value


def test_matching_rules():
    assert same_value(1e6, 1e6 * (1 + 5e-6))
    assert not same_value(1e6, 1e6 * (1 + 5e-5))
    assert unit_key("Miles") == unit_key("mile") == "mile"
    assert unit_key(None) == unit_key("-") == "-"


def test_newsquant_f1():
    if not (DATA / "quantity" / "en-cqe-newsquant" / "formatted_test_set" / "NewsQuant.json").is_file():
        pytest.skip(f"NewsQuant is not in {DATA}/quantity/en-cqe-newsquant (shared data folder missing)")
    report = evaluate_quantities(data_dir=DATA)
    print(report["value"], report["value_unit"])
    assert report["value"]["f1"] >= 0.85
    assert report["value_unit"]["f1"] >= 0.75


RANGES = [
    # a range, read as its midpoint
    ("Rates will rise from 5% to 7% next year.", [(6, "percentage")]),
    ("The filter works between 15kHz and 17kHz.", [(16, "kilohertz")]),
    # a change and then a level are two quantities
    ("Germany's DAX fell 0.4 per cent to 13176 on Monday.", [(0.4, "percentage"), (13176, "-")]),
    ("The deficit increased by $43.6 billion to $419.2 billion.", [(43.6e9, "dollar"), (419.2e9, "dollar")]),
]


@pytest.mark.parametrize(("text", "expected"), RANGES, ids=[c[0][:30] for c in RANGES])
def test_ranges_and_changes(text, expected):
    got = [(q.value, unit_key(q.name)) for q in extract(text)]
    assert got == [(pytest.approx(v), u) for v, u in expected]
