"""Values read once per request: a page checking 20 credentials asks the database once, not 40 times.

Outside a request (commands, imports in an app context) every call reads afresh, so a long-lived
app context never sees an old value. A writer in the same request calls ``forget`` after commit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import g
from flask import has_request_context

T = TypeVar("T")


def once(key: str, read: Callable[[], T]) -> T:
    """``read()``, remembered under ``key`` until the request ends."""
    if not has_request_context():
        return read()
    if key not in g:
        setattr(g, key, read())
    return g.get(key)


def forget(key: str) -> None:
    """Read ``key`` afresh next time (after this request changed what it reads)."""
    if has_request_context():
        g.pop(key, None)
