"""Public issuer pages: what the registry knows about an issuer, and its logo, served by us.

Linked from the employer's page, so they look and behave like it: no login, no cookie, nothing
loaded from another host, in the page's language (``?lang=``, then the browser).
"""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import abort
from flask import request
from werkzeug.exceptions import HTTPException

from wallet import public
from wallet import registry
from wallet import registry_labels
from wallet.logos import LOGO_SECURITY_POLICY
from wallet.models import RegisteredIssuer

bp = Blueprint("issuers", __name__, url_prefix="/issuers")


bp.context_processor(registry_labels.template_labels)
bp.register_error_handler(HTTPException, public.public_error)  # errors keep the public look


@bp.get("/<slug>")
def show(slug: str):
    """The issuer's registry entry; a removed issuer's page stays, saying it is removed."""
    return public.answer("issuers/show.html", issuer=found(slug))


@bp.get("/<slug>/logo")
def logo(slug: str):
    """The uploaded logo as an image that cannot run anything, even when opened on its own."""
    issuer = found(slug)
    if issuer.logo is None:
        abort(404)
    response = Response(issuer.logo, mimetype=issuer.logo_type)
    response.headers["Content-Security-Policy"] = LOGO_SECURITY_POLICY
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.set_etag(issuer.logo_sha256)
    return response.make_conditional(request)


def found(slug: str) -> RegisteredIssuer:
    issuer = registry.find_by_slug(slug)
    if issuer is None:
        abort(404)
    return issuer
