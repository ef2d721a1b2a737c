"""``/wallet/present``: a verifier's request for credentials (OpenID4VP 1.0), shown for the
learner to answer: who asks, why, and exactly what would be sent; nothing goes without "Send".

Before the learner answers, only the request itself is fetched (when it came by reference).
Answers go as the request says: POSTed to its ``response_uri`` (``direct_post``, encrypted for
``direct_post.jwt``), or for the same-device ``fragment`` mode in the address the browser is
sent to, its declared ``redirect_uri``. After a POST the learner follows the verifier's
``redirect_uri`` only when it is on the very site the answer went to, the one the request
declared; anywhere else, the wallet says "Sent" and stays.
"""

from __future__ import annotations

import functools
import urllib.parse

from flask import Blueprint
from flask import current_app
from flask import request
from flask_login import current_user
from flask_login import login_required

from wallet.credentials import CredentialError
from wallet.credentials import network_budget
from wallet.credentials.openid4vp import REQUEST_OBJECT_MEDIA_TYPE
from wallet.credentials.openid4vp import AuthorizationRequest
from wallet.credentials.openid4vp import Submission
from wallet.credentials.openid4vp import build_response
from wallet.credentials.openid4vp import declined
from wallet.credentials.openid4vp import match
from wallet.credentials.openid4vp import send
from wallet.credentials.openid4vp import submission
from wallet.credentials.openid4vp.request_object import MAX_REQUEST_OBJECT_CHARS
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.config import rate_limit
from wallet.platform.extensions import limiter
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other
from wallet.platform.security import allowing_form_action
from wallet.presenting import choices
from wallet.presenting import reading
from wallet.presenting import store
from wallet.presenting.messages import describe_present_problem
from wallet.verification.verifier import guarded_fetcher

bp = Blueprint("presenting", __name__, url_prefix="/wallet")

PRESENT_HTTP = "wallet.presenting.http"
# The request object, or the verifier's answer to ours: small JSON or one JWS.
RESPONSE_LIMIT = MAX_REQUEST_OBJECT_CHARS + 1
# One step (showing the request, or sending the answer) has this many fetches' time and hosts.
FETCHES_PER_STEP = 2
# Failures after which the answer surely never reached the verifier: nothing to list.
NEVER_SENT = frozenset({"scheme", "userinfo", "private_address", "offline", "unreachable"})


@bp.record_once
def _make_fetcher(state) -> None:
    state.app.extensions[PRESENT_HTTP] = guarded_fetcher(
        state.app.config, max_bytes=RESPONSE_LIMIT, accept=REQUEST_OBJECT_MEDIA_TYPE
    )


@bp.before_request
@login_required
def require_login():
    """A request is answered from a signed-in learner's wallet."""


@bp.get("/present")
@limiter.limit(rate_limit("IMPORT"))
def confirm_page():
    """Who asks for what, the learner's matching credentials and exactly what would go."""
    link = reading.link_of(list(request.args.items(multi=True)))
    store.end_read()
    try:
        with _budget():
            asked, carried = reading.read_asked(link, current_app.extensions[PRESENT_HTTP])
    except CredentialError as problem:
        return _problem(problem)
    return _confirmation(asked, carried)


@bp.post("/present")
@limiter.limit(rate_limit("IMPORT"))
def answer():
    """Send what the learner chose, or tell the verifier no; then say what happened."""
    carried = request.form.get("request", "")
    store.end_read()
    try:
        asked = reading.read_again(carried)
    except CredentialError as problem:
        return _problem(problem)
    if "decline" in request.form:
        return _decline(asked)
    found = store.wallet_candidates(current_user)
    titles = {credential_id: row.title for credential_id, (row, _) in found.items()}
    result = match(asked.query, (candidate for _, candidate in found.values()))
    try:
        chosen = choices.chosen_from(request.form, result)
        holder = store.holder_of(current_user)
        vp_token = build_response(asked, chosen, holder.key, holder.did, clock.now())
        answer = submission(asked, vp_token)
    except CredentialError as problem:
        if problem.code == "present.choice_invalid":
            return _confirmation(asked, carried, error=describe_present_problem(problem.code))
        return _problem(problem)
    keep = functools.partial(store.keep_presentation, current_user, asked, chosen, titles)
    return _deliver(asked, answer, keep)


def _deliver(asked: AuthorizationRequest, answer: Submission, keep):
    """The answer on its way, noted in the learner's list once it reached the verifier."""
    if answer.method == "redirect":  # same device: the answer is in the address
        keep()
        audit.record("present.sent", user_id=current_user.id, client_id=asked.client_id)
        return see_other(answer.url)
    try:
        with _budget():
            onward = send(answer, current_app.extensions[PRESENT_HTTP])
    except CredentialError as problem:
        if problem.params.get("reason") not in NEVER_SENT:
            keep()  # the verifier got it, even though it did not accept it
        audit.record("present.refused", user_id=current_user.id, reason=problem.code)
        return _problem(problem)
    keep()
    audit.record("present.sent", user_id=current_user.id, client_id=asked.client_id)
    if _declared(asked, onward):
        return see_other(onward)
    return render("presenting/sent.html", asked=asked)


def _decline(asked: AuthorizationRequest):
    """Tell the verifier no (``access_denied``); nothing of the learner's goes with it."""
    answer = declined(asked)
    onward, told = None, True
    if answer.method == "post":
        try:
            with _budget():
                onward = send(answer, current_app.extensions[PRESENT_HTTP])
        except CredentialError:
            told = False  # nothing was sent all the same: the learner's answer stands
    audit.record("present.declined", user_id=current_user.id, client_id=asked.client_id)
    if answer.method == "redirect":
        return see_other(answer.url)
    back = onward if _declared(asked, onward) else None
    return render("presenting/declined.html", asked=asked, told=told, back=back)


def _confirmation(asked: AuthorizationRequest, carried: str, error: str | None = None):
    found = store.wallet_candidates(current_user)
    result = match(asked.query, (candidate for _, candidate in found.values()))
    rows = {credential_id: row for credential_id, (row, _) in found.items()}
    response = render(
        "presenting/confirm.html",
        status=422 if error else 200,
        asked=asked,
        carried=carried,
        credentials=choices.asked_credentials(result, rows),
        answerable=result.satisfiable,
        error=error,
    )
    # The form's answer may send the browser on to the verifier's site: the page allows it.
    response.headers["Content-Security-Policy"] = allowing_form_action(_origin(_answer_url(asked)))
    return response


def _declared(asked: AuthorizationRequest, onward: str | None) -> bool:
    """Whether the verifier's next address is on the site the request sent the answer to."""
    return onward is not None and _origin(onward) == _origin(_answer_url(asked))


def _answer_url(asked: AuthorizationRequest) -> str:
    return asked.response_uri or asked.redirect_uri or ""


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _budget():
    seconds = current_app.config["FETCH_TIMEOUT"] * FETCHES_PER_STEP
    return network_budget(seconds, FETCHES_PER_STEP)


def _problem(problem: CredentialError):
    status = 502 if problem.code == "resolution.fetch_failed" else 422
    message = describe_present_problem(problem.code, problem.params)
    return render("presenting/problem.html", status=status, message=message)


# The list of answers on the shares page (answered.py) is put in templates by this blueprint.
from wallet.presenting import answered  # noqa: E402,F401  isort: skip
