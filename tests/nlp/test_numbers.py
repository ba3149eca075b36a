import pytest

from caspian.nlp.numbers import numbers_in, parse_digits
from caspian.nlp.units import find_quantities, normalise

DIGITS = [
    ("ru", "22,7", 22.7),
    ("ru", "1 860", 1860),
    ("ru", "1\u00a0860,5", 1860.5),
    ("tr", "1.860,5", 1860.5),
    ("tr", "1.860", 1860),
    ("en", "1,860.5", 1860.5),
    ("en", "1,860", 1860),
    ("en", "1.5", 1.5),
    ("kk", "0,75", 0.75),
    ("ru", "21.06.2024", None),
]


@pytest.mark.parametrize(("lang", "token", "value"), DIGITS)
def test_digits(lang, token, value):
    assert parse_digits(token, lang) == value


NUMBERS = [
    ("ru", "добыча 22,7 млн тонн", [("22,7 млн", 22.7e6)]),
    ("ru", "полтора миллиарда", [("полтора миллиарда", 1.5e9)]),
    ("ru", "девяносто пять", [("девяносто пять", 95)]),
    ("ru", "80–85 млн", [("80–85 млн", 82.5e6)]),
    ("ru", "от 80 до 85 тонн", [("80 до 85", 82.5)]),
    ("ru", "1 860 тыс. баррелей", [("1 860 тыс.", 1.86e6)]),
    # number words in every case, written with `ё` or `е`
    ("ru", "порядка трёхсот мегаватт", [("трёхсот", 300)]),
    ("ru", "около четырехсот тысяч тонн", [("четырехсот тысяч", 400e3)]),
    ("ru", "с пятьюстами тоннами", [("пятьюстами", 500)]),
    ("kk", "екі жарым миллион", [("екі жарым миллион", 2.5e6)]),
    ("kk", "екі жүз елу", [("екі жүз елу", 250)]),
    ("kk", "шамамен 90 мың", [("90 мың", 90e3)]),
    ("tr", "bir buçuk milyon", [("bir buçuk milyon", 1.5e6)]),
    ("tr", "1 milyon 860 bin", [("1 milyon 860 bin", 1.86e6)]),
    ("tr", "1 milyon 860 ton varil", [("1 milyon 860", 1.86e6)]),
    ("tr", "80 ile 85", [("80 ile 85", 82.5)]),
    ("tr", "%2 arttı", [("2", 2)]),
    ("en", "one and a half million", [("one and a half million", 1.5e6)]),
    ("en", "twenty-five", [("twenty-five", 25)]),
    ("en", "a million", [("a million", 1e6)]),
    ("en", "80-85 bn", [("80-85 bn", 82.5e9)]),
    ("en", "$2bn", [("2bn", 2e9)]),
    ("en", "down -1.3%", [("-1.3", -1.3)]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), NUMBERS, ids=[f"{c[0]}:{c[1]}" for c in NUMBERS])
def test_numbers(lang, text, expected):
    assert [(s, pytest.approx(v)) for s, v in numbers_in(text, lang)] == expected


NOT_NUMBERS = [
    ("tr", '"12. Kazenergy Avrasya Forumu"'),
    ("en", "the 4th Meeting of Energy Ministers"),
    ("ru", "тел. +7 (7172) 74-05-11"),
    ("ru", "21.06.2024"),
    ("en", "on February 11, 2019"),
    ("ru", "Постановление № 123"),
    ("en", "at 20:28"),
]


@pytest.mark.parametrize(("lang", "text"), NOT_NUMBERS)
def test_not_numbers(lang, text):
    assert numbers_in(text, lang) == []


UNITS = [
    ("ru", "90 млн тонн", (90, "Mt")),
    ("ru", "500 тыс. тонн", (500000, "t")),
    ("ru", "1 860 тыс. баррелей в сутки", (1.86, "mb/d")),
    ("ru", "5 млрд кубометров", (5, "bcm")),
    ("ru", "1,2 млрд кВт·ч", (1.2, "TWh")),
    ("ru", "300 МВт", (300, "MW")),
    ("ru", "$2 млрд", (2e9, "USD")),
    ("ru", "150 млрд тенге", (150e9, "KZT")),
    ("ru", "в 2 раза", (2, "x")),
    ("kk", "2 миллиард доллар", (2e9, "USD")),
    ("kk", "екі жарым миллион тонна", (2.5, "Mt")),
    ("tr", "51 milyar metreküpe", (51, "bcm")),
    ("tr", "2 milyar dolar", (2e9, "USD")),
    ("tr", "%2", (2, "%")),
    ("tr", "1 milyon 860 ton varil/gün", (1.86, "mb/d")),
    ("en", "$2 billion", (2e9, "USD")),
    ("en", "1,860 thousand barrels per day", (1.86, "mb/d")),
    ("en", "400 thousand barrels per day", (400, "kb/d")),
    ("en", "1,200 MW", (1200, "MW")),  # MW and GW are contract units: kept as written
    ("en", "2,500 kW", (2.5, "MW")),
    ("en", "3,500 tU", (3500, "tU")),
    ("en", "18%", (18, "%")),
    ("en", "€40 million", (40e6, "EUR")),
    # currencies of the region outside the product's units are facts of unit `other`
    ("ru", "2,1 млрд сомони", (2.1e9, "other")),
    ("ru", "12 млрд сомов", (12e9, "other")),
    ("kk", "5 трлн сум", (5e12, "other")),
    ("en", "1.2 trillion so'm", (1.2e12, "other")),
    ("en", "£300 million", (300e6, "other")),
]


@pytest.mark.parametrize(("lang", "text", "expected"), UNITS, ids=[f"{c[0]}:{c[1]}" for c in UNITS])
def test_units(lang, text, expected):
    (q,) = find_quantities(text, lang)
    value, unit = normalise(q)
    assert (value, unit) == (pytest.approx(expected[0]), expected[1])


ENGLISH = [
    ("The crude contract was up 19 cents at US $58.24 per barrel.", [(19, "cent"), (58.24, "dollar per barrel")]),
    ("Ford has 13000 workers in the United Kingdom.", [(13000, "worker")]),
    ("just 87 mph (140 km/h)", [(87, "mile per hour"), (140, "kilometre per hour")]),
    (
        "fell from $2,415 to $2,315, after between $2,315 and $2,415",
        [(2415, "dollar"), (2315, "dollar"), (2365, "dollar")],
    ),
    ("the 15 year-old students", [(15, "year of age")]),
    ("finish in the Big 12 as the S&P 500 rose", []),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english_quantities(text, expected):
    got = [(q.value, q.name) for q in find_quantities(text, "en", nouns=True, ranges=True)]
    assert got == [(pytest.approx(v), u) for v, u in expected]
