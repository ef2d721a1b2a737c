"""/ask: an employer asks a learner's wallet for proof, and sees the answer as a share's page.

No account and nothing about the employer is kept: the form's CSRF token is the only cookie,
and the page's key in its address is the only way back to the request and its answer. The
wallet's endpoints (``request_uri``, ``response_uri``) take the wallet's handle instead, which
never leads to the page. Every page is kept out of search engines and sends no referrer.
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

from wallet.asking import answers
from wallet.asking import cli
from wallet.asking import messages
from wallet.asking import store
from wallet.asking.answer_view import answer_document
from wallet.asking.asked import Asked
from wallet.asking.asked import ask
from wallet.asking.asked import page_state
from wallet.asking.asked import request_object_of
from wallet.asking.forms import ASKABLE_CLAIMS
from wallet.asking.forms import KIND_LABELS
from wallet.asking.forms import active_issuers
from wallet.asking.forms import read_choice
from wallet.credentials import CredentialError
from wallet.platform import clock
from wallet.platform.config import rate_limit
from wallet.platform.downloads import attachment
from wallet.platform.extensions import csrf
from wallet.platform.extensions import limiter
from wallet.platform.htmx import is_partial_request
from wallet.platform.htmx import render
from wallet.platform.public_pages import NOT_INDEXED
from wallet.platform.public_pages import language_asked
from wallet.platform.public_pages import page_locale
from wallet.platform.public_pages import use_public_look
from wallet.platform.public_pages import wants_json
from wallet.portal import receipts
from wallet.shares.disclosure_choices import claim_name_label

bp = Blueprint("asking", __name__)
use_public_look(bp)
bp.record_once(lambda state: state.app.cli.add_command(cli.ask_cli))
REQUEST_OBJECT_TYPE = "application/oauth-authz-req+jwt"
# The status of each state of the page, and its JSON status.
STATUS = {"waiting": 200, "answered": 200, "declined": 200, "expired": 410, "gone": 404}


@bp.after_request
def keep_private(response: Response) -> Response:
    response.headers.update(NOT_INDEXED)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/ask")
def new():
    return form_page()


@bp.post("/ask")
@limiter.limit(rate_limit("ASK"))
def create():
    choice = read_choice(request.form)
    if choice is None:
        return form_page(422)
    store.purge(clock.now())
    key = ask(choice)
    return redirect(url_for(".show", key=key, **language_asked()), 303)


@bp.get("/ask/<key>")
def show(key: str):
    """The waiting page, then the answer; JSON (version 1) to ``Accept: application/json``.
    An htmx poll gets 204 while nothing changed, then the part of the page that changed."""
    asked = page_state(key, page_locale())
    status = STATUS[asked.state]
    if wants_json():
        response = make_response(jsonify(asked_document(asked, key)), status)
    elif is_partial_request() and asked.state == "waiting":
        response = make_response("", 204)
    else:
        status = 200 if is_partial_request() else status  # htmx swaps 2xx answers only
        with force_locale(asked.locale):
            response = render("asking/ask.html", "asking/_ask.html", status, asked=asked,
                              key=key, view=asked.view, sent_as="answer")
    response.vary.update(("Accept", "HX-Request"))
    return response


@bp.get("/ask/<key>/receipt.jwt")
def receipt_download(key: str):
    """The receipt of what was checked, signed by the portal key, as a share's receipt is."""
    asked = page_state(key, page_locale())
    if asked.view is None:
        abort(404)
    _, signed = receipts.signed_receipt(asked.view)
    return attachment(signed, f"receipt-{asked.view.reference[:12]}.jwt")


@bp.get("/ask/<handle>/request.jwt")
def request_object(handle: str):
    """The signed request object (``request_uri``), while the request can still be answered."""
    kept = store.by_handle(handle, clock.now())
    if kept is None or kept.answered or clock.now() > kept.request.expires_at:
        abort(404)
    response = make_response(request_object_of(kept))
    response.headers["Content-Type"] = REQUEST_OBJECT_TYPE
    return response


@bp.post("/ask/<handle>/response")
@csrf.exempt  # the wallet posts it: no cookie, the request's own state and key protect it
@limiter.limit(rate_limit("ASK_ANSWER"))
def response(handle: str):
    """The wallet's answer (``response_uri``, ``direct_post.jwt``). 200 with ``{}``: no
    ``redirect_uri``, for the wallet may be on another device than the employer's page."""
    try:
        answers.receive(handle, request.form.to_dict())
    except answers.RequestGone:
        return refused(404, "present.answer_late")
    except CredentialError as error:
        if error.code != "present.wallet_error":
            return refused(400, error.code)
    return jsonify({})


def refused(status: int, code: str) -> Response:
    description = messages.refusal(code)
    body = {"error": "invalid_request", "error_description": description, "code": code}
    return make_response(jsonify(body), status)


def form_page(status: int = 200) -> Response:
    with force_locale(page_locale()):
        claims = {name: claim_name_label(name) for name in ASKABLE_CLAIMS}
        return render("asking/new.html", status=status, kinds=KIND_LABELS,
                      claims=claims, issuers=active_issuers(), invalid=status != 200)


def asked_document(asked: Asked, key: str) -> dict:
    with force_locale(asked.locale):
        if asked.view is not None:
            return answer_document(asked.view, key)
        return asked.status_document()
