"""The demo issuers' status lists, signed by the issuer and served at a stable public path."""

from __future__ import annotations

from flask import Blueprint
from flask import Response

from wallet.issuing.status_lists import published_list

bp = Blueprint("issuing", __name__, url_prefix="/status")

CACHE_SECONDS = 60  # for HTTP caches; verifiers keep a list as long as its own ttl says


@bp.get("/<issuer>/<purpose>")
def status_list(issuer: str, purpose: str):
    """A BitstringStatusListCredential (vc+jwt): public, no cookies, cached briefly."""
    body = published_list(issuer, purpose)
    if body is None:
        # Plain text, not the error page: nothing here may touch the session.
        return Response("No such status list.\n", 404, mimetype="text/plain")
    return Response(
        body,
        content_type="application/vc+jwt",
        headers={
            "Cache-Control": f"public, max-age={CACHE_SECONDS}",
            "Access-Control-Allow-Origin": "*",  # public data, readable by browser verifiers
        },
    )
