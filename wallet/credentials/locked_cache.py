"""An LRU cache that threads may share: what the core remembers by content (resolved JSON-LD
contexts, canonical forms, redrawn images) is read and written by several requests at once."""

from __future__ import annotations

import threading
from typing import Any

from cachetools import LRUCache


class LockedCache(LRUCache):
    """``get`` and item assignment under one lock (cachetools' LRUCache alone is not safe to
    share between threads)."""

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize=maxsize)
        self._cache_lock = threading.Lock()

    def get(self, key: Any, default: Any = None) -> Any:
        with self._cache_lock:
            return super().get(key, default)

    def __setitem__(self, key: Any, value: Any) -> None:
        with self._cache_lock:
            super().__setitem__(key, value)
