"""The stages and their registry, `STAGES`: name -> stage class, built-in stages in pipeline order.

A stage class (see `caspian.stages.base`) declares its `name`, what it `requires` and `assigns`
(Document field names) and its `Options`; `caspian.pipeline` builds and checks pipelines from
this registry. The stage modules import `caspian.stages.base`, never this package or the
pipeline; another stage registers with `STAGES.register(name)(cls)`.
"""

from __future__ import annotations

from caspian.registry import Registry
from caspian.stages.base import BaseStage, NoOptions, Stage, StageConfigError, option_names, parse_options
from caspian.stages.clean import Clean
from caspian.stages.entities import Entities
from caspian.stages.events import Events
from caspian.stages.facts import Facts
from caspian.stages.language import DetectLanguage
from caspian.stages.metadata import Metadata
from caspian.stages.segment import Segment
from caspian.stages.topics import Topics

__all__ = [
    "STAGES",
    "BaseStage",
    "NoOptions",
    "Stage",
    "StageConfigError",
    "option_names",
    "parse_options",
]

STAGES: Registry[type] = Registry("stage")

for _stage in (Clean, Metadata, DetectLanguage, Segment, Entities, Facts, Events, Topics):
    STAGES.register(_stage.name)(_stage)
