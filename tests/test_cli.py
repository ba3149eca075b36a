import json

from tests.conftest import SEEDS, need_seeds
from tests.test_ingest import caspian


def test_extract_writes_one_record_per_input(tmp_path):
    need_seeds()
    out = tmp_path / "out"
    run = caspian(
        "extract", str(SEEDS / "003_745bf46580cf1511.txt"), str(SEEDS / "000_4e176f6dcf7fd766.txt"), "--out", str(out)
    )
    assert run.returncode == 0, run.stderr
    rec = json.loads((out / "003_745bf46580cf1511.json").read_text(encoding="utf-8"))
    assert list(rec) == [
        "id",
        "lang",
        "source",
        "url",
        "title",
        "author",
        "published",
        "dateline",
        "text",
        "sentences",
        "paragraph_langs",
        "removed",
        "entities",
        "facts",
        "events",
        "topics",
    ]
    assert rec["author"] == "Madina Usmanova"
    assert {"Almassadam Satkaliyev", "Shanghai Cooperation Organisation"} <= {e["canonical"] for e in rec["entities"]}
    assert (out / "000_4e176f6dcf7fd766.json").exists()


def test_extract_jsonl_to_stdout():
    need_seeds()
    run = caspian("extract", str(SEEDS / "*.txt"), "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["lang"] for r in records] == ["ru", "en", "tr"]


def test_extract_rejects_unknown_format():
    run = caspian("extract", "x.txt", "--format", "xml")
    assert run.returncode == 2 and "--format must be json or jsonl" in run.stderr


def test_eval_gold_on_the_seeds():
    need_seeds()
    run = caspian("eval", "gold", str(SEEDS / "gold"), "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["articles"] == 3 and data["metadata_accuracy"] >= 0.95 and data["noise_recall"] == 1.0


def test_eval_gold_missing_folder(tmp_path):
    run = caspian("eval", "gold", str(tmp_path / "nope"))
    assert run.returncode == 2 and "gold folder not found" in run.stderr


def test_bad_database_url():
    run = caspian("stats", "--db", "nonsense")
    assert run.returncode == 1 and "not a database URL" in run.stderr


def test_stages_are_chosen_by_name():
    need_seeds()
    run = caspian("extract", str(SEEDS / "003_745bf46580cf1511.txt"), "--stages", "clean,metadata")
    rec = json.loads(run.stdout)
    assert rec["source"] == "Trend" and rec["lang"] is None and rec["sentences"] == []
    bad = caspian("extract", str(SEEDS / "003_745bf46580cf1511.txt"), "--stages", "clean,nope")
    assert bad.returncode == 2 and "unknown stage nope" in bad.stderr


def test_unknown_engine_is_a_usage_error(tmp_path):
    run = caspian("ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'a.db'}", "--engine", "spark")
    assert run.returncode == 2 and "unknown engine 'spark'" in run.stderr


def test_python_api():
    import caspian

    rec = caspian.extract(
        "ALMATY, Kazakhstan, May 3. Oil output rose again this spring, the ministry said, Trend reports.",
        published="2024-05-03",
    )
    assert (rec["dateline"], rec["source"], rec["published"], rec["lang"]) == ("Almaty", "Trend", "2024-05-03", "en")
