"""Built-in stages. Importing this package registers them in `caspian.pipeline.STAGES`."""
# ruff: noqa: F401, I001  (one import per stage, each on its own line, in pipeline order)

from caspian.stages import clean
from caspian.stages import metadata
from caspian.stages import language
from caspian.stages import segment
from caspian.stages import entities
from caspian.stages import facts
from caspian.stages import events
from caspian.stages import topics
