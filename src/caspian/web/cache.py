"""Rendered pages kept while the knowledge base is unchanged.

The store's version (`kb.common.data_version`: the newest article, mention, fact and event
row, and the number of clusters) is read at most once per `check_every` seconds; a new version
empties the cache, so a page is at most that many seconds behind an ingest by another process,
and an upload through this server clears it at once. functools.lru_cache has no such invalidation, hence this class.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from caspian.kb.common import data_version
from caspian.store import Store


class PageCache:
    def __init__(self, store: Store, size: int = 512, check_every: float = 2.0) -> None:
        self.store, self.size, self.check_every = store, size, check_every
        self._pages: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._checked = 0.0

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._checked = 0.0

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._checked < self.check_every:
            return
        version = data_version(self.store)
        with self._lock:
            self._checked = now
            if version != self._version:
                self._pages.clear()
                self._version = version

    def lookup(self, key: Any) -> Any | None:
        """The page kept for `key` under the current version of the data, or None."""
        if self.size <= 0:
            return None
        self._refresh()
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        return None

    def put(self, key: Any, value: Any) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._pages[key] = value
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
