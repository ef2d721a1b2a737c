"""A file to save rather than display: a credential, a presentation or a receipt as stored."""

from __future__ import annotations

from flask import Response


def attachment(body: str, filename: str, mimetype: str = "application/jwt") -> Response:
    """``body`` exactly as stored, offered for saving as ``filename``."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
