"""The one exception the domain core raises for bad input, carrying a machine code."""

from __future__ import annotations

from typing import Any


class CredentialError(Exception):
    """Input that is not a usable credential; ``code`` says why (e.g. ``format.malformed``).

    The web layer translates ``code`` with ``params``; ``str(error)`` is for logs only and
    must never contain the token itself.
    """

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
