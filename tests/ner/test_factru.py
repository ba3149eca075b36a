"""FactRuEval scored naeval's way and by exact spans, on a two-document corpus the test writes."""

from pathlib import Path

import pytest

from caspian.ner.base import Recognizer, Span
from caspian.ner.training.factru import read_factru, score_factru

pytest.importorskip("razdel")

TEXT = "Глава ОАО «Газпром» Алексей Миллер прилетел в Москву."
# span_id type start length
SPANS = [
    ("1", "org_descr", 6, 3),
    ("2", "org_name", 11, 7),
    ("3", "name", 20, 7),
    ("4", "surname", 28, 6),
    ("5", "loc_name", 46, 6),
]
OBJECTS = [("10", "Org", ["1", "2"]), ("11", "Person", ["3", "4"]), ("12", "LocOrg", ["5"])]


def _write(folder: Path, stem: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
    (folder / f"{stem}.tokens").write_text("1 0 5 Глава\n", encoding="utf-8")
    (folder / f"{stem}.spans").write_text(
        "".join(f"{i} {t} {s} {n} 0 1  # x\n" for i, t, s, n in SPANS), encoding="utf-8"
    )
    (folder / f"{stem}.objects").write_text(
        "".join(f"{i} {t} {' '.join(p)} # x\n" for i, t, p in OBJECTS), encoding="utf-8"
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    _write(tmp_path / "ner" / "ru-factrueval" / "devset", "book_1")
    _write(tmp_path / "ner" / "ru-factrueval" / "testset", "book_2")
    return tmp_path


class Fixed(Recognizer):
    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans

    def recognize(self, text: str, lang: str) -> list[Span]:
        return self.spans


def test_gold_is_org_name_whole_person_and_loc_name(data: Path):
    docs = read_factru(data)
    assert [d.split for d in docs] == ["dev", "test"]
    assert [(TEXT[m.start : m.end], m.label) for m in docs[0].gold] == [
        ("Газпром", "ORG"),
        ("Алексей Миллер", "PER"),
        ("Москву", "LOC"),
    ]


def test_a_perfect_recogniser_scores_one_both_ways(data: Path):
    spans = [Span(11, 18, "ORG"), Span(20, 34, "PERSON"), Span(46, 52, "LOCATION")]
    result = score_factru(Fixed(spans), read_factru(data)).as_dict()
    assert all(v["f1"] == 1.0 for v in result["naeval_dev_test"].values())
    assert all(v["f1"] == 1.0 for v in result["exact_test"].values())


def test_token_level_credit_for_a_partial_person_but_no_exact_credit(data: Path):
    # Only the surname: one of two PER tokens right (naeval P 1, R 0.5), no exact-span match.
    result = score_factru(Fixed([Span(28, 34, "PERSON")]), read_factru(data)).as_dict()
    per = result["naeval_dev_test"]["PER"]
    assert (per["p"], per["r"]) == (1.0, 0.5)
    assert result["exact_test"]["PER"]["f1"] == 0.0


def test_a_span_off_token_bounds_is_dropped_from_the_predictions(data: Path):
    result = score_factru(Fixed([Span(11, 16, "ORG")]), read_factru(data)).as_dict()  # "Газпр"
    assert result["naeval_dev_test"]["ORG"]["predicted"] == 0


def test_a_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="FactRuEval"):
        read_factru(tmp_path)
