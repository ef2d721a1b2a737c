"""Passkeys: the learner's list (add, remove), logging in with one, making a wallet with one.

The browser's part runs in static/js/passkeys.js and talks JSON with the routes below; their
buttons appear only where the browser can make and use passkeys, so every page also works
without script, with the password.
"""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import jsonify
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from wallet.accounts import addresses
from wallet.accounts import forms
from wallet.accounts import passkeys
from wallet.accounts import store
from wallet.accounts.limits import learner_key
from wallet.accounts.passwords import password_confirms
from wallet.platform.config import rate_limit
from wallet.platform.extensions import limiter
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other
from wallet.platform.redirects import safe_next_path

bp = Blueprint("passkeys", __name__)
NAME_MAX_LENGTH = 60


@bp.get("/account/passkeys")
@login_required
def manage():
    return render("accounts/passkeys.html", passkeys=passkeys.passkeys_of(current_user))


@bp.post("/account/passkeys/options")
@login_required
@limiter.limit(rate_limit("LOGIN"), key_func=learner_key)
def add_options():
    """Creation options, once the password is typed again (a stolen session adds no key)."""
    answer = request.get_json(silent=True) or {}
    name = str(answer.get("name", "")).strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        return refused(_("Give the passkey a name (at most %(count)d characters), like "
                         "“My phone”.", count=NAME_MAX_LENGTH))
    if not password_confirms(current_user.password_hash, str(answer.get("password", ""))):
        return refused(_("Wrong password. No passkey was added."))
    return passkeys.options_to_add(current_user), {"Content-Type": "application/json"}


@bp.post("/account/passkeys")
@login_required
def add():
    answer = request.get_json(silent=True) or {}
    name = str(answer.get("name", "")).strip()[:NAME_MAX_LENGTH]
    passkey = passkeys.add_passkey(current_user, name, answer.get("credential"))
    if passkey is None:
        return refused(_("The passkey could not be added. Try again."))
    flash(_("The passkey “%(name)s” is added. Next time, log in with it.", name=name), "success")
    return jsonify(redirect=url_for(".manage"))


@bp.post("/account/passkeys/<int:passkey_id>/remove")
@login_required
def remove(passkey_id: int):
    if passkeys.remove_passkey(current_user, passkey_id):
        flash(_("The passkey is removed. It no longer logs in to your wallet."), "info")
    return see_other(url_for(".manage"))


@bp.post("/login/passkey/options")
@limiter.limit(rate_limit("LOGIN"))
def log_in_options():
    return passkeys.options_to_log_in(), {"Content-Type": "application/json"}


@bp.post("/login/passkey")
@limiter.limit(rate_limit("LOGIN"))
def log_in():
    answer = request.get_json(silent=True) or {}
    user = passkeys.log_in_with_passkey(answer.get("credential"))
    if user is None:
        return refused(_("This passkey did not log you in. Try again, or use your password."))
    store.start_session(user)
    wanted = safe_next_path(str(answer.get("next") or "")) or url_for("my_credentials.index")
    return jsonify(redirect=wanted)


@bp.post("/register/passkey/options")
@limiter.limit(rate_limit("REGISTER"))
def register_options():
    registration = forms.parse_registration(request.get_json(silent=True) or {}, password=False)
    if isinstance(registration, dict):
        return refused(" ".join(registration.values()))
    return passkeys.options_to_register(registration.email, registration.name), {
        "Content-Type": "application/json"
    }


@bp.post("/register/passkey")
@limiter.limit(rate_limit("REGISTER"))
def register():
    """A wallet with a passkey and no password; the same answer as the sign-up form's."""
    answer = request.get_json(silent=True) or {}
    registration = forms.parse_registration(answer, password=False)
    made = passkeys.take_new_account_passkey(answer.get("credential"), _("Passkey"))
    if isinstance(registration, dict) or made is None:
        return refused(_("The passkey could not be made. Try again, or choose a password."))
    addresses.sign_up_with_passkey(registration, *made)
    return jsonify(redirect=url_for("addresses.registered"))


def refused(message: str):
    return jsonify(error=message), 422
