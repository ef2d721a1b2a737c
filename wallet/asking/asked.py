"""A request as its page shows it: made from the employer's choice, then waiting, answered,
declined, expired or gone (deleted, or never made)."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import current_app
from markupsafe import Markup

from wallet.asking import portal_client
from wallet.asking import store
from wallet.asking.answer_view import answer_view
from wallet.asking.forms import AskChoice
from wallet.asking.messages import QR_LABEL
from wallet.asking.messages import STATES
from wallet.credentials.openid4vp.ask import REQUEST_LIFETIME
from wallet.credentials.openid4vp.ask import new_request
from wallet.credentials.openid4vp.ask import request_link
from wallet.credentials.openid4vp.ask_queries import ask_for
from wallet.platform import clock
from wallet.platform.addresses import absolute_url
from wallet.portal.share_view import ShareView
from wallet.shares.qr import qr_svg


def ask(choice: AskChoice) -> str:
    """Make and keep a request for ``choice``; the key of its page."""
    key = store.new_key()
    handle = store.wallet_handle(key)
    request = new_request(
        portal_client.client_id(),
        absolute_url("asking.response", handle=handle),
        ask_for(choice.kind, choice.claim_paths, choice.issuers),
        clock.now(),
        issuers=choice.issuers,
        lifetime=min(REQUEST_LIFETIME, store.keeping_time()),
    )
    store.keep(key, request)
    return key


def request_object_of(kept: store.Kept) -> str:
    return portal_client.signed_request_object(kept.request)


@dataclasses.dataclass(frozen=True)
class Asked:
    state: str  # "waiting", "answered", "declined", "expired" or "gone"
    locale: str
    key: str
    kept: store.Kept | None = None
    view: ShareView | None = None  # the answer, checked now (answered only)

    @property
    def handle(self) -> str:
        return store.wallet_handle(self.key)

    @property
    def link(self) -> str:
        """What the QR code holds and the same-device button opens."""
        request_uri = absolute_url("asking.request_object", handle=self.handle)
        return request_link(portal_client.client_id(), request_uri)

    @property
    def qr(self) -> Markup:
        """The QR code as inline SVG; public.css (``.ask-qr``) draws it at a size a phone scans
        from a screen."""
        return Markup(qr_svg(self.link, str(QR_LABEL)))

    @property
    def request_object(self) -> str:
        """For the Digital Credentials API: the same signed request, given to the browser."""
        assert self.kept is not None
        return request_object_of(self.kept)

    @property
    def notice(self) -> tuple[str, str]:
        """(title, explanation) when there is no answer to show."""
        title, explanation = STATES[self.state]
        return str(title), str(explanation) % {"minutes": current_app.config["ASK_MINUTES"]}

    def status_document(self) -> dict[str, Any]:
        """JSON version 1 while there is no answer to show: only the request's status."""
        expires = self.kept.request.expires_at.isoformat() if self.kept else None
        document: dict[str, Any] = {
            "version": 1, "verdict": None, "share": {"status": self.state, "expires_at": expires},
        }
        if self.state in STATES:
            document["message"] = ". ".join(self.notice)
        return document


def page_state(key: str, locale: str) -> Asked:
    """The request behind the page ``key`` as it stands now."""
    now = clock.now()
    kept = store.by_key(key, now)
    if kept is None:
        return Asked("gone", locale, key)
    answer = kept.answer or {}
    if "declined" in answer:
        return Asked("declined", locale, key, kept)
    if answer:
        return Asked("answered", locale, key, kept, answer_view(kept, now, locale))
    if now > kept.request.expires_at:
        return Asked("expired", locale, key, kept)
    return Asked("waiting", locale, key, kept)
