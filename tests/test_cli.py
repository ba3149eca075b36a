import json
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.cli.main import MODULES, modules_for
from tests.conftest import SEEDS, need_seeds
from tests.test_ingest import LIGHT


def cli(*args: str) -> SimpleNamespace:
    """The command run in this process (as `caspian` runs it, less the process start)."""
    run = CliRunner(env={"COLUMNS": "200"}).invoke(app, list(args))
    return SimpleNamespace(returncode=run.exit_code, stdout=run.stdout, stderr=run.stderr)


@pytest.mark.slow  # the default recogniser (the transformer), end to end
def test_extract_writes_one_record_per_input(tmp_path):
    need_seeds()
    out = tmp_path / "out"
    run = cli(
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
    run = cli("extract", str(SEEDS / "*.txt"), "--format", "jsonl", *LIGHT)
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["lang"] for r in records] == ["ru", "en", "tr"]


def test_extract_rejects_unknown_format():
    run = cli("extract", "x.txt", "--format", "xml")
    assert run.returncode == 2 and "--format must be json or jsonl" in run.stderr


def test_eval_gold_on_the_seeds():
    need_seeds()
    run = cli("eval", "gold", str(SEEDS / "gold"), "--json", *LIGHT)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["articles"] == 3 and data["metadata_accuracy"] >= 0.95 and data["noise_recall"] == 1.0


def test_eval_gold_missing_folder(tmp_path):
    run = cli("eval", "gold", str(tmp_path / "nope"))
    assert run.returncode == 2 and "gold folder not found" in run.stderr


def test_bad_database_url():
    run = cli("stats", "--db", "nonsense")
    assert run.returncode == 1 and "not a database URL" in run.stderr


def test_stages_are_chosen_by_name():
    need_seeds()
    run = cli("extract", str(SEEDS / "003_745bf46580cf1511.txt"), "--stages", "clean,metadata")
    rec = json.loads(run.stdout)
    assert rec["source"] == "Trend" and rec["lang"] is None and rec["sentences"] == []
    bad = cli("extract", str(SEEDS / "003_745bf46580cf1511.txt"), "--stages", "clean,nope")
    assert bad.returncode == 2 and "unknown stage nope" in bad.stderr


def test_unknown_engine_is_a_usage_error(tmp_path):
    run = cli("ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'a.db'}", "--engine", "spark")
    assert run.returncode == 2 and "unknown engine 'spark'" in run.stderr


@pytest.mark.slow  # the Python API's default pipeline (the transformer recogniser)
def test_python_api():
    import caspian

    rec = caspian.extract(
        "ALMATY, Kazakhstan, May 3. Oil output rose again this spring, the ministry said, Trend reports.",
        published="2024-05-03",
    )
    assert (rec["dateline"], rec["source"], rec["published"], rec["lang"]) == ("Almaty", "Trend", "2024-05-03", "en")


def test_a_stage_without_the_stages_it_needs_is_a_usage_error(tmp_path):
    run = cli("ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'a.db'}", "--stages", "clean,events")
    assert run.returncode == 2
    assert "stage 'events' needs" in run.stderr and "'entities' (set by stage 'entities')" in run.stderr
    assert not (tmp_path / "a.db").exists()  # refused before anything was opened or read


def test_the_console_script_loads_only_the_module_of_the_command_it_runs():
    assert modules_for(["stats", "--db", "x"]) == ("ingest",)
    assert modules_for(["--quiet", "graph"]) == ("events",)
    assert modules_for(["eval", "gold", "dir"]) == ("evaluate",)
    assert modules_for(["bench", "web"]) == ("web",)
    for everything in ([], ["--help"], ["nope"], ["eval"], ["eval", "nope"]):
        assert modules_for(everything) == MODULES


def test_every_command_is_routed_to_the_module_that_defines_it():
    """The routing table of the console script agrees with what each module registers."""
    from caspian.cli.main import COMMANDS, GROUPS, build

    for name, module in COMMANDS.items():
        names = {c.name or c.callback.__name__ for c in build((module,)).registered_commands}
        groups = {g.name for g in build((module,)).registered_groups}
        assert name in names | groups, (name, module)
    for group, table in GROUPS.items():
        for name, module in table.items():
            sub = next(g for g in build((module,)).registered_groups if g.name == group).typer_instance
            assert name in {c.name for c in sub.registered_commands} | {g.name for g in sub.registered_groups}


def test_stage_options_are_checked_before_anything_runs(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    unknown = cli("ingest", str(tmp_path), "--db", db, "--option", "topics.min_scor=3")
    assert unknown.returncode == 2 and "stage 'topics' has no option 'min_scor'" in unknown.stderr
    bad_value = cli("ingest", str(tmp_path), "--db", db, "-o", "topics.min_score=many")
    assert bad_value.returncode == 2 and "min_score" in bad_value.stderr
    shape = cli("ingest", str(tmp_path), "--db", db, "-o", "min_score=3")
    assert shape.returncode == 2 and "STAGE.NAME=VALUE" in shape.stderr
    no_stage = cli("extract", "x.txt", "-o", "sentiment.threshold=1")
    assert no_stage.returncode == 2 and "unknown stage 'sentiment'" in no_stage.stderr


def test_a_stage_option_reaches_the_stage():
    need_seeds()
    seed = str(SEEDS / "004_1367e6173a31101e.txt")  # four topics by default
    default = cli("extract", seed, *LIGHT)
    one = cli("extract", seed, *LIGHT, "-o", "topics.max_topics=1")
    assert one.returncode == 0, one.stderr
    assert len(json.loads(default.stdout)["topics"]) > 1
    assert json.loads(one.stdout)["topics"] == json.loads(default.stdout)["topics"][:1]
