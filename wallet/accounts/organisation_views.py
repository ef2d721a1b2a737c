"""Signing in with an organisation's account: to the provider and back, and the profile's link."""

from __future__ import annotations

import requests
from authlib.common.errors import AuthlibBaseError
from flask import Blueprint
from flask import abort
from flask import flash
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from wallet.accounts import organisation_login
from wallet.accounts import store
from wallet.platform.addresses import absolute_url
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other

bp = Blueprint("organisation", __name__)


@bp.get("/login/organisation")
def start():
    """To the provider (PKCE, state and nonce kept in the session); back at ``finish``."""
    provider = organisation_login.provider()
    if provider is None:
        abort(404)
    try:
        return provider.authorize_redirect(absolute_url(".finish"))
    except (AuthlibBaseError, requests.RequestException):
        return render("accounts/organisation_refused.html", status=502, outcome="unreachable")


@bp.get("/login/organisation/return")
def finish():
    provider = organisation_login.provider()
    if provider is None:
        abort(404)
    try:
        claims = provider.authorize_access_token().get("userinfo")
    except (AuthlibBaseError, requests.RequestException, ValueError):
        claims = None
    if not claims:
        return render("accounts/organisation_refused.html", status=400, outcome="failed")
    signed_in = current_user._get_current_object() if current_user.is_authenticated else None
    result = organisation_login.sign_in(dict(claims), signed_in)
    if result.user is None:
        return render("accounts/organisation_refused.html", status=409, outcome=result.outcome,
                      address=result.address)
    if result.outcome == "linked":
        flash(_("Your account is linked. Next time, log in with it."), "success")
        return see_other(url_for("accounts.profile"))
    store.start_session(result.user)
    return see_other(url_for("my_credentials.index"))


@bp.post("/account/organisation/remove")
@login_required
def unlink():
    organisation_login.unlink(current_user)
    flash(_("Your organisation's account no longer logs in to this wallet."), "info")
    return see_other(url_for("accounts.profile"))
