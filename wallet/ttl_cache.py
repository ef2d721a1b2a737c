"""A small per-process cache whose entries expire: for results that are safe to reuse briefly.

Each app server keeps its own; nothing in it is needed for correctness, so several servers (or
a restart) only mean more misses. Bounded, least recently used first out, thread-safe.
"""

from __future__ import annotations

import collections
import threading
import time
import weakref
from collections.abc import Hashable
from typing import Generic
from typing import TypeVar

Value = TypeVar("Value")

_every_cache: weakref.WeakSet[TtlCache] = weakref.WeakSet()


def clear_all() -> None:
    """Forget everything every cache kept (benchmarks measure the cold path with it)."""
    for cache in list(_every_cache):
        cache.clear()


class TtlCache(Generic[Value]):
    """At most ``max_entries`` values, each kept for ``seconds`` after it was put."""

    def __init__(self, seconds: float, max_entries: int) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: collections.OrderedDict[Hashable, tuple[float, Value]] = (
            collections.OrderedDict()
        )
        self._lock = threading.Lock()
        _every_cache.add(self)

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, value: Value) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + self.seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
