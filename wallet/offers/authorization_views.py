"""``/wallet/offer/authorize`` and ``/wallet/offer/callback``: an offer by authorization code.
The learner confirms, signs in at the issuer, and comes back with a code that the wallet
exchanges for the credential, kept exactly as a confirmed pre-authorized offer's is.

While the learner is away, what the wallet must check on their return (the state, the PKCE
verifier, the offer) waits in the server-signed session cookie: one offer at a time, taken
out by the first answer, and too old after ten minutes. On the offers blueprint: same sign-in
rule, same guarded client for the issuer's hosts.
"""

from __future__ import annotations

from flask import current_app
from flask import request
from flask import session
from flask_login import current_user

from wallet.credentials import CredentialError
from wallet.credentials.openid4vci import Deferred
from wallet.credentials.openid4vci import PendingAuthorization
from wallet.credentials.openid4vci import authorization_code_in
from wallet.credentials.openid4vci import choose_configuration
from wallet.credentials.openid4vci import fetch_issuer_metadata
from wallet.credentials.openid4vci import read_offer
from wallet.credentials.openid4vci import receive_by_authorization_code
from wallet.credentials.openid4vci import start_authorization
from wallet.my_credentials.store import ImportRefused
from wallet.offers import store
from wallet.offers.client import wallet_client
from wallet.offers.views import OFFER_HTTP
from wallet.offers.views import fetch_budget
from wallet.offers.views import show_problem
from wallet.offers.views import wait_for_issuer
from wallet.offers.views import bp
from wallet.offers.views import confirmed_offer
from wallet.offers.views import show_received
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.config import rate_limit
from wallet.platform.extensions import limiter
from wallet.platform.htmx import see_other
from wallet.platform.i18n import current_locale

PENDING = "offers.authorization"


@bp.post("/offer/authorize")
@limiter.limit(rate_limit("IMPORT"))
def authorize():
    """Send the learner to sign in at the issuer, keeping what to check when they are back."""
    http = current_app.extensions[OFFER_HTTP]
    try:
        offer, metadata, offered = confirmed_offer(http)
        with fetch_budget():
            address, pending = start_authorization(
                offer, metadata, offered, wallet_client(), http=http, now=clock.now()
            )
    except CredentialError as problem:
        audit.record("offer.refused", user_id=current_user.id, reason=problem.code)
        return show_problem(problem.code, problem.params)
    session[PENDING] = pending.as_dict()
    return see_other(address)


@bp.get("/offer/callback")
@limiter.limit(rate_limit("IMPORT"))
def callback():
    """The learner is back from the issuer: the answer checked, the code exchanged, the
    credential kept; or in plain words why not, with nothing kept."""
    pending = PendingAuthorization.from_dict(session.pop(PENDING, None))
    http = current_app.extensions[OFFER_HTTP]
    try:
        code = authorization_code_in(request.args, pending, now=clock.now())
        offer = read_offer(pending.offer, None)
        with fetch_budget():
            metadata = fetch_issuer_metadata(offer, http)
        offered = choose_configuration(offer, metadata, current_locale())
        holder = store.holder_of(current_user)
        with fetch_budget():
            received = receive_by_authorization_code(
                offer, metadata, offered, holder, pending, code, wallet_client(),
                http=http, now=clock.now(),
            )
        if isinstance(received, Deferred):
            return wait_for_issuer(received, offer.credential_issuer, offered.name)
        stored, created = store.keep_received(current_user, received, offer.credential_issuer)
    except (CredentialError, ImportRefused) as problem:
        audit.record("offer.refused", user_id=current_user.id, reason=problem.code)
        return show_problem(problem.code, problem.params)
    audit.record("offer.received", user_id=current_user.id, issuer=offer.credential_issuer,
                 received=len(received), new=created)
    return show_received(stored, created)
