"""The public portal: the employer's page for a share link, its downloads, the typed code, /verify.

No login anywhere. Share pages set no cookie (no session, no flash, no CSRF token), load nothing
but our own CSS, and need no JavaScript. Opening a share page counts one view: the only thing a
GET changes, an anonymous counter the learner reads ("opened 3 times"), never who looked.
"""

from __future__ import annotations

import datetime

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import jsonify
from flask import make_response
from flask import redirect
from flask import request
from flask import url_for
from flask_babel import force_locale
from werkzeug.exceptions import HTTPException

from wallet import checked
from wallet import errors
from wallet import portal
from wallet import receipts
from wallet import share_json
from wallet import share_pages
from wallet import verification
from wallet.check_messages import DEAD_LINKS
from wallet.credentials import CredentialError
from wallet.extensions import db
from wallet.extensions import limiter
from wallet.htmx import render
from wallet.i18n import LANGUAGES
from wallet.i18n import browser_locale
from wallet.models import ShareLink
from wallet.my_credentials import read_submission

bp = Blueprint("public", __name__)

NOT_INDEXED = {"X-Robots-Tag": "noindex, nofollow"}


def unknown_link(response: Response) -> bool:
    return response.status_code == 404


# Counted per client over every share URL, and only misses: guessing tokens soon meets a 429.
share_lookups = limiter.shared_limit(
    lambda: current_app.config.get("SHARE_LOOKUP_RATE_LIMIT", "30 per minute"),
    scope="share-lookup",
    deduct_when=unknown_link,
)
# Every share URL per client, hits included: plenty for a person, not for a scraper.
share_views = limiter.shared_limit(
    lambda: current_app.config["SHARE_VIEW_RATE_LIMIT"], scope="share-view"
)


@bp.after_request
def keep_out_of_search_engines(response: Response) -> Response:
    if request.endpoint not in ("public.verify", "public.robots"):
        response.headers.update(NOT_INDEXED)
    return response


@bp.errorhandler(HTTPException)
def public_error(error: HTTPException):
    """Errors on public pages keep the public look, and set no cookie."""
    code = error.code or 500
    title = errors.TITLES.get(code, errors.TITLES[500])
    message = errors.MESSAGES.get(code, errors.MESSAGES[500])
    return answer("public/notice.html", code, title=title, message=message)


def page_locale(preferred: str | None = None) -> str:
    """The switch (?lang=), then the learner's choice for the share, the browser, Swedish."""
    for choice in (request.args.get("lang"), preferred):
        if choice in LANGUAGES:
            return choice
    return browser_locale()


def answer(template: str, status: int = 200, **context):
    """Render a public page in the page's language (never the learner's own setting)."""
    with force_locale(page_locale()):
        return render(template, status=status, **context)


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


@bp.get("/v/<token>")
@share_lookups
@share_views
def share_page(token: str):
    """The employer's page; the same URL answers JSON to ``Accept: application/json``."""
    response = show_share(token, as_json=wants_json())
    response.vary.add("Accept")
    return response


@bp.get("/v/<token>.json")
@share_lookups
@share_views
def share_document(token: str):
    return show_share(token, as_json=True)


@bp.get("/v/<token>/credentials/<int:position>.jwt")
@share_lookups
@share_views
def credential_download(token: str, position: int):
    share, _, _ = admit(token)
    item = next((item for item in share.items if item.position == position), None)
    if item is None:
        abort(404)
    return download(item.credential.raw, f"credential-{position}.jwt")


@bp.get("/v/<token>/presentation.jwt")
@share_lookups
@share_views
def presentation_download(token: str):
    """The learner's signed presentation, while it still holds exactly the credentials shared."""
    share, now, _ = admit(token)
    check = portal.check_presentation(share, token, now)
    if not check.valid or set(check.tokens) != {item.credential.raw for item in share.items}:
        abort(404)  # e.g. a credential deleted since: the old presentation would still show it
    return download(portal.presentation_of(share), "presentation.jwt")


@bp.get("/v/<token>/receipt")
@share_lookups
@share_views
def receipt(token: str):
    share, now, ticket = admit(token)
    locale = page_locale(share.language)
    with force_locale(locale):
        view = portal.share_view(share, now, locale, token, ticket)
        body, signed = receipts.signed_receipt(view)
        return render("public/receipt.html", view=view, body=body, signed=signed)


@bp.get("/v/<token>/receipt.jwt")
@share_lookups
@share_views
def receipt_download(token: str):
    share, now, ticket = admit(token)
    view = portal.share_view(share, now, page_locale(share.language), token, ticket)
    return download(receipts.signed_receipt(view)[1], f"receipt-{share.id}.jwt")


@bp.get("/.well-known/jwks.json")
def jwks():
    """The portal's public key, to check receipts with."""
    response = jsonify(receipts.jwks())
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/code", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config.get("CODE_RATE_LIMIT", "10 per minute"),
    methods=["POST"],
    deduct_when=lambda response: response.status_code != 303,
)
def code():
    """Type the short code from a CV or a phone call; only wrong codes count towards the limit."""
    if request.method == "GET":
        return answer("public/code.html", error=False, typed="")
    token = portal.token_for_code(request.form.get("code", ""), verification.now())
    if token is None:
        return answer("public/code.html", 422, error=True, typed=request.form.get("code", "")[:64])
    return redirect(url_for(".share_page", token=token), 303)


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config.get("VERIFY_RATE_LIMIT", "30 per minute"), methods=["POST"]
)
def verify():
    """Check a credential received some other way. Nothing pasted or uploaded is kept."""
    if request.method == "GET":
        return answer("public/verify.html", item=None, error=None)
    try:
        token = read_submission()
    except CredentialError as refusal:
        return answer("public/verify.html", 422, item=None, error=refusal)
    item = checked.explain(token, verification.verify(token), checked.reading_order(page_locale()))
    return answer("public/verify.html", item=item, error=None)


@bp.get("/robots.txt")
def robots():
    """Keep crawlers off share links and the code form (never list any one link)."""
    body = "User-agent: *\nDisallow: /v/\nDisallow: /code\n"
    return Response(body, mimetype="text/plain", headers={"Cache-Control": "public, max-age=86400"})


def show_share(token: str, as_json: bool) -> Response:
    """The share checked now, as the page or as JSON (version 1), in the page's language."""
    share, now, ticket = admit(token, as_json)
    locale = page_locale(share.language)
    with force_locale(locale):
        view = portal.share_view(share, now, locale, token, ticket)
        if as_json:
            return jsonify(share_json.share_document(view))
        return make_response(share_pages.share_page_html(view, locale))


def admit(token: str, as_json: bool = False) -> tuple[ShareLink, datetime.datetime, str | None]:
    """The share behind ``token`` if it may be shown now, and the view ticket the request brought.

    A valid ticket means this request belongs to a view already counted (and keeps that view's
    ticket, so a view never outlives its hour); otherwise opening the link counts a new view.
    Anything else stops with the 404 or 410 answer.
    """
    now = verification.now()
    share = portal.find_share(token)
    status = share.status(now) if share else "not_found"
    ticket = request.args.get("view")
    if status in ("active", "view_limit") and portal.ticket_admits(share, ticket):
        return share, now, ticket
    if status == "active" and (request.method == "HEAD" or portal.record_view(share, now)):
        return share, now, None
    if status == "active":
        db.session.commit()  # read the share again: another view took the last one, or it closed
        status = share.status(now)
        status = "view_limit" if status == "active" else status
    abort(dead_link(status, as_json))


def dead_link(status: str, as_json: bool) -> Response:
    """The same answer for every link that shows nothing: no learner data, only the reason."""
    code = 404 if status == "not_found" else 410
    if as_json:
        with force_locale(page_locale()):
            response = make_response(jsonify(share_json.dead_document(status)), code)
    else:
        title, explanation = DEAD_LINKS[status]
        response = answer("public/notice.html", code, title=title, message=explanation)
    response.headers.update(NOT_INDEXED)
    return response


def download(body: str, filename: str) -> Response:
    """A file exactly as stored, to save rather than display."""
    response = Response(body, mimetype="application/jwt")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
