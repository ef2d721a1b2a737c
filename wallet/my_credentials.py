"""The learner's wallet: list, import, read and delete credentials."""

from __future__ import annotations

import pathlib

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from wallet import audit
from wallet import sharing
from wallet import verification
from wallet.check_messages import describe_check
from wallet.checked import reading_order
from wallet.credentials import CredentialError
from wallet.credentials import describe_credential
from wallet.credentials import extract_token
from wallet.extensions import db
from wallet.extensions import limiter
from wallet.htmx import render
from wallet.htmx import see_other
from wallet.i18n import current_locale
from wallet.importing import ImportRefused
from wallet.importing import apply_result
from wallet.importing import import_token
from wallet.models import StoredCredential
from wallet.sqlite import writes_database

bp = Blueprint("my_credentials", __name__, url_prefix="/wallet")

UPLOAD_SUFFIXES = {".jwt", ".txt", ".json", ".png", ".svg"}
UPLOAD_LIMIT = 5 * 1024 * 1024
# Refusals that are about size: 413, so clients and monitors can tell them from bad credentials.
TOO_LARGE = {"input.too_large", "wallet.full"}
SORTS = {
    "newest": StoredCredential.imported_at.desc(),
    "title": StoredCredential.title,
    "issuer": StoredCredential.issuer_name,
}


@bp.before_request
@login_required
def require_login():
    """Every wallet page belongs to a signed-in learner."""


@bp.get("")
def index():
    filters = {
        "issuer": request.args.get("issuer", ""),
        "verdict": request.args.get("verdict", ""),
        "sort": request.args.get("sort", "newest") if request.args.get("sort") in SORTS else "newest",
    }
    return render(
        "my_credentials/index.html",
        "my_credentials/_credential_list.html",
        credentials=list_credentials(**filters),
        issuers=list_issuers(),
        filters=filters,
        errors={},
    )


@bp.post("/import")
@limiter.limit(lambda: current_app.config["IMPORT_RATE_LIMIT"])
def import_credential():
    try:
        token = read_submission()
        stored, created = import_token(current_user, token)
    except (CredentialError, ImportRefused) as refusal:
        audit.record("import.refused", user_id=current_user.id, reason=refusal.code)
        status = 413 if refusal.code in TOO_LARGE else 422
        return render_import_form(describe_check(refusal.code, refusal.params), status)
    audit.record("import.accepted", user_id=current_user.id, credential_id=stored.id, new=created)
    if created:
        flash(_("The credential was added to your wallet."), "success")
    else:
        flash(_("This credential is already in your wallet."), "info")
    return see_other(url_for(".detail", credential_id=stored.id))


@bp.get("/import")
def import_form():
    return render_import_form(None, 200)


@bp.get("/<int:credential_id>")
@writes_database
def detail(credential_id: int):
    """Everything about one credential, checked again now so the verdict is current."""
    stored = owned_credential(credential_id)
    result = verification.verify(stored.raw)
    apply_result(stored, result)
    db.session.commit()
    return render(
        "my_credentials/detail.html",
        stored=stored,
        result=result,
        facts=describe_credential(result.credential.document, reading_order(current_locale())),
    )


@bp.route("/<int:credential_id>/delete", methods=["GET", "POST"])
def delete(credential_id: int):
    stored = owned_credential(credential_id)
    if request.method == "GET":
        return render("my_credentials/delete.html", stored=stored)
    sharing.forget_credential(stored)
    db.session.delete(stored)
    db.session.commit()
    flash(_("The credential was deleted from your wallet."), "success")
    return see_other(url_for(".index"))


def render_import_form(error: str | None, status: int):
    return render(
        "my_credentials/import.html",
        "my_credentials/_import_form.html",
        status=status,
        error=error,
        pasted=request.form.get("credential", "")[:20000],
    )


def read_submission() -> str:
    """The token from the upload if one was chosen, else from the pasted text."""
    upload = request.files.get("file")
    if upload and upload.filename:
        suffix = pathlib.Path(upload.filename).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise CredentialError("input.unsupported_file")
        data = upload.stream.read(UPLOAD_LIMIT + 1)
        if len(data) > UPLOAD_LIMIT:
            raise CredentialError("input.too_large")
        return extract_token(data, upload.filename)
    return extract_token(request.form.get("credential", "").encode())


def owned_credential(credential_id: int) -> StoredCredential:
    """The signed-in learner's credential, or 404 for anyone else's."""
    stored = db.session.scalar(
        db.select(StoredCredential).filter_by(id=credential_id, owner_id=current_user.id)
    )
    if stored is None:
        abort(404)
    return stored


def list_credentials(issuer: str, verdict: str, sort: str) -> list[StoredCredential]:
    query = db.select(StoredCredential).filter_by(owner_id=current_user.id)
    if issuer:
        query = query.filter_by(issuer_id=issuer)
    if verdict:
        query = query.filter_by(verdict=verdict)
    return list(db.session.scalars(query.order_by(SORTS[sort], StoredCredential.id.desc())))


def list_issuers() -> list[tuple[str, str]]:
    """The issuers in this learner's wallet, for the filter."""
    rows = db.session.execute(
        db.select(StoredCredential.issuer_id, StoredCredential.issuer_name)
        .filter_by(owner_id=current_user.id)
        .distinct()
    )
    return sorted({(issuer_id, name or issuer_id) for issuer_id, name in rows}, key=lambda r: r[1])
