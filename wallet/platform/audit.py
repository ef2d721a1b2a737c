"""The audit trail: who did what, when (UTC), as one fixed-format log line per event.

Fields are ids, counts and machine codes only: never a password, token, JWT, share code or
cookie. Values are encoded so that no input can start a new line or fake another field.
"""

from __future__ import annotations

from flask import current_app

from wallet.platform import clock

# Names that would carry a secret: refused outright, so a careless call fails in the tests.
SECRET_FIELDS = frozenset({"password", "token", "jwt", "code", "cookie", "secret", "session"})


def record(event: str, **fields: object) -> None:
    """Log ``audit event=<event> at=<UTC time> key=value ...`` on the app logger."""
    leaked = SECRET_FIELDS & fields.keys()
    if leaked:
        raise ValueError(f"audit fields must not carry secrets: {sorted(leaked)}")
    at = clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    parts = [f"event={_encode(event)}", f"at={at}"]
    parts += [f"{key}={_encode(value)}" for key, value in fields.items()]
    current_app.logger.info("audit %s", " ".join(parts))


def _encode(value: object) -> str:
    """CR, LF, spaces and backslashes escaped, so one value stays one field on one line."""
    text = str(value).replace("\\", "\\\\")
    return text.replace("\r", "\\r").replace("\n", "\\n").replace(" ", "\\x20")
