"""The pipeline runs stages over a batch: a stage's `batch` when it has one, and a failing
document is named while the others go on."""

import dataclasses
import logging
from typing import ClassVar

import pytest

from caspian.document import Document, Failure
from caspian.ner.base import RECOGNIZERS, Recognizer, Span
from caspian.pipeline import READER_FIELDS, STAGES, Pipeline, StageConfigError, validate
from caspian.settings import DEFAULT_STAGES, Settings
from caspian.stages import parse_options
from caspian.stages.entities import Entities
from tests.conftest import SAMPLE, read_one


class _Upper:
    name = "upper"

    def __init__(self) -> None:
        self.batches: list[int] = []

    def __call__(self, doc: Document) -> Document:
        if "boom" in doc.text:
            raise ValueError("cannot read this one")
        doc.text = doc.text.upper()
        return doc

    def batch(self, docs: list[Document]) -> list[Document]:
        self.batches.append(len(docs))
        return [self(doc) for doc in docs]


def _docs(*texts: str) -> list[Document]:
    return [Document(raw=t, text=t, path=f"doc{i}.txt") for i, t in enumerate(texts)]


def test_a_stage_with_batch_gets_the_whole_batch_once():
    stage = _Upper()
    out = Pipeline([stage]).process(_docs("a", "b", "c"))
    assert stage.batches == [3]
    assert [d.text for d in out] == ["A", "B", "C"] and all(d.id for d in out)


def test_a_failing_batch_falls_back_to_one_document_at_a_time():
    stage = _Upper()
    out = Pipeline([stage]).process(_docs("a", "boom", "c"))
    assert [type(d) for d in out] == [Document, Failure, Document]
    assert out[1].origin == "doc1.txt" and "cannot read this one" in out[1].reason and out[1].stage == "upper"
    assert out[0].text == "A" and out[2].text == "C"


@pytest.mark.slow  # the default recogniser: its transformer batches windows across documents
def test_entities_in_a_batch_are_those_found_one_by_one():
    settings = Settings(stages=("clean", "metadata", "language", "segment", "entities"))
    # one article of each language: the transformer batches windows of several languages' texts
    paths = [next(iter(sorted(SAMPLE.glob(f"{lang}*.txt")))) for lang in ("en", "kk", "ru", "tr")]
    pipeline = Pipeline.from_settings(settings)
    one_by_one = [pipeline.run_one(read_one(p)) for p in paths]
    batched = pipeline.process([read_one(p) for p in paths])
    assert [d.entities for d in batched] == [d.entities for d in one_by_one]
    assert sum(len(d.entities) for d in batched) > 20


# -- checking a configuration: validate() and from_settings ---------------------------------


def test_the_default_pipeline_is_valid_and_validate_builds_no_stage(monkeypatch):
    def no_build(self, settings):
        raise AssertionError("validate must not build a stage")

    monkeypatch.setattr(Entities, "__init__", no_build)
    classes = validate(Settings())
    assert [c.name for c in classes] == list(DEFAULT_STAGES)


def test_every_stage_declares_what_it_requires_and_assigns():
    for name in STAGES.names():
        cls = STAGES.get(name)
        assert cls.name == name
        assert cls.assigns and all(f in Document.__dataclass_fields__ for f in cls.requires + cls.assigns), name
        assert dataclasses.is_dataclass(cls.Options) and cls.Options.__dataclass_params__.frozen, name


def test_events_without_entities_before_it_is_refused():
    settings = Settings(stages=("clean", "metadata", "language", "segment", "events"))
    message = "stage 'events' needs 'entities' (set by stage 'entities'), which does not run before it"
    for check in (validate, Pipeline.from_settings):
        with pytest.raises(StageConfigError) as caught:
            check(settings)
        assert str(caught.value) == message
    assert issubclass(StageConfigError, ValueError)


def test_a_stage_before_the_stage_it_needs_is_refused():
    settings = Settings(stages=("clean", "metadata", "language", "entities", "events", "segment"))
    with pytest.raises(StageConfigError, match=r"stage 'events' needs 'sentences' \(set by stage 'segment'\)"):
        validate(settings)


def test_a_stage_alone_names_every_field_it_misses():
    with pytest.raises(StageConfigError) as caught:
        validate(Settings(stages=("events",)))
    message = str(caught.value)
    assert message.startswith("stage 'events' needs 'text' (set by stage 'clean'), 'lang' (set by stage 'language')")
    assert message.endswith("and 'entities' (set by stage 'entities'), which do not run before it")


def test_fields_a_reader_fills_or_the_caller_gives_are_there_from_the_start():
    assert set(READER_FIELDS) >= {"raw", "path", "url", "meta"}
    assert [c.name for c in validate(Settings(stages=("clean",)))] == ["clean"]
    with pytest.raises(StageConfigError, match="stage 'facts' needs"):
        validate(Settings(stages=("facts",)))
    given = ("text", "lang", "paragraph_langs", "sentences")
    assert [c.name for c in validate(Settings(stages=("facts",)), given=given)] == ["facts"]


def test_an_unknown_stage_is_refused():
    with pytest.raises(StageConfigError, match="unknown stage 'clen'; known stages: clean, entities, "):
        validate(Settings(stages=("clen", "metadata")))
    with pytest.raises(StageConfigError, match="unknown stage 'nope'"):
        Pipeline.from_settings(Settings(stages=("nope",)))
    with pytest.raises(StageConfigError, match="options for unknown stage 'topic'"):
        validate(Settings(stage_options={"topic": {"min_score": 1}}))


def test_an_unknown_stage_option_is_refused():
    settings = Settings(stage_options={"entities": {"backend": "gazetteer", "bakend": "e5"}})
    message = "stage 'entities' has no option 'bakend'; known options: backend, recognizer"
    with pytest.raises(StageConfigError, match=message):
        validate(settings)
    with pytest.raises(StageConfigError, match="stage 'clean' has no option 'strict'; known options: none"):
        validate(Settings(stages=("clean",), stage_options={"clean": {"strict": True}}))
    # checked also for a stage that does not run: the typo is there all the same
    with pytest.raises(StageConfigError, match="stage 'topics' option 'min_score' must be int"):
        validate(Settings(stages=("clean",), stage_options={"topics": {"min_score": "two"}}))


def test_entity_options_are_parsed_into_the_stage_options():
    options = parse_options("entities", Entities.Options, {"backend": "gazetteer"})
    assert options == Entities.Options(backend="gazetteer", recognizer={})
    assert parse_options("entities", Entities.Options, {}) == Entities.Options(backend=None)
    with pytest.raises(StageConfigError, match="option 'recognizer' must be dict"):
        parse_options("entities", Entities.Options, {"recognizer": "quantize"})


class _Recording(Recognizer):
    """A recogniser that finds nothing and keeps the options it was built with."""

    name = "recording"
    built: ClassVar[list[dict]] = []

    def __init__(self, **options: object) -> None:
        self.built.append(options)

    def recognize(self, text: str, lang: str) -> list[Span]:
        return []


def test_the_entities_backend_option_works_as_before_and_recognizer_options_reach_the_recogniser():
    if "recording" not in RECOGNIZERS:
        RECOGNIZERS.register("recording")(_Recording)
    stage = Entities(Settings(stage_options={"entities": {"backend": "recording", "recognizer": {"batch_size": 8}}}))
    assert isinstance(stage.recognizer, _Recording) and _Recording.built[-1] == {"batch_size": 8}
    text = "Министр энергетики Алмасадам Саткалиев встретился с коллегами."
    doc = stage(Document(raw=text, text=text, lang="ru"))
    assert any(e["canonical"] == "Almassadam Satkaliyev" for e in doc.entities)


# -- a failed batch is logged before the retry ------------------------------------------------


def test_a_failing_batch_is_logged_with_the_stage_and_the_error(caplog):
    with caplog.at_level(logging.WARNING, logger="caspian.pipeline"):
        out = Pipeline([_Upper()]).process(_docs("a", "boom", "c"))
    assert [type(d) for d in out] == [Document, Failure, Document]
    [record] = [r for r in caplog.records if r.name == "caspian.pipeline"]
    assert record.levelno == logging.WARNING
    assert "'upper'" in record.getMessage() and "ValueError: cannot read this one" in record.getMessage()


def test_a_batch_that_works_logs_nothing(caplog):
    with caplog.at_level(logging.WARNING, logger="caspian.pipeline"):
        Pipeline([_Upper()]).process(_docs("a", "b"))
    assert not [r for r in caplog.records if r.name == "caspian.pipeline"]
