from __future__ import annotations

import pytest

from caspian.entities.annotator import GazetteerAnnotator
from caspian.entities.resolve import Resolver


@pytest.fixture(scope="session")
def annotator() -> GazetteerAnnotator:
    return GazetteerAnnotator()


@pytest.fixture(scope="session")
def resolver(annotator: GazetteerAnnotator) -> Resolver:
    return Resolver(annotator.gazetteer, annotator.matcher, annotator.roles)


@pytest.fixture(scope="session")
def entities(annotator: GazetteerAnnotator, resolver: Resolver):
    """text, lang[, year] -> the PRODUCT.md entity records."""

    def run(text: str, lang: str, year: int | None = None) -> list[dict]:
        return resolver.resolve(text, lang, annotator.annotate(text, lang, year), year)

    return run
