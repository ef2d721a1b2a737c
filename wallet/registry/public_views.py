"""Public issuer pages: what the registry knows about an issuer, and its logo, served by us.

Linked from the employer's page, so they look and behave like it: no login, no cookie, nothing
loaded from another host, in the page's language (``?lang=``, then the browser).
"""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import abort
from flask import request

from wallet.platform.public_pages import answer
from wallet.platform.public_pages import use_public_look
from wallet.registry import labels
from wallet.registry import store
from wallet.registry.logos import LOGO_SECURITY_POLICY

bp = Blueprint("registry", __name__, url_prefix="/issuers")
bp.context_processor(labels.template_labels)
use_public_look(bp)


@bp.get("/<slug>")
def show(slug: str):
    """The issuer's registry entry; a removed issuer's page stays, saying it is removed."""
    return answer("registry/issuer.html", issuer=store.issuer_or_404(slug))


@bp.get("/<slug>/logo")
def logo(slug: str):
    """The uploaded logo as an image that cannot run anything, even when opened on its own."""
    issuer = store.issuer_or_404(slug)
    if issuer.logo is None:
        abort(404)
    response = Response(issuer.logo, mimetype=issuer.logo_type)
    response.headers["Content-Security-Policy"] = LOGO_SECURITY_POLICY
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.set_etag(issuer.logo_sha256)
    return response.make_conditional(request)

