"""A wallet's answer, read for a kept request, and the one answer each request may take.

Verification (which may fetch keys and status lists) runs with no transaction open: the request
is read in one short transaction, the answer is verified, and only then is the request claimed,
in one UPDATE that only the first genuine answer wins (``store.claim``, read_answer's ``seen``).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app

from wallet.asking import store
from wallet.asking.answer_view import stored_answer
from wallet.credentials import CredentialError
from wallet.credentials.openid4vp.answer import read_answer
from wallet.platform import clock
from wallet.verification import verifier


class RequestGone(Exception):
    """No request behind the handle: never made, or deleted since."""


def receive(handle: str, form: Mapping[str, str]) -> None:
    """Read, verify and keep the answer posted for the request behind ``handle``; else
    CredentialError ``present.*`` (``answer.read_answer``) or RequestGone.

    A wallet's refusal (``present.wallet_error``) also answers the request: the employer's page
    says the person's wallet sent nothing.
    """
    now = clock.now()
    kept = store.by_handle(handle, now)
    if kept is None:
        raise RequestGone(handle)
    try:
        answer = read_answer(
            form, kept.request, now, verifier.verify,
            resolver=current_app.extensions["wallet.resolver"],
            seen=lambda state: not store.claim(handle),
        )
    except CredentialError as refused:
        if refused.code == "present.wallet_error" and store.claim(handle):
            store.save_answer(handle, {"declined": refused.params.get("error")})
        raise
    store.save_answer(handle, stored_answer(answer))
