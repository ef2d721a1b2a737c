"""The learner's account: register, log in and out, the language, profile, backup, deletion."""

from __future__ import annotations

import io

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import flash
from flask import redirect
from flask import request
from flask import send_file
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge

from wallet.accounts import addresses
from wallet.accounts import backup
from wallet.accounts import forms
from wallet.accounts import organisation_login
from wallet.accounts import passkeys
from wallet.accounts import recovery_codes
from wallet.accounts import store
from wallet.accounts.limits import address_key
from wallet.accounts.limits import learner_key
from wallet.accounts.passwords import password_confirms
from wallet.my_credentials import store as credential_store
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.config import rate_limit
from wallet.platform.errors import render_http_error
from wallet.platform.extensions import limiter
from wallet.platform.extensions import login_manager
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other
from wallet.platform.i18n import COOKIE
from wallet.platform.i18n import LANGUAGES
from wallet.platform.redirects import safe_next_path

bp = Blueprint("accounts", __name__)

# One message for an unknown address and a wrong password, so nobody can probe for accounts.
WRONG_CREDENTIALS = _l("Wrong email or password.")
# Over a limit, these forms come back with the reason; other pages show the error page.
THROTTLED_FORMS = {
    "accounts.login": "accounts/login.html",
    "accounts.register": "accounts/register.html",
}


def init_app(app: Flask) -> None:
    """Tell Flask-Login how to find the learner a session names and where to log in."""
    login_manager.login_view = "accounts.login"
    login_manager.user_loader(store.load_user)
    login_manager.unauthorized_handler(ask_to_log_in)


def ask_to_log_in():
    """Send a visitor to the login page, remembering the relative path of a page they wanted."""
    flash(_("Log in to see this page."), "info")
    wanted = request.full_path.rstrip("?") if request.method == "GET" else None
    return see_other(url_for("accounts.login", next=wanted))


def login_failed(response) -> bool:
    return response.status_code != 303


@bp.get("/")
def home():
    """The site's own address: the wallet, or the way in to it."""
    return redirect(url_for("my_credentials.index" if current_user.is_authenticated else ".login"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(rate_limit("REGISTER"), methods=["POST"])
@limiter.limit(rate_limit("REGISTER_ADDRESS"), key_func=address_key, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("my_credentials.index"))
    if request.method == "GET":
        return render_form("accounts/register.html", {})
    registration = forms.parse_registration(request.form)
    if isinstance(registration, dict):
        return render_form("accounts/register.html", registration, 422)
    addresses.sign_up(registration)
    return see_other(url_for("addresses.registered"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(rate_limit("LOGIN"), methods=["POST"])
@limiter.limit(
    rate_limit("LOGIN_ACCOUNT"), key_func=address_key, methods=["POST"], deduct_when=login_failed
)
def login():
    if current_user.is_authenticated:
        return redirect(after_login_url())
    if request.method == "GET":
        return render_form("accounts/login.html", {})
    user = store.authenticate(request.form.get("email", ""), request.form.get("password", ""))
    if user is None:
        # By id only: a hash of the address in a log line is reversed with a list of addresses.
        known = store.find_by_email(request.form.get("email", ""))
        audit.record("login.failed", user_id=known.id if known else "unknown")
        return render_form("accounts/login.html", {"form": WRONG_CREDENTIALS}, 422)
    store.start_session(user)
    return see_other(after_login_url())


@bp.errorhandler(429)
def too_many_attempts(error):
    """A throttled login or sign-up shows its form again with the reason; it opens again later."""
    page = THROTTLED_FORMS.get(request.endpoint)
    if page is None:
        return render_http_error(error)
    message = _("Too many attempts. Wait a minute and try again.")
    return render_form(page, {"form": message}, 429)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        store.end_session(current_user)
    flash(_("You are logged out."), "info")
    return see_other(url_for("accounts.login"))


@bp.post("/language")
def switch_language():
    """Remember the chosen language and go back to the page the person was on."""
    language = request.form.get("language")
    response = redirect(safe_next_path(request.form.get("next")) or "/", 303)
    if language in LANGUAGES:
        response.set_cookie(
            COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
        if current_user.is_authenticated:
            store.save_locale(current_user, language)
    return response


@bp.get("/account")
@login_required
def profile():
    count = credential_store.count_credentials(current_user)
    return render(
        "accounts/profile.html",
        credential_count=count,
        pending_address=addresses.pending_address(current_user),
        recovery_codes_left=recovery_codes.codes_left(current_user),
        passkey_count=len(passkeys.passkeys_of(current_user)),
        organisation_linked=organisation_login.linked_login(current_user) is not None,
    )


@bp.get("/account/export")
@login_required
def export():
    """Download every credential exactly as issued, with an index, as one zip file."""
    exported_at = clock.now()
    data = backup.build_backup(credential_store.all_credentials(current_user), exported_at)
    audit.record("wallet.exported", user_id=current_user.id)
    response = send_file(
        io.BytesIO(data),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"kompetenspass-{exported_at:%Y-%m-%d}.zip",
    )
    # send_file allows caching with revalidation; every credential of a person must not be kept.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/import", methods=["GET", "POST"])
@login_required
@limiter.limit(rate_limit("BACKUP_IMPORT"), methods=["POST"])
@limiter.limit(rate_limit("BACKUP_IMPORT_ACCOUNT"), key_func=learner_key, methods=["POST"])
def import_backup():
    """Bring a backup into this wallet: everything or, if one credential is refused, nothing."""
    if request.method == "GET":
        return render_backup_form(None, 200)
    try:
        entries = forms.read_backup_upload(request.files.get("backup"))
        tokens = [entry.token for entry in entries]
        seconds = current_app.config["BULK_IMPORT_SECONDS"]
        created = credential_store.import_tokens(current_user, tokens, seconds)
    except backup.BackupRefused as refusal:
        error = forms.describe_backup_refusal(refusal)
        return render_backup_form(error, 422)
    except credential_store.ImportRefused as refusal:
        error = forms.describe_import_refusal(entries, refusal)
        return render_backup_form(error, 422)
    audit.record("backup.imported", user_id=current_user.id, created=created)
    flash(ngettext("%(num)d credential imported.", "%(num)d credentials imported.", created))
    skipped = len(entries) - created
    if skipped:
        already = ngettext(
            "%(num)d was already in your wallet.", "%(num)d were already in your wallet.", skipped
        )
        flash(already)
    return see_other(url_for("my_credentials.index"))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A backup beyond what the server reads at all: the import form again, saying why."""
    if request.endpoint != "accounts.import_backup":
        return render_http_error(error)
    message = forms.describe_backup_refusal(backup.BackupRefused("backup.too_large"))
    return render_backup_form(message, 413)


def render_backup_form(error: str | None, status: int):
    return render("accounts/import_backup.html", status=status, error=error,
                  upload_limit=backup.MAX_BACKUP_BYTES)


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(rate_limit("LOGIN"), methods=["POST"])
def delete():
    """Delete the account and every credential in it, after the password is typed again."""
    if request.method == "GET":
        return render("accounts/delete.html", errors={})
    if not password_confirms(current_user.password_hash, request.form.get("password", "")):
        errors = {"password": _("Wrong password. Nothing was deleted.")}
        return render("accounts/delete.html", status=422, errors=errors)
    # The real row, not the proxy: the proxy turns anonymous at logout, halfway through.
    store.delete_learner(current_user._get_current_object())
    flash(_("Your account and all your credentials are deleted."), "success")
    return see_other(url_for("accounts.register"))


def after_login_url() -> str:
    """The page asked for in ``next`` if it is on this site, else the wallet."""
    return safe_next_path(request.args.get("next")) or url_for("my_credentials.index")


def render_form(page: str, errors: dict, status: int = 200):
    """The form again with its messages; typed values come back, the password never does."""
    return render(
        page,
        status=status,
        errors=errors,
        form=request.form,
        next=safe_next_path(request.args.get("next")),
    )
