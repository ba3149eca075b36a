"""Built-in stages. Importing this package registers them in `caspian.pipeline.STAGES`."""

from caspian.stages import clean, language, metadata, segment  # noqa: F401
