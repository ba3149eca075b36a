"""Topics from the taxonomy's cue lexicons, one case per language."""

import pytest

from caspian.document import Document
from caspian.settings import Settings
from caspian.stages import StageConfigError
from caspian.stages.topics import Topics, taxonomy

CASES = [
    (
        "ru",
        "Казатомпром снизил план добычи урана",
        "Казатомпром снизил прогноз добычи урана на 2025 год. Компания сохранит стратегию в атомной отрасли.",
        ["nuclear_uranium", "production"],
    ),
    (
        "kk",
        "Жаңартылатын энергия көздері",
        "Қазақстанда жел электр станциялары мен күн электр станциялары салынады. Жаңартылатын энергия үлесі өседі.",
        ["renewables", "electricity"],
    ),
    (
        "tr",
        "OPEC+ üretim kesintisi",
        "OPEC+ ülkeleri üretimi azaltma kararı aldı. Kazakistan üretim kotasına uyacak.",
        ["production", "opec_plus"],
    ),
    (
        "en",
        "Shymkent refinery expansion",
        "KazMunayGas plans to double the capacity of the Shymkent refinery. Refining of oil will grow.",
        ["refining_petrochemicals"],
    ),
]


@pytest.mark.parametrize(("lang", "title", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_topics_per_language(lang, title, text, expected):
    doc = Topics(Settings())(Document(raw=text, text=text, title=title, lang=lang))
    assert doc.topics == expected
    assert all(doc.meta["topic_scores"][t] >= 2 for t in doc.topics)


def test_weak_cues_give_no_topic_and_options_change_the_cut():
    text = "The minister spoke about many things at the event, among them one shipment."
    doc = Topics(Settings())(Document(raw=text, text=text, title="A day in Astana", lang="en"))
    assert doc.topics == [] and doc.meta["topic_scores"] == {"exports_transit": 1}
    loose = Topics(Settings(stage_options={"topics": {"min_score": 1}}))
    assert loose(Document(raw=text, text=text, title="", lang="en")).topics == ["exports_transit"]


def test_topic_options_are_typed():
    assert Topics(Settings()).options == Topics.Options(min_score=2, relative=0.3, max_topics=4)
    assert Topics(Settings(stage_options={"topics": {"min_score": "1", "relative": 0}})).options.min_score == 1
    with pytest.raises(
        StageConfigError,
        match="stage 'topics' has no option 'min_scor'; known options: min_score, relative, max_topics",
    ):
        Topics(Settings(stage_options={"topics": {"min_scor": 1}}))
    with pytest.raises(StageConfigError, match="option 'max_topics' must be int"):
        Topics(Settings(stage_options={"topics": {"max_topics": "many"}}))


def test_every_topic_of_the_issue_has_cues_in_all_four_languages():
    required = {
        "exploration",
        "production",
        "exports_transit",
        "pipelines",
        "refining_petrochemicals",
        "opec_plus",
        "prices",
        "investment",
        "renewables",
        "hydrogen",
        "nuclear_uranium",
        "electricity",
        "energy_security",
        "cooperation",
        "workforce_skills",
        "environment",
    }
    assert required <= set(taxonomy())
    for topic, spec in taxonomy().items():
        assert set(spec["cues"]) == {"ru", "kk", "tr", "en"}, topic
