"""What commands share to reach the knowledge base and build a pipeline's settings: the database
URL, the store, and settings checked before any model loads (a usage error exits 2)."""

from __future__ import annotations

from caspian.cli.console import fail
from caspian.cli.exits import EXIT_USAGE
from caspian.ner.base import backend_names
from caspian.pipeline import validate
from caspian.settings import Settings, default_db
from caspian.stages import STAGES, StageConfigError
from caspian.store import Store, StoreError


def db_url(value: str | None) -> str:
    return value or default_db()


def open_store(url: str | None) -> Store:
    """The store at `url` (default: $CASPIAN_DB or ./caspian.db); exits 1 with the reason if it cannot open."""
    try:
        return Store(db_url(url))
    except StoreError as exc:
        raise fail(str(exc)) from exc


def ner_backend(name: str) -> str:
    known = backend_names()
    if name not in known:
        raise fail(f"unknown NER backend {name!r}; known: {', '.join(known)}", EXIT_USAGE)
    return name


def build_settings(
    workers: int = 1,
    batch_size: int = 64,
    max_bytes: int | None = None,
    languages: str | None = None,
    stages: str | None = None,
    ner: str | None = None,
    options: list[str] | None = None,
) -> Settings:
    settings = Settings(workers=workers, batch_size=batch_size)
    stage_options = stage_options_from(options or [])
    if ner:
        stage_options.setdefault("entities", {})["backend"] = ner_backend(ner)
    if stage_options:
        settings = settings.with_(stage_options=stage_options)
    if max_bytes:
        settings = settings.with_(max_bytes=max_bytes)
    if languages:
        settings = settings.with_(languages=tuple(c.strip() for c in languages.split(",") if c.strip()))
    if stages:
        names = tuple(n.strip() for n in stages.split(",") if n.strip())
        unknown = [n for n in names if n not in STAGES]
        if unknown:
            raise fail(f"unknown stage {', '.join(unknown)}; known: {', '.join(STAGES.names())}", EXIT_USAGE)
        settings = settings.with_(stages=names)
    return checked(settings)


def stage_options_from(given: list[str]) -> dict[str, dict[str, str]]:
    """`--option STAGE.NAME=VALUE` values as `Settings.stage_options` (each stage's `Options` converts
    the text to its type; an unknown stage or option is refused by `checked`)."""
    out: dict[str, dict[str, str]] = {}
    for item in given:
        key, sep, value = item.partition("=")
        stage, dot, name = key.strip().partition(".")
        if not (sep and dot and stage and name):
            raise fail(f"--option must look like STAGE.NAME=VALUE (e.g. topics.min_score=3), not {item!r}", EXIT_USAGE)
        out.setdefault(stage, {})[name.strip()] = value.strip()
    return out


def checked(settings: Settings) -> Settings:
    """`settings` if its stages can run in their order with their options; else exit 2 saying why
    (`--stages events` without `entities`, an unknown stage option). No model is loaded."""
    try:
        validate(settings)
    except StageConfigError as exc:
        raise fail(str(exc), EXIT_USAGE) from exc
    return settings
