"""Files as stored: a credential (a token or JSON-LD), a presentation or a receipt to save;
a kept image to show."""

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


def credential_suffix(raw: str) -> str:
    """The file name suffix of a credential as stored: "json" for a JSON-LD credential secured
    by its own proofs, "jwt" for a token."""
    return "json" if raw.lstrip().startswith("{") else "jwt"


def credential_attachment(raw: str, stem: str) -> Response:
    """A credential exactly as stored, named and typed by its form."""
    suffix = credential_suffix(raw)
    mimetype = "application/ld+json" if suffix == "json" else "application/jwt"
    return attachment(raw, f"{stem}.{suffix}", mimetype)


def inline_image(data: bytes, content_type: str, sha256: str) -> Response:
    """An image we redrew and keep, for those who may see its credential (so privately cached)."""
    response = Response(data, mimetype=content_type)
    response.headers["Content-Security-Policy"] = IMAGE_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.set_etag(sha256)
    return response.make_conditional(request)
