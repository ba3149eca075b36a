"""`caspian eval topical`: recall@k, other-language@5 and MRR of a story set's queries."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.evaluation.topical import evaluate_topical, load_queries, queries_file

STORIES = """
- {story: T1, lang: en, published: "2024-05-02", source: A, title: Kashagan oil output record, text: "Kashagan oil output reached a record in April."}
- {story: T1, lang: ru, published: "2024-05-03", source: B, title: Рекорд добычи нефти на Кашагане, text: "Добыча нефти на Кашагане в апреле достигла рекорда."}
- {story: T2, lang: tr, published: "2024-06-01", source: C, title: TANAP gaz taşımacılığı arttı, text: "TANAP üzerinden gaz taşımacılığı mayısta arttı."}
- {story: null, lang: en, published: "2024-06-02", source: A, title: Uranium prices rise, text: "Uranium prices rose in May as Kazatomprom cut output."}
"""
QUERIES = """
- {query: "Kashagan oil", lang: en, relevant: [0, 1]}
- {query: "gaz TANAP", lang: tr, relevant: [2]}
"""


@pytest.fixture()
def story_set(tmp_path):
    stories = tmp_path / "set.yaml"
    stories.write_text(STORIES, encoding="utf-8")
    queries_file(stories).write_text(QUERIES, encoding="utf-8")
    return stories


def test_queries_are_scored_over_their_story_set(story_set):
    result = evaluate_topical(story_set, embedder="hashing", mode="keyword")
    assert result["queries"] == 2 and result["articles"] == 4
    first, second = result["per_query"]
    assert first["relevant"] == 2 and 0.0 < first["recall"] <= 1.0 and first["first_relevant"] == 1
    assert second["recall"] == 1.0 and second["other_language_top5"] is False  # only the Turkish article matches
    assert result["recall_at_10"] == round((first["recall"] + 1.0) / 2, 4)
    assert result["other_language_at_5"] == (0.5 if first["other_language_top5"] else 0.0)


def test_a_query_pointing_outside_the_set_is_refused(story_set, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('- {query: "x", lang: en, relevant: [9]}', encoding="utf-8")
    with pytest.raises(ValueError, match="relevant positions below 4"):
        load_queries(bad, 4)
    run = CliRunner().invoke(app, ["eval", "topical", "--data", str(story_set), "--queries", str(bad)])
    assert run.exit_code == 2


def test_the_command_prints_the_scores(story_set):
    run = CliRunner().invoke(app, ["eval", "topical", "--data", str(story_set), "--embedder", "hashing"])
    assert run.exit_code == 0, run.output
    assert "recall@10" in run.output and "Kashagan oil" in run.output
