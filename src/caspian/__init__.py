"""Caspian: offline-first, multilingual intelligence on energy-sector news.

import caspian
record = caspian.extract(text)              # one article -> its record
report = caspian.ingest(["articles/"])      # into sqlite:///caspian.db
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["extract", "extract_files", "ingest", "open_store", "process"]


def __getattr__(name: str) -> Any:
    # Lazy: `import caspian` stays cheap; the pipeline loads on first use.
    if name in __all__:
        from caspian import api

        return getattr(api, name)
    raise AttributeError(name)
