"""The public portal: the employer's page for a share link, its downloads, the typed code, /verify.

No login anywhere. Share pages set no cookie (no session, no flash, no CSRF token), load nothing
but our own CSS, and need no JavaScript. Opening a share page counts one view: the only thing a
GET changes, an anonymous counter the learner reads ("opened 3 times"), never who looked.
"""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import abort
from flask import jsonify
from flask import make_response
from flask import redirect
from flask import request
from flask import url_for
from flask_babel import force_locale
from werkzeug.exceptions import RequestEntityTooLarge

from wallet.credentials import CredentialError
from wallet.credentials import presented_form
from wallet.models import ShareItem
from wallet.models import ShareLink
from wallet.platform import clock
from wallet.platform.config import rate_limit
from wallet.platform.downloads import attachment
from wallet.platform.downloads import credential_attachment
from wallet.platform.downloads import credential_suffix
from wallet.platform.downloads import inline_image
from wallet.platform.extensions import limiter
from wallet.platform.htmx import render
from wallet.platform.public_pages import NOT_INDEXED
from wallet.platform.public_pages import answer
from wallet.platform.public_pages import language_asked
from wallet.platform.public_pages import notice
from wallet.platform.public_pages import page_locale
from wallet.platform.public_pages import public_error
from wallet.platform.public_pages import use_public_look
from wallet.platform.public_pages import wants_json
from wallet.portal import admission
from wallet.portal import json_v1
from wallet.portal import page_cache
from wallet.portal import receipts
from wallet.portal.admission import DEAD_LINKS
from wallet.portal.limits import share_lookups
from wallet.portal.limits import share_views
from wallet.portal.share_view import ShareView
from wallet.portal.share_view import check_presentation
from wallet.portal.share_view import share_view
from wallet.shares.links import open_secrets
from wallet.shares.presented import presented_raw
from wallet.verification import verifier
from wallet.verification.explained import explain
from wallet.verification.explained import reading_order
from wallet.verification.submission import read_submission

bp = Blueprint("portal", __name__)
use_public_look(bp)


@bp.after_request
def keep_out_of_search_engines(response: Response) -> Response:
    if request.endpoint not in ("portal.verify", "portal.robots"):
        response.headers.update(NOT_INDEXED)
    return response


@bp.get("/v/<token>")
@share_lookups
@share_views
def share_page(token: str):
    """The employer's page; the same URL answers JSON to ``Accept: application/json``.

    Opening the page counts a view, then sends the browser on to the same page with the view's
    ticket in its address: a reload, a change of language or a download within the hour is the
    same visit, though nothing about the viewer is stored and no cookie is set.
    """
    as_json = wants_json()
    opens_visit = not as_json and request.method == "GET"
    admitted = admit(token, as_json, loads_share=not opens_visit)
    if admitted.ticket is None and opens_visit:
        visit = url_for(".share_page", token=token, view=admission.view_ticket(admitted.share_id),
                        **language_asked())
        response = redirect(visit, 303)
    else:
        response = show_share(token, as_json, admitted)
    response.vary.add("Accept")
    return response


@bp.get("/v/<token>.json")
@share_lookups
@share_views
def share_document(token: str):
    return show_share(token, True, admit(token, as_json=True))


@bp.get("/v/<token>/credentials/<int:position>.jwt", defaults={"suffix": "jwt"})
@bp.get("/v/<token>/credentials/<int:position>.json", defaults={"suffix": "json"})
@share_lookups
@share_views
def credential_download(token: str, position: int, suffix: str):
    """A shared credential exactly as issued (of an SD-JWT, the disclosures the learner chose),
    at the address its form names (.jwt or .json)."""
    raw = presented_raw(shared_at(admit(token).share, position))
    if credential_suffix(raw) != suffix:
        abort(404)
    return credential_attachment(raw, f"credential-{position}")


@bp.get("/v/<token>/credentials/<int:position>/image")
@share_lookups
@share_views
def credential_image(token: str, position: int):
    """The image kept from a shared credential, for the view whose page shows it: only with
    that view's ticket, so an image never counts as a view and never opens a link alone."""
    admitted = admit(token, counts_as_view=False)
    kept = shared_at(admitted.share, position).credential.image if admitted.ticket else None
    if kept is None:
        abort(404)
    return inline_image(kept.data, kept.content_type, kept.sha256)


@bp.get("/v/<token>/presentation.jwt")
@share_lookups
@share_views
def presentation_download(token: str):
    """The learner's signed presentation, while it still holds exactly the credentials shared."""
    admitted = admit(token)
    share, presentation = admitted.share, open_secrets(admitted.share).presentation
    check = check_presentation(share, token, presentation, admitted.now)
    shared = {presented_form(presented_raw(item)) for item in share.items}
    if not check.valid or set(check.tokens) != shared:
        abort(404)  # e.g. a credential deleted since: the old presentation would still show it
    return attachment(presentation, "presentation.jwt")


@bp.get("/v/<token>/receipt")
@share_lookups
@share_views
def receipt(token: str):
    view, locale = checked_share(token)
    with force_locale(locale):
        body, signed = receipts.signed_receipt(view)
        return render("portal/receipt.html", view=view, body=body, signed=signed)


@bp.get("/v/<token>/receipt.jwt")
@share_lookups
@share_views
def receipt_download(token: str):
    view, _ = checked_share(token)
    return attachment(receipts.signed_receipt(view)[1], f"receipt-{view.reference[:12]}.jwt")


@bp.get("/.well-known/jwks.json")
def jwks():
    """The portal's public key, to check receipts with."""
    response = jsonify(receipts.jwks())
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/code", methods=["GET", "POST"])
@limiter.limit(
    rate_limit("CODE"), methods=["POST"], deduct_when=lambda response: response.status_code != 303
)
def code():
    """Type the short code from a CV or a phone call; only wrong codes count towards the limit."""
    if request.method == "GET":
        return answer("portal/code.html", error=False, typed="")
    token = admission.token_for_code(request.form.get("code", ""), clock.now())
    if token is None:
        return answer("portal/code.html", 422, error=True, typed=request.form.get("code", "")[:64])
    return redirect(url_for(".share_page", token=token), 303)


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(rate_limit("VERIFY"), methods=["POST"])
def verify():
    """Check a credential received some other way. Nothing pasted or uploaded is kept."""
    if request.method == "GET":
        return answer("portal/verify.html", item=None, error=None)
    try:
        token = read_submission(request.files.get("file"), request.form.get("credential", ""))
    except CredentialError as refusal:
        return answer("portal/verify.html", 422, item=None, error=refusal)
    item = explain(token, verifier.verify(token), reading_order(page_locale()))
    return answer("portal/verify.html", item=item, error=None)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A request beyond what the server reads at all: /verify's form again, saying why."""
    if request.endpoint != "portal.verify":
        return public_error(error)
    refusal = CredentialError("input.request_too_large")
    return answer("portal/verify.html", 413, item=None, error=refusal)


@bp.get("/robots.txt")
def robots():
    """Keep crawlers off share links, the code form and the pages of requests for proof
    (/ask/…); never list any one link."""
    body = "User-agent: *\nDisallow: /v/\nDisallow: /code\nDisallow: /ask/\n"
    return Response(body, mimetype="text/plain", headers={"Cache-Control": "public, max-age=86400"})


def show_share(token: str, as_json: bool, admitted: admission.Admission) -> Response:
    """The share checked now, as the page or as JSON (version 1), in the page's language."""
    view, locale = checked_share(token, as_json, admitted)
    with force_locale(locale):
        if as_json:
            return jsonify(json_v1.share_document(view))
        return make_response(page_cache.share_page_html(view, locale))


def checked_share(
    token: str, as_json: bool = False, admitted: admission.Admission | None = None
) -> tuple[ShareView, str]:
    """The share behind ``token`` checked now, and the language its page is shown in."""
    admitted = admitted or admit(token, as_json)
    locale = page_locale(admitted.share.language)
    view = share_view(admitted.share, admitted.now, locale, token=token, ticket=admitted.ticket)
    return view, locale


def admit(
    token: str, as_json: bool = False, counts_as_view: bool = True, loads_share: bool = True
) -> admission.Admission:
    """The share behind ``token`` if it may be shown now; else stop with the 404 or 410 answer."""
    counts_as_view = counts_as_view and request.method != "HEAD"
    try:
        return admission.admit(token, request.args.get("view"), counts_as_view, loads_share)
    except admission.LinkClosed as closed:
        abort(dead_link(closed.status, as_json))


def shared_at(share: ShareLink, position: int) -> ShareItem:
    """The share's item at ``position``, else 404."""
    item = next((item for item in share.items if item.position == position), None)
    if item is None:
        abort(404)
    return item


def dead_link(status: str, as_json: bool) -> Response:
    """The same answer for every link that shows nothing: no learner data, only the reason."""
    code = 404 if status == "not_found" else 410
    if not as_json:
        return notice(code, *DEAD_LINKS[status])
    with force_locale(page_locale()):
        response = make_response(jsonify(json_v1.dead_document(status)), code)
    response.headers.update(NOT_INDEXED)
    return response
