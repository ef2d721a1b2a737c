"""Files as stored: a credential, a presentation or a receipt to save; a kept image to show."""

from __future__ import annotations

from flask import Response
from flask import request

# A kept image opened on its own is a document: nothing in it may load or run.
IMAGE_SECURITY_POLICY = "default-src 'none'; sandbox"


def attachment(body: str, filename: str, mimetype: str = "application/jwt") -> Response:
    """``body`` exactly as stored, offered for saving as ``filename``."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def inline_image(data: bytes, content_type: str, sha256: str) -> Response:
    """An image we redrew and keep, for those who may see its credential (so privately cached)."""
    response = Response(data, mimetype=content_type)
    response.headers["Content-Security-Policy"] = IMAGE_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.set_etag(sha256)
    return response.make_conditional(request)
