"""The demo issuers' status lists, signed by the issuer and served at a stable public path.

The wallet's own status checks read the same bytes in-process (``wallet/verification.py``).
"""

from __future__ import annotations

import datetime

from flask import Blueprint
from flask import Response

from wallet import demo
from wallet import status_lists
from wallet import verification
from wallet.credentials import Shape
from wallet.credentials import encode_status_list
from wallet.credentials import issue_credential
from wallet.credentials import status_list_credential

bp = Blueprint("status", __name__, url_prefix="/status")

# Verifiers keep a list at most TTL and never past VALID_FOR; CACHE_SECONDS is for HTTP caches.
TTL = datetime.timedelta(minutes=5)
VALID_FOR = datetime.timedelta(minutes=10)
CACHE_SECONDS = 60


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


def published_list(slug: str, purpose: str) -> bytes | None:
    """The list as served now, signed by the issuer's key; None if there is no such list."""
    if slug not in demo.issuer_slugs() or purpose not in status_lists.PURPOSES:
        return None
    stored = status_lists.find_list(slug, purpose)
    if stored is None:
        return None  # nothing signed with it yet; an all-clear list would claim too much
    issuer = demo.load_issuer(slug)
    now = verification.now().replace(microsecond=0)
    document = status_list_credential(
        issuer.did,
        status_lists.list_url(slug, purpose),
        purpose,
        encode_status_list(stored.bits),
        valid_from=now,
        valid_until=now + VALID_FOR,
        ttl_ms=int(TTL.total_seconds() * 1000),
    )
    token = issue_credential(document, issuer.key, kid=issuer.kid, shape=Shape.VC_JOSE_COSE)
    return token.encode("ascii")
