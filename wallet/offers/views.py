"""``/wallet/offer``: a credential offer (OpenID4VCI, pre-authorized code) shown for the learner
to confirm, then received and kept like an import.

Before the learner confirms, only the issuer's metadata is fetched (and the offer itself when
it came by reference): nothing is asked of the issuer in their name. The offer travels to the
confirmation in the form, as the learner's own link did; it is checked again on the way back.
"""

from __future__ import annotations

import base64
import urllib.parse

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from wallet.credentials import CredentialError
from wallet.credentials import network_budget
from wallet.credentials.images import read_image
from wallet.credentials.openid4vci import Deferred
from wallet.credentials.openid4vci import choose_configuration
from wallet.credentials.openid4vci import fetch_issuer_metadata
from wallet.credentials.openid4vci import read_offer
from wallet.credentials.openid4vci import receive_credentials
from wallet.credentials.openid4vci.authorization import sign_in_origin
from wallet.my_credentials.images import IMAGE_FETCHER
from wallet.my_credentials.store import ImportRefused
from wallet.offers import pending_store
from wallet.offers import store
from wallet.offers.messages import FORMAT_NAMES
from wallet.offers.messages import TRY_AGAIN
from wallet.offers.messages import describe_offer_problem
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.config import rate_limit
from wallet.platform.extensions import limiter
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other
from wallet.platform.i18n import current_locale
from wallet.platform.security import allowing_form_action
from wallet.registry import trust
from wallet.verification.verifier import guarded_fetcher

bp = Blueprint("offers", __name__, url_prefix="/wallet")

OFFER_HTTP = "wallet.offers.http"
OFFER_PARAMETERS = ("credential_offer", "credential_offer_uri")
# A credential response may carry a batch of credentials: as much as an upload may be.
RESPONSE_LIMIT = 5 * 1024 * 1024
# All the calls of one page or one confirmation share a budget of this many fetches' time and
# hosts (offer, issuer, authorization server, logo): a slow issuer costs the learner seconds,
# never a worker for minutes.
FETCHES_PER_STEP = 4


@bp.record_once
def _make_fetcher(state) -> None:
    """One guarded client for offers, metadata and the issuer's endpoints (its failure memory
    is shared across requests, like the key resolver's)."""
    state.app.extensions[OFFER_HTTP] = guarded_fetcher(state.app.config, max_bytes=RESPONSE_LIMIT)


@bp.before_request
@login_required
def require_login():
    """An offer is received into a signed-in learner's wallet."""


@bp.get("/offer")
@limiter.limit(rate_limit("IMPORT"))
def confirm_page():
    """Who offers what, in plain words, and the transaction code field when one is needed."""
    query = [(k, v) for k, v in request.args.items(multi=True) if k in OFFER_PARAMETERS]
    link = "openid-credential-offer://?" + urllib.parse.urlencode(query)
    return _show_offer(link)


@bp.post("/offer")
@limiter.limit(rate_limit("IMPORT"))
def receive():
    """Ask the issuer for the credential and keep it, or say in plain words why not."""
    http = current_app.extensions[OFFER_HTTP]
    try:
        offer, metadata, offered = confirmed_offer(http)
    except CredentialError as problem:
        return show_problem(problem.code, problem.params)
    tx_code = request.form.get("tx_code", "")[:64]
    try:
        holder = store.holder_of(current_user)
        with fetch_budget():
            tokens = receive_credentials(
                offer, metadata, offered, holder, tx_code=tx_code, http=http, now=clock.now()
            )
        if isinstance(tokens, Deferred):
            return wait_for_issuer(tokens, offer.credential_issuer, offered.name)
        stored, created = store.keep_received(current_user, tokens, offer.credential_issuer)
    except CredentialError as problem:
        audit.record("offer.refused", user_id=current_user.id, reason=problem.code)
        if problem.code in TRY_AGAIN:
            message = describe_offer_problem(problem.code, problem.params)
            return _confirmation(offer, metadata, offered, error=message, status=422)
        return show_problem(problem.code, problem.params)
    except ImportRefused as refusal:
        audit.record("offer.refused", user_id=current_user.id, reason=refusal.code)
        return show_problem(refusal.code, refusal.params)
    audit.record("offer.received", user_id=current_user.id, issuer=offer.credential_issuer,
                 received=len(tokens), new=created)
    return show_received(stored, created)


def confirmed_offer(http):
    """The offer the confirmation form carries back (the object: nothing to fetch), its issuer's
    metadata and the configuration to ask for; a CredentialError when any of them is wrong."""
    offer = read_offer(request.form.get("offer", ""), None)
    with fetch_budget():
        metadata = fetch_issuer_metadata(offer, http)
    return offer, metadata, choose_configuration(offer, metadata, current_locale())


def show_received(stored, created: int):
    """Say what was kept and show it: the credential, or the wallet for a batch."""
    if created:
        flash(_("The credential was added to your wallet."), "success")
    else:
        flash(_("This credential is already in your wallet."), "info")
    if stored is None:
        return see_other(url_for("my_credentials.index"))
    return see_other(url_for("my_credentials.detail", credential_id=stored.id))


def wait_for_issuer(deferred: Deferred, issuer: str, name: str | None):
    """The issuer sends the credential later: a card on the wallet page waits for it."""
    pending_store.keep_pending(current_user, deferred, issuer, name)
    audit.record("offer.deferred", user_id=current_user.id, issuer=issuer)
    flash(_("The issuer is preparing your credential. It will appear here when it is ready."),
          "info")
    return see_other(url_for("my_credentials.index"))


def _show_offer(link: str):
    http = current_app.extensions[OFFER_HTTP]
    with fetch_budget():
        try:
            offer = read_offer(link, http)
            metadata = fetch_issuer_metadata(offer, http)
            offered = choose_configuration(offer, metadata, current_locale())
            sign_in_at = sign_in_origin(offer, metadata, http)
        except CredentialError as problem:
            audit.record("offer.refused", user_id=current_user.id, reason=problem.code)
            return show_problem(problem.code, problem.params)
        return _confirmation(offer, metadata, offered, sign_in_at=sign_in_at)


def fetch_budget():
    seconds = current_app.config["FETCH_TIMEOUT"] * FETCHES_PER_STEP
    return network_budget(seconds, FETCHES_PER_STEP)


def _confirmation(offer, metadata, offered, error: str | None = None, status: int = 200,
                  sign_in_at: str | None = None):
    """The page; ``sign_in_at`` the site its form sends the learner on to (by authorization
    code), which the page's policy must let the form's answer go to."""
    registered = trust.current_trust_list().get(offer.credential_issuer)
    response = render(
        "offers/confirm.html",
        status=status,
        offer=offer,
        offered=offered,
        format_name=FORMAT_NAMES[offered.format],
        registered_name=registered.name if registered is not None else None,
        claimed_name=metadata.display_name(current_locale()),
        logo=_logo_data_url(offered.logo_uri),
        error=error,
    )
    if sign_in_at is not None:
        response.headers["Content-Security-Policy"] = allowing_form_action(sign_in_at)
    return response


def _logo_data_url(uri: str | None) -> str | None:
    """The credential's logo redrawn as a small PNG, served inline like every image we show
    (never the issuer's URL: the page loads nothing from other hosts); none if unreadable."""
    if uri is None:
        return None
    try:
        png = read_image(uri, current_app.extensions[IMAGE_FETCHER])
    except CredentialError:
        return None
    return "data:image/png;base64," + base64.b64encode(png).decode()


def show_problem(code: str, params: dict):
    status = 502 if code == "resolution.fetch_failed" else 422
    return render(
        "offers/problem.html", status=status, message=describe_offer_problem(code, params)
    )


# The pending cards' routes (pending_views) are on this blueprint too. Imported last because
# they use it; importing them here is what puts them on the blueprint the app registers.
from wallet.offers import pending_views  # noqa: E402,F401  isort: skip
from wallet.offers import authorization_views  # noqa: E402,F401  isort: skip
