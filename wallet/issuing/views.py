"""The demo issuers' status lists, signed by the issuer and served at a stable public path."""

from __future__ import annotations

from flask import Blueprint
from flask import Response

from wallet.credentials.token_status_list import ACCEPT as TOKEN_STATUS_LIST_TYPE
from wallet.issuing.status_lists import TOKEN
from wallet.issuing.status_lists import published_list

bp = Blueprint("issuing", __name__, url_prefix="/status")

CACHE_SECONDS = 60  # for HTTP caches; verifiers keep a list as long as its own ttl says


@bp.get(f"/<issuer>/{TOKEN}")
def token_status_list(issuer: str):
    """The Token Status List of the issuer's SD-JWT VCs (statuslist+jwt)."""
    return _public(published_list(issuer, TOKEN), TOKEN_STATUS_LIST_TYPE)


@bp.get("/<issuer>/<purpose>")
def status_list(issuer: str, purpose: str):
    """A BitstringStatusListCredential (vc+jwt)."""
    return _public(published_list(issuer, purpose), "application/vc+jwt")


def _public(body: bytes | None, content_type: str) -> Response:
    """A list as served to anyone: public, no cookies, cached briefly."""
    if body is None:
        # Plain text, not the error page: nothing here may touch the session.
        return Response("No such status list.\n", 404, mimetype="text/plain")
    return Response(
        body,
        content_type=content_type,
        headers={
            "Cache-Control": f"public, max-age={CACHE_SECONDS}",
            "Access-Control-Allow-Origin": "*",  # public data, readable by browser verifiers
        },
    )
