"""A mass or a gas volume keeps the magnitude the text writes it in (the eval conventions): millions of
tonnes are Mt and billions of cubic metres bcm; a figure spelt to its last digits is tonnes, and millions
of cubic metres are m3. Sentences are our own."""

import pytest

from caspian.nlp.units import find_quantities, normalise

CASES = [
    ("ru", "За год по трубопроводу прокачали 41 285 310 тонн нефти.", [(41285310, "t")]),
    ("en", "The terminal handled 12,650,400 tonnes of crude.", [(12650400, "t")]),
    ("ru", "Добыча составила 41,3 млн тонн.", [(41.3, "Mt")]),
    # a compound whose largest scale is a million is written in millions
    ("tr", "Boru hattıyla 14 milyon 250 bin ton petrol taşındı.", [(14.25, "Mt")]),
    ("ru", "Экспорт угля достиг 850 тыс. тонн.", [(850000, "t")]),
    ("en", "The plant will save 120 million cubic meters of gas a year.", [(120000000, "m3")]),
    ("tr", "Haziranda 35,5 milyon metreküp gaz gönderildi.", [(35500000, "m3")]),
    ("tr", "Yılda 16 milyar metreküp gaz taşınıyor.", [(16, "bcm")]),
    ("ru", "Запасы газа оцениваются в 1,2 трлн кубометров.", [(1200, "bcm")]),
    # a change "from X to Y" takes the scale written once
    ("ru", "Выпуск вырастет с 7,5 до 9 млн тонн.", [(7.5, "Mt"), (9, "Mt")]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[f"{c[0]}:{c[1][:30]}" for c in CASES])
def test_written_scale(lang, text, expected):
    got = [normalise(q) for q in find_quantities(text, lang)]
    got = [g for g in got if g is not None]
    assert got == [(pytest.approx(v), u) for v, u in expected]
