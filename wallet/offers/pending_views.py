"""``/wallet/pending/<id>/…``: the cards of credentials an issuer sends later (OpenID4VCI
deferred issuance), with "Check again" and "Remove". On the offers blueprint: same sign-in
rule, same guarded client for the issuer's host.

The wallet page shows the cards without importing this feature: it includes the partial
``offers/_pending.html``, which calls ``pending_cards()``, a function this blueprint puts in
every template's context (as the menu's ``works_at_a_desk()``). The query runs only when a
page includes the partial, and the wallet knows a template name, not this package's code.

Checking again asks the issuer once, with no transaction open, and keeps what arrives exactly
as a confirmed offer does (``store.keep_received``: verified, all-or-nothing, duplicates
kept once). A check before the time the issuer asked us to wait answers "not ready" without
asking it.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import current_app
from flask import flash
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from wallet.credentials import CredentialError
from wallet.credentials import network_budget
from wallet.credentials.openid4vci import Deferred
from wallet.credentials.openid4vci import collect_deferred
from wallet.my_credentials.store import ImportRefused
from wallet.offers import pending_store
from wallet.offers import store
from wallet.offers.messages import NOT_READY
from wallet.offers.messages import describe_offer_problem
from wallet.offers.models import PendingCredential
from wallet.offers.views import OFFER_HTTP
from wallet.offers.views import bp
from wallet.offers.views import show_received
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.config import rate_limit
from wallet.platform.extensions import limiter
from wallet.platform.htmx import is_partial_request
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other
from wallet.registry import trust


class PendingCard(NamedTuple):
    pending: PendingCredential
    registered_name: str | None  # the issuer's name in our register; None: not confirmed
    note: str | None  # the issuer's last refusal, in plain words


@bp.app_context_processor
def pending_card_source():
    return {"pending_cards": lambda: [_card(p) for p in pending_store.pending_of(current_user.id)]}


@bp.post("/pending/<int:pending_id>/check")
@limiter.limit(rate_limit("IMPORT"))
def check_pending(pending_id: int):
    """Ask the issuer once more: the credential kept, still not ready, or refused."""
    pending = pending_store.owned_pending(current_user, pending_id)
    if clock.now() < pending.next_check_at:  # the issuer asked us to wait this long
        return _card_answer(pending, str(NOT_READY))
    issuer = pending.issuer
    try:
        deferred = pending_store.deferred_of(pending)  # ends the read: the issuer is next
        with network_budget(current_app.config["FETCH_TIMEOUT"], 1):
            received = collect_deferred(deferred, current_app.extensions[OFFER_HTTP])
        if isinstance(received, Deferred):
            still = pending_store.note_still_pending(pending_id, received)
            return _card_answer(still, str(NOT_READY))
        stored, created = store.keep_received(current_user, received, issuer)
    except (CredentialError, ImportRefused) as problem:
        audit.record("offer.pending_refused", user_id=current_user.id, reason=problem.code)
        refused = pending_store.note_refused(pending_id, problem.code)
        return _card_answer(refused, describe_offer_problem(problem.code, problem.params), "error")
    pending_store.remove_pending(pending_id)
    audit.record("offer.received", user_id=current_user.id, issuer=issuer,
                 received=len(received), new=created)
    return show_received(stored, created)


@bp.post("/pending/<int:pending_id>/remove")
def remove_pending(pending_id: int):
    """Stop waiting: the card goes; nothing had arrived, so nothing else is deleted."""
    pending_store.owned_pending(current_user, pending_id)
    pending_store.remove_pending(pending_id)
    audit.record("offer.pending_removed", user_id=current_user.id)
    flash(_("The card was removed. The wallet no longer waits for this credential."), "success")
    return see_other(url_for("my_credentials.index"))


def _card(pending: PendingCredential) -> PendingCard:
    registered = trust.current_trust_list().get(pending.issuer)
    note = describe_offer_problem(pending.problem) if pending.problem else None
    return PendingCard(pending, registered.name if registered is not None else None, note)


def _card_answer(pending: PendingCredential | None, message: str, category: str = "info"):
    """For htmx the card again, saying ``message``; otherwise (or when the card was removed
    meanwhile) the wallet page, saying it."""
    if pending is not None and is_partial_request():
        return render("offers/_pending_card.html", card=_card(pending), message=message)
    flash(message, category)
    return see_other(url_for("my_credentials.index"))
