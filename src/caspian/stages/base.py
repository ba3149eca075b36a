"""What a stage is: a name, the Document fields it reads and sets, and its typed options.

Each stage class declares, spaCy-style, `requires` (the Document fields an earlier stage must have
set for it to work; fields a reader fills are there from the start) and `assigns` (the fields it
sets), so a pipeline that cannot work is refused before any model loads. Its options
(`Settings.stage_options[name]`) are parsed into its `Options`, a frozen dataclass: an option it
does not have is an error, not a silent default.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, ClassVar, Protocol, TypeVar, Union

from caspian.document import Document
from caspian.settings import Settings

T = TypeVar("T")


class StageConfigError(ValueError):
    """A pipeline that cannot work: an unknown stage or option, or a stage without its inputs."""


@dataclasses.dataclass(frozen=True)
class NoOptions:
    """The options of a stage that has none."""


class Stage(Protocol):
    """What the pipeline runs. A stage may also offer `batch(docs) -> docs`, one call for many."""

    name: str

    def __call__(self, doc: Document) -> Document: ...


class BaseStage:
    """The built-in stages' base: the declarations, with defaults, and the options parser."""

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    Options: ClassVar[type] = NoOptions

    @classmethod
    def options_from(cls, settings: Settings) -> Any:
        """`settings.stage_options[cls.name]` parsed into `cls.Options`."""
        return parse_options(cls.name, cls.Options, settings.options(cls.name))


def option_names(options_cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(options_cls)]


def parse_options(stage: str, options_cls: type[T], raw: Mapping[str, Any] | None) -> T:
    """`raw` (a stage's entry of `Settings.stage_options`) as `options_cls`, each value converted to
    its field's type (`"2"` for an int option is 2, as `int(...)` read it before). Raises
    StageConfigError for an option the stage does not have or a value that does not convert."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise StageConfigError(f"the options of stage {stage!r} must be a mapping, not {type(raw).__name__}")
    known = option_names(options_cls)
    unknown = [key for key in raw if key not in known]
    if unknown:
        raise StageConfigError(
            f"stage {stage!r} has no option {unknown[0]!r}; known options: {', '.join(known) or 'none'}"
        )
    hints = typing.get_type_hints(options_cls)
    values = {key: _convert(stage, key, hints.get(key, Any), value) for key, value in raw.items()}
    return options_cls(**values)


def _convert(stage: str, key: str, hint: Any, value: Any) -> Any:
    """`value` as type `hint`: int, float, str, bool, a mapping, or one of those or None."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None and len(args) < len(typing.get_args(hint)):
            return None
        hint = args[0] if len(args) == 1 else Any
        origin = typing.get_origin(hint)
    try:
        if hint is bool:
            if isinstance(value, bool):
                return value
            raise TypeError(f"not a bool: {value!r}")
        if hint in (int, float, str):
            return hint(value)
        if hint is dict or origin in (dict, Mapping):
            if not isinstance(value, Mapping):
                raise TypeError(f"not a mapping: {value!r}")
            return dict(value)
    except (TypeError, ValueError) as exc:
        name = getattr(hint, "__name__", str(hint))
        raise StageConfigError(f"stage {stage!r} option {key!r} must be {name}, not {value!r}") from exc
    return value
