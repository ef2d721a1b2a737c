"""The app's own small caches, whose entries expire: for results that are safe to reuse briefly.

The factory gives every app one ``Caches`` (``app.extensions["wallet.caches"]``) and each feature
names the caches it needs when it is configured, so two apps in one process never share an
entry and a test or benchmark empties one app's caches without touching module globals. Nothing
in them is needed for correctness: several servers, or a restart, only mean more misses.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Hashable
from typing import Generic
from typing import TypeVar

from flask import Flask
from flask import current_app

Value = TypeVar("Value")
EXTENSION = "wallet.caches"


class TtlCache(Generic[Value]):
    """At most ``max_entries`` values, each kept for ``seconds`` after it was put.

    Bounded, least recently used first out, thread-safe.
    """

    def __init__(self, seconds: float, max_entries: int) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: collections.OrderedDict[Hashable, tuple[float, Value]] = (
            collections.OrderedDict()
        )
        self._lock = threading.Lock()

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


class Caches:
    """One app's caches, by name."""

    def __init__(self) -> None:
        self._by_name: dict[str, TtlCache] = {}

    def add(self, name: str, seconds: float, max_entries: int) -> None:
        self._by_name[name] = TtlCache(seconds, max_entries)

    def __getitem__(self, name: str) -> TtlCache:
        return self._by_name[name]

    def clear(self, *names: str) -> None:
        """Forget what the named caches kept, or every cache's entries when none is named."""
        for name in names or tuple(self._by_name):
            self._by_name[name].clear()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Caches()


def of(app: Flask) -> Caches:
    """The caches of ``app`` (benchmarks and tests measure the cold path by clearing them)."""
    return app.extensions[EXTENSION]


def cache(name: str) -> TtlCache:
    """The current app's cache called ``name``."""
    return current_app.extensions[EXTENSION][name]
