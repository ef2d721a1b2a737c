"""Ways back into a wallet: a forgotten password reset by a mailed link, recovery codes."""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required

from wallet.accounts import password_reset
from wallet.accounts import recovery_codes
from wallet.accounts import store
from wallet.accounts.limits import address_key
from wallet.accounts.passwords import password_confirms
from wallet.accounts.passwords import password_problem
from wallet.platform.config import rate_limit
from wallet.platform.extensions import limiter
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other

bp = Blueprint("recovery", __name__)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(rate_limit("RESET"), methods=["POST"])
@limiter.limit(rate_limit("RESET_ADDRESS"), key_func=address_key, methods=["POST"])
def ask_for_reset():
    """Ask for a link by address; the answer is the same whether the address has a wallet."""
    if request.method == "POST":
        password_reset.ask_for_reset(request.form.get("email", ""))
        return see_other(url_for(".reset_sent"))
    return render("accounts/reset_request.html")


@bp.get("/reset/sent")
def reset_sent():
    return render("accounts/check_email.html", reason="reset")


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password with the mailed link; it logs in here and out everywhere else."""
    link = password_reset.find_reset_link(token)
    if link is None:
        return render("accounts/reset_password.html", status=410, link=None, errors={})
    if request.method == "GET":
        return render("accounts/reset_password.html", link=link, token=token, errors={})
    password = request.form.get("password", "")
    problem = password_problem(password)
    if problem:
        errors = {"password": str(problem)}
        return render("accounts/reset_password.html", status=422, link=link, token=token,
                      errors=errors)
    user = password_reset.reset_password(token, password)
    if user is None:
        return render("accounts/reset_password.html", status=410, link=None, errors={})
    store.start_session(user)
    flash(_("Your new password is saved. Every other phone and computer is logged out."),
          "success")
    return see_other(url_for("my_credentials.index"))


@bp.route("/login/recovery-code", methods=["GET", "POST"])
@limiter.limit(rate_limit("LOGIN"), methods=["POST"])
@limiter.limit(rate_limit("LOGIN_ACCOUNT"), key_func=address_key, methods=["POST"])
def log_in_with_code():
    """Log in with the address and one recovery code instead of the password."""
    if current_user.is_authenticated:
        return redirect(url_for("my_credentials.index"))
    if request.method == "GET":
        return render("accounts/login_recovery.html", errors={}, form={})
    login = recovery_codes.use_code(request.form.get("email", ""), request.form.get("code", ""))
    if login is None:
        errors = {"form": _("Wrong email or recovery code.")}
        return render("accounts/login_recovery.html", status=422, errors=errors,
                      form=request.form)
    store.start_session(login.user)
    flash(ngettext("You logged in with a recovery code. You have %(num)d code left.",
                   "You logged in with a recovery code. You have %(num)d codes left.",
                   login.left), "info")
    return see_other(url_for("my_credentials.index"))


@bp.route("/account/recovery-codes", methods=["GET", "POST"])
@login_required
@limiter.limit(rate_limit("LOGIN"), methods=["POST"])
def make_recovery_codes():
    """Ten new codes, shown once, after the password is typed again."""
    if request.method == "GET":
        return render("accounts/recovery_codes.html", codes=None, errors={})
    if not password_confirms(current_user.password_hash, request.form.get("password", "")):
        errors = {"password": _("Wrong password. No new codes were made.")}
        return render("accounts/recovery_codes.html", status=422, codes=None, errors=errors)
    codes = recovery_codes.make_codes(current_user)
    return render("accounts/recovery_codes.html", codes=codes, errors={})
