"""Issue 13 kinds in the quantity reader: changes "from X to Y", multiples in one word, kilowatt-hours
in Kazakh and Turkish, and a daily rate written "per month"."""

import pytest

from caspian.nlp.numbers import numbers_in
from caspian.nlp.units import find_quantities, normalise

QUANTITIES = [
    ("ru", "Добыча вырастет с 4,5 до 6 млн тонн.", [(4.5, "Mt"), (6, "Mt")]),
    ("en", "Output will rise from 2 million to 3 million tonnes.", [(2, "Mt"), (3, "Mt")]),
    ("en", "The plan is between 10,000 and 12,000 tonnes.", [(11000, "t")]),
    ("ru", "Компания утроит выпуск, а экспорт вырастет вдвое.", [(3, "x"), (2, "x")]),
    ("en", "The firm is doubling its output.", [(2, "x")]),
    ("kk", "Станция 3 млрд кВт·сағ өндіреді.", [(3, "TWh")]),
    ("tr", "Santral 2 milyar kilovat saat üretti.", [(2, "TWh")]),
    ("ru", "Сокращение по 110 тыс. б/с в месяц.", [(110, "kb/d")]),
    ("tr", "Katar 3 milyon tonla ikinci sırada.", [(3, "Mt")]),
    # "ile" joins a share and a tonnage ("with"), no falling range
    ("tr", "BTC'nin payı yüzde 78,9 ile 21 milyon 688 bin ton oldu.", [(78.9, "%"), (21.688, "Mt")]),
    ("tr", "Üretimin 20 ile 25 milyon ton arasında olması bekleniyor.", [(22.5, "Mt")]),
    # Kazakh writes "nearly" between the number and its unit
    ("kk", "Оның 33 миллионға жуық тоннасы шетелге экспортталды.", [(33, "Mt")]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), QUANTITIES, ids=[f"{c[0]}:{c[1][:30]}" for c in QUANTITIES])
def test_quantities(lang, text, expected):
    got = [normalise(q) for q in find_quantities(text, lang)]
    assert got == [(pytest.approx(v), u) for v, u in expected]


def test_from_is_no_range_but_between_is():
    assert numbers_in("from 18 to 39", "en") == [("18", 18), ("39", 39)]
    assert numbers_in("between 18 and 39", "en") == [("18 and 39", 28.5)]
    assert numbers_in("с 18 до 39", "ru") == [("18", 18), ("39", 39)]
    assert numbers_in("от 18 до 39", "ru") == [("18 до 39", 28.5)]


def test_morning_is_no_multiple():
    assert find_quantities("Утром добыча нефти выросла.", "ru") == []


def test_an_elliptic_list_shares_the_unit_written_last():
    text = "в январе — 100 тыс., в феврале — 300 тыс. б/с; работают 300 тыс. человек"
    assert [normalise(q) for q in find_quantities(text, "ru")] == [(100, "kb/d"), (300, "kb/d"), None]
