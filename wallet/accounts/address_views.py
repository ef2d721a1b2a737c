"""The learner's e-mail address: after signing up, the mailed link, sending it again, changing.

The mailed link opens a page with one button: mail scanners open links to check them, and a
link that confirmed (and logged in) on being opened would be used up before the learner came.
"""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from wallet.accounts import addresses
from wallet.accounts import forms
from wallet.accounts import one_time_links
from wallet.accounts import store
from wallet.accounts.limits import learner_key
from wallet.accounts.passwords import password_confirms
from wallet.platform.config import rate_limit
from wallet.platform.extensions import limiter
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other

bp = Blueprint("addresses", __name__)


@bp.get("/register/sent")
def registered():
    """What everyone sees after signing up, whether the address was new or already had a wallet."""
    return render("accounts/check_email.html", reason="register")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """GET shows what the link does; POST confirms the address and logs the learner in."""
    if request.method == "GET":
        link = one_time_links.find(token, one_time_links.CONFIRM)
        status = 200 if link else 410
        return render("accounts/confirm.html", status=status, link=link, token=token)
    user = addresses.confirm_address(token)
    if user is None:
        return render("accounts/confirm.html", status=410, link=None, token=token)
    store.start_session(user)
    flash(_("Thank you. Your e-mail address %(address)s is confirmed.", address=user.email),
          "success")
    return see_other(url_for("my_credentials.index"))


@bp.post("/account/address/confirm")
@login_required
@limiter.limit(rate_limit("ADDRESS_MAIL"), key_func=learner_key)
def send_again():
    """A new confirmation link for the address the learner has now."""
    addresses.send_confirmation(current_user, current_user.email)
    flash(_("We sent a new link to %(address)s.", address=current_user.email), "info")
    return see_other(url_for("accounts.profile"))


@bp.route("/account/address", methods=["GET", "POST"])
@login_required
@limiter.limit(rate_limit("ADDRESS_MAIL"), key_func=learner_key, methods=["POST"])
def change():
    """A new address, confirmed by a link sent to it before it replaces the old one."""
    if request.method == "GET":
        return render("accounts/change_address.html", errors={}, form={})
    address = forms.parse_address_change(request.form, current_user.email)
    errors = address if isinstance(address, dict) else {}
    if not password_confirms(current_user.password_hash, request.form.get("password", "")):
        errors["password"] = _("Wrong password. Your address was not changed.")
    if errors:
        return render("accounts/change_address.html", status=422, errors=errors, form=request.form)
    addresses.change_address(current_user, address)
    flash(_("We sent a link to %(address)s. Your address changes when you open it.",
            address=address), "info")
    return see_other(url_for("accounts.profile"))
