"""The learner's wallet: list, import, read and delete credentials."""

from __future__ import annotations

import urllib.parse

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge

from wallet.credentials import CredentialError
from wallet.credentials import describe_credential
from wallet.credentials import issued_to_address
from wallet.credentials.openid4vci import looks_like_offer
from wallet.credentials.openid4vp import looks_like_request
from wallet.credentials.qr_reading import MAX_PHOTO_BYTES
from wallet.credentials.qr_reading import link_in_qr_photo
from wallet.my_credentials import store
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.config import rate_limit
from wallet.platform.downloads import credential_attachment
from wallet.platform.downloads import inline_image
from wallet.platform.errors import render_http_error
from wallet.platform.extensions import limiter
from wallet.platform.htmx import is_partial_request
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other
from wallet.platform.i18n import current_locale
from wallet.profiles.labels import names_in
from wallet.profiles.matching import learner_matches
from wallet.verification.by_link import read_link
from wallet.verification.explained import reading_order
from wallet.verification.explained import shows_kept_image
from wallet.verification.messages import describe_check
from wallet.verification.submission import UPLOAD_LIMIT
from wallet.verification.submission import read_submission

bp = Blueprint("my_credentials", __name__, url_prefix="/wallet")

# Past this page number the list is surely empty: refused before it reaches the database.
MAX_PAGE = 10_000
# Refusals that are about size: 413, so clients and monitors can tell them from bad credentials.
TOO_LARGE = {"input.too_large", "qr.too_large", "wallet.full"}


@bp.before_request
@login_required
def require_login():
    """Every wallet page belongs to a signed-in learner."""


@bp.get("")
def index():
    sort = request.args.get("sort", "newest")
    filters = {
        "issuer": request.args.get("issuer", ""),
        "verdict": request.args.get("verdict", ""),
        "sort": sort if sort in store.SORTS else "newest",
    }
    number = request.args.get("page", "1")
    number = int(number) if number.isdigit() and 0 < int(number) <= MAX_PAGE else 1
    page = store.credential_page(
        current_user, **filters, number=number, size=current_app.config["WALLET_PAGE_SIZE"]
    )
    if number > 1 and not page.credentials:  # a page past the end, typed or kept from before
        return redirect(url_for(".index", **filters))
    shown = {str(stored.id) for stored in page.credentials}
    chosen = [value for value in request.args.getlist("credential_ids") if value.isdigit()]
    matches = []
    if not is_partial_request():  # an htmx filter change or "show more" swaps the list alone
        matches = learner_matches(current_user.id, clock.now())
    # "Show more" (page 2 on) answers with the next cards alone, which the list includes.
    fragment = "_credential_page.html" if number > 1 else "_credential_list.html"
    return render(
        "my_credentials/index.html",
        f"my_credentials/{fragment}",
        listing=page,
        credentials=page.credentials,
        chosen_ids=chosen,
        carried_ids=store.owned_ids(current_user, [v for v in chosen if v not in shown]),
        issuers=store.list_issuers(current_user),
        filters=filters,
        errors={},
        profile_matches=matches,
        issuer_names=names_in(match.profile for match in matches),
    )


@bp.post("/import")
@limiter.limit(rate_limit("IMPORT"))
def import_credential():
    pasted = request.form.get("credential", "")
    upload = request.files.get("file")
    photo = request.files.get("qr_photo")
    try:
        if photo and photo.filename:
            # The link in a photographed QR code, as if the learner had pasted it.
            pasted, upload = link_in_qr_photo(photo.stream.read(MAX_PHOTO_BYTES + 1)), None
        if looks_like_offer(pasted):
            # An OpenID4VCI offer is not a credential: the learner confirms it on its own page.
            query = urllib.parse.urlsplit(pasted.strip()).query
            return see_other(url_for("offers.confirm_page") + "?" + query)
        if looks_like_request(pasted):
            # A verifier's request for credentials: answered on its own page, never imported.
            query = pasted.strip().partition("?")[2] or pasted.strip()
            return see_other(url_for("presenting.confirm_page") + "?" + query)
        token = read_submission(upload, pasted, follow_link=read_link)
        stored, created = store.import_token(current_user, token)
    except (CredentialError, store.ImportRefused) as refusal:
        audit.record("import.refused", user_id=current_user.id, reason=refusal.code)
        status = 413 if refusal.code in TOO_LARGE else 422
        message = describe_check(refusal.code, refusal.params)
        return render_import_form(message, status, request.form.get("credential", ""))
    audit.record("import.accepted", user_id=current_user.id, credential_id=stored.id, new=created)
    if created:
        flash(_("The credential was added to your wallet."), "success")
    else:
        flash(_("This credential is already in your wallet."), "info")
    return see_other(url_for(".detail", credential_id=stored.id))


@bp.get("/import")
def import_form():
    return render_import_form(None, 200)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A request beyond what the server reads at all: the import form again, saying why."""
    if request.endpoint != "my_credentials.import_credential":
        return render_http_error(error)
    return render_import_form(describe_check("input.request_too_large"), 413)


@bp.get("/<int:credential_id>")
def detail(credential_id: int):
    """Everything about one credential, checked again now so the verdict is current."""
    stored = store.owned_credential(current_user, credential_id)
    result = store.refresh_verdict(stored)
    document = result.credential.document
    facts = describe_credential(document, reading_order(current_locale()))
    return render(
        "my_credentials/detail.html",
        stored=stored,
        result=result,
        facts=facts,
        # Compared only with an address the learner proved is theirs: anyone can type any.
        issued_to_address=issued_to_address(document, current_user.email),
        address_confirmed=current_user.email_confirmed_at is not None,
        image=stored.image_id is not None and shows_kept_image(result, facts),
    )


@bp.get("/<int:credential_id>/image")
def image(credential_id: int):
    """The image kept from the credential at import, served by us like every image we show."""
    kept = store.owned_credential(current_user, credential_id).image
    if kept is None:
        abort(404)
    return inline_image(kept.data, kept.content_type, kept.sha256)


@bp.get("/<int:credential_id>/download")
def download(credential_id: int):
    """The credential exactly as the issuer signed it, to keep or to send on."""
    stored = store.owned_credential(current_user, credential_id)
    return credential_attachment(stored.raw, f"credential-{stored.id}")


@bp.route("/<int:credential_id>/delete", methods=["GET", "POST"])
def delete(credential_id: int):
    stored = store.owned_credential(current_user, credential_id)
    if request.method == "GET":
        return render("my_credentials/delete.html", stored=stored)
    store.delete_credential(stored)
    flash(_("The credential was deleted from your wallet."), "success")
    return see_other(url_for(".index"))


def render_import_form(error: str | None, status: int, pasted: str = ""):
    """The import form, with the refused text kept so the learner can correct it."""
    return render(
        "my_credentials/import.html",
        "my_credentials/_import_form.html",
        status=status,
        error=error,
        pasted=pasted[:20000],
        upload_limit=UPLOAD_LIMIT,
    )
