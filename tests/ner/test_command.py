"""`caspian eval ner` and `caspian train ner` through the CLI, on data the test writes."""

import gzip
import json

import pytest
from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.ner.base import RECOGNIZERS, Recognizer, Span


@RECOGNIZERS.register("test-capitalised")
class Capitalised(Recognizer):
    """Every capitalised word is a PERSON: enough to check the scoring end to end."""

    name = "test-capitalised"

    def recognize(self, text, lang):
        spans, pos = [], 0
        for word in text.split(" "):
            if word[:1].isupper():
                spans.append(Span(pos, pos + len(word), "PERSON"))
            pos += len(word) + 1
        return spans


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "ner/kk-kaznerd/IOB2_test.txt.gz"
    path.parent.mkdir(parents=True)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("Нұрлан B-PERSON\nкелді O\n\nАстана B-GPE\nқаласы O\n\nҚайрат B-PERSON\nСатыбалды I-PERSON\n")
    return tmp_path


def test_eval_ner_scores_any_registered_backend(data):
    result = CliRunner().invoke(
        app,
        ["eval", "ner", "--dataset", "kaznerd-test", "--data", str(data), "--backend", "test-capitalised", "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["labels"]["PER"]["correct"] == 1  # Нұрлан; «Қайрат Сатыбалды» is one span, not two
    assert report["labels"]["PER"]["predicted"] == 4
    assert report["labels"]["LOC"]["gold"] == 1
    assert report["sentences"] == 3


def test_eval_ner_limit_and_usage_errors(data):
    runner = CliRunner()
    limited = runner.invoke(
        app, ["eval", "ner", "--data", str(data), "--backend", "test-capitalised", "--limit", "1", "--json"]
    )
    assert json.loads(limited.output)["sentences"] == 1
    unknown = runner.invoke(app, ["eval", "ner", "--dataset", "nope", "--data", str(data)])
    assert unknown.exit_code == 2 and "unknown dataset" in unknown.output
    backend = runner.invoke(app, ["eval", "ner", "--data", str(data), "--backend", "nope"])
    assert backend.exit_code == 2 and "unknown recognizer" in backend.output


def test_eval_ner_lists_datasets():
    result = CliRunner().invoke(app, ["eval", "ner", "--list"])
    assert result.exit_code == 0
    assert "factrueval-test" in result.output and "conll2003-testb" in result.output


def test_train_ner_refuses_evaluation_only_sets(data):
    result = CliRunner().invoke(app, ["train", "ner", "--data", str(data), "--corpora", "conll2003-testb"])
    assert result.exit_code == 2
    assert "evaluation only" in result.output


def test_eval_factru_scores_a_backend_two_ways(tmp_path):
    from tests.ner.test_factru import _write

    _write(tmp_path / "ner/ru-factrueval/devset", "book_1")
    _write(tmp_path / "ner/ru-factrueval/testset", "book_2")
    result = CliRunner().invoke(
        app, ["eval", "factru", "--data", str(tmp_path), "--backend", "test-capitalised", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # Capitalised words as PERSON: "Алексей", "Миллер", "Москву", "Газпром»"... PER tokens all found
    assert data["naeval_dev_test"]["PER"]["r"] == 1.0
    assert data["exact_test"]["PER"]["f1"] == 0.0  # one word at a time is never the whole name


def test_eval_factru_without_the_corpus_names_the_folder(tmp_path):
    result = CliRunner().invoke(app, ["eval", "factru", "--data", str(tmp_path), "--backend", "test-capitalised"])
    assert result.exit_code == 2
    assert "ru-factrueval" in result.output


def test_ingest_rejects_an_unknown_ner_backend(tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path}/x.db", "--ner", "nope"])
    assert result.exit_code == 2
    assert "unknown NER backend 'nope'" in result.output


def test_bench_entities_runs_the_stage_on_a_test_sets_texts(data):
    result = CliRunner().invoke(
        app,
        ["bench", "entities", "--dataset", "kaznerd-test", "--data", str(data), "--backend", "gazetteer", "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["texts"] == "kaznerd-test" and report["articles"] == 1  # 3 short sentences: one text
    assert report["entities_per_article"] >= 1  # Астана is in the gazetteer
    missing = CliRunner().invoke(app, ["bench", "entities", "--dataset", "nope", "--data", str(data)])
    assert missing.exit_code == 2 and "unknown dataset" in missing.output
