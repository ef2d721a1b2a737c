"""The learner's account: profile and wallet DID, backup export and import, deletion."""

from __future__ import annotations

import datetime
import io
import pathlib

from flask import Blueprint
from flask import flash
from flask import request
from flask import send_file
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required

from wallet import audit
from wallet import backup
from wallet import verification
from wallet.auth import login_limit
from wallet.check_messages import describe_check
from wallet.extensions import db
from wallet.extensions import limiter
from wallet.htmx import render
from wallet.htmx import see_other
from wallet.importing import ImportRefused
from wallet.importing import import_tokens
from wallet.learners import delete_learner
from wallet.models import StoredCredential
from wallet.passwords import password_matches

bp = Blueprint("account", __name__, url_prefix="/account")

BACKUP_REFUSALS = {
    "backup.not_a_zip": _l("This is not a wallet backup. Choose the .zip file you exported."),
    "backup.too_large": _l("The backup is too large to import."),
    "backup.too_many_entries": _l("The backup holds more than %(count)d files."),
    "backup.empty": _l("The backup holds no credentials."),
    "backup.entry_too_large": _l("%(file)s is too large to be a credential."),
    "backup.unreadable_entry": _l("%(file)s is damaged or not a credential."),
}


@bp.before_request
@login_required
def require_login():
    """Every account page belongs to a signed-in learner and shows only their data."""


@bp.get("")
def profile():
    return render("account/profile.html", credential_count=count_credentials())


@bp.get("/export")
def export():
    """Download every credential exactly as issued, with an index, as one zip file."""
    exported_at = datetime.datetime.now(datetime.UTC)
    data = backup.build_backup(owned_credentials(), exported_at)
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


@bp.route("/import", methods=["GET", "POST"])
def import_backup():
    """Bring a backup into this wallet: everything or, if one credential is refused, nothing."""
    if request.method == "GET":
        return render("account/import.html", error=None)
    try:
        entries = backup.read_backup(read_upload())
        created = import_tokens(current_user, [entry.token for entry in entries])
    except backup.BackupRefused as refusal:
        return render("account/import.html", status=422, error=describe_refusal(refusal))
    except ImportRefused as refusal:
        error = describe_import_refusal(entries, refusal)
        return render("account/import.html", status=422, error=error)
    audit.record("backup.imported", user_id=current_user.id, created=created)
    flash(ngettext("%(num)d credential imported.", "%(num)d credentials imported.", created))
    skipped = len(entries) - created
    if skipped:
        already = ngettext(
            "%(num)d was already in your wallet.", "%(num)d were already in your wallet.", skipped
        )
        flash(already)
    return see_other(url_for("my_credentials.index"))


@bp.route("/delete", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def delete():
    """Delete the account and every credential in it, after the password is typed again."""
    if request.method == "GET":
        return render("account/delete.html", errors={})
    if not password_matches(current_user.password_hash, request.form.get("password", "")):
        errors = {"password": _("Wrong password. Nothing was deleted.")}
        return render("account/delete.html", status=422, errors=errors)
    # The real row, not the proxy: the proxy turns anonymous at logout, halfway through.
    delete_learner(current_user._get_current_object())
    flash(_("Your account and all your credentials are deleted."), "success")
    return see_other(url_for("auth.register"))


def count_credentials() -> int:
    query = db.select(db.func.count()).select_from(StoredCredential)
    return db.session.scalar(query.filter_by(owner_id=current_user.id))


def owned_credentials() -> list[StoredCredential]:
    query = db.select(StoredCredential).filter_by(owner_id=current_user.id)
    return list(db.session.scalars(query.order_by(StoredCredential.id)))


def read_upload() -> bytes:
    """The uploaded backup, read no further than the cap; only .zip files are opened."""
    upload = request.files.get("backup")
    if not upload or pathlib.Path(upload.filename or "").suffix.lower() != ".zip":
        raise backup.BackupRefused("backup.not_a_zip")
    return upload.stream.read(backup.MAX_BACKUP_BYTES + 1)


def describe_refusal(refusal: backup.BackupRefused) -> str:
    return str(BACKUP_REFUSALS[refusal.code]) % refusal.params


def describe_import_refusal(entries: list[backup.BackupEntry], refusal: ImportRefused) -> str:
    """Name the file that was refused and why; the batch stopped there, so nothing was stored."""
    reason = describe_check(refusal.code, refusal.params)
    # Only the failure path pays for checking again, to find which file it was.
    refused = next((e for e in entries if not verification.verify(e.token).is_genuine), None)
    if refused is None:
        return _("Nothing was imported: %(reason)s", reason=reason)
    return _(
        "Nothing was imported. %(file)s was refused: %(reason)s", file=refused.file, reason=reason
    )
