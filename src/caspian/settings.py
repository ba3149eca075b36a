"""One settings object configures the pipeline, the executor and the store."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_DB = "sqlite:///caspian.db"
DEFAULT_LANGUAGES = ("ru", "kk", "tr", "en", "uk", "uz", "az", "ky", "tk", "zh", "de", "fr")
DEFAULT_STAGES = ("clean", "metadata", "language", "segment", "entities", "facts", "events", "topics")


def default_db() -> str:
    return os.environ.get("CASPIAN_DB") or DEFAULT_DB


@dataclass(frozen=True)
class Settings:
    stages: tuple[str, ...] = DEFAULT_STAGES
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    # Below this lingua confidence an article or paragraph is `other`.
    min_lang_confidence: float = 0.5
    # Paragraphs shorter than this inherit the article's language.
    min_paragraph_chars: int = 40
    max_bytes: int = 10 * 1024 * 1024
    workers: int = 1
    batch_size: int = 64
    # Options per stage name, e.g. {"entities": {"backend": "e5"}}, {"topics": {"min_score": 1}}:
    # each stage parses its entry into its `Options` dataclass (caspian.stages), and an option it
    # does not have is an error (`caspian.pipeline.validate`).
    stage_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def options(self, stage: str) -> dict[str, Any]:
        """A stage's raw options (the stage parses them into its `Options`)."""
        return self.stage_options.get(stage, {})
