"""Where a redirect may go after login or a language switch: only back to this site."""

from __future__ import annotations

import urllib.parse


def safe_next_path(target: str | None) -> str | None:
    """Return ``target`` if it is a same-site relative path, else None.

    Browsers treat ``//host`` and ``/\\host`` as other sites, so both are refused.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return None
    parsed = urllib.parse.urlsplit(target)
    if parsed.scheme or parsed.netloc:
        return None
    return target
