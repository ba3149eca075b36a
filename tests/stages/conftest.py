"""What the fact-stage tests share: the pipeline up to facts, and facts read with entities given by hand."""

import pytest

from caspian.pipeline import Pipeline
from caspian.settings import Settings
from tests.conftest import process_text


@pytest.fixture(scope="module")
def facts_pipeline():
    return Pipeline.from_settings(Settings(stages=("clean", "metadata", "language", "segment", "facts")))


def facts_with_entities(pipeline, lang, text, named=()):
    """The facts of `text`, with the entities a recogniser would find given by hand: (surface, canonical, type),
    or (surface, canonical, type, gazetteer id)."""
    doc = process_text(pipeline, text, given={"lang": lang})
    doc.entities = []
    for surface, canonical, kind, *entity_id in named:
        start = doc.text.find(surface)
        assert start >= 0, surface
        mention = {"start": start, "end": start + len(surface), "text": surface}
        entity = {"canonical": canonical, "type": kind, "mentions": [mention]}
        if entity_id:  # the gazetteer's id, where a test needs what the gazetteer knows of the entity
            entity["id"] = entity_id[0]
        doc.entities.append(entity)
    return pipeline.stages[-1](doc).facts
