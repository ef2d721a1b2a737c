"""The words of /ask: why an answer was refused (``present.*``), in the sentences wallets and
employers read, and what the page says when there is no answer to show.

The ``request`` check on each credential of an answer is described with every other check
(``wallet.verification.messages`` and ``next_steps``).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

REFUSALS = {
    "present.answer_late": _l("The request has expired. Ask the employer for a new QR code."),
    "present.answer_replayed": _l("This request has already been answered."),
    "present.wrong_state": _l("This answer belongs to another request."),
    "present.wallet_error": _l("The wallet did not send any credential."),
    "present.answer_not_encrypted": _l("The answer must be encrypted, as the request says."),
    "present.undecryptable": _l("The answer could not be opened. It may have been changed."),
    "present.wrong_key": _l("The answer was encrypted for another request."),
    "present.credential_not_genuine": _l(
        "A credential in the answer was changed or forged."
    ),
    "present.incomplete": _l("The answer does not hold what the request requires."),
    "present.wrong_nonce": _l("A proof in the answer was made for another request."),
    "present.wrong_audience": _l("A proof in the answer was made for someone else."),
    "present.stale_proof": _l("A proof in the answer is too old, or was made too early."),
    "present.key_binding_missing": _l(
        "The answer does not prove that the credential belongs to the person who sent it."
    ),
}
REFUSED = _l("The answer could not be accepted.")
QR_LABEL = _l("QR code with your request, for the person's wallet to scan")
# What the page says when there is no answer to show: (title, explanation).
STATES = {
    "expired": (
        _l("This request has expired"),
        _l("It was not answered in time, so no answer can come now. Ask again."),
    ),
    "gone": (
        _l("This request no longer exists"),
        _l("Requests and their answers are deleted %(minutes)s minutes after they are made, "
           "or the address is not complete. Ask again."),
    ),
    "declined": (
        _l("Nothing was sent"),
        _l("The person's wallet answered without sending a credential: they may have said no, "
           "or have none of what you asked for. Ask again if you think it was a mistake."),
    ),
}


def refusal(code: str) -> str:
    """Why an answer was refused, in a plain sentence."""
    return str(REFUSALS.get(code, REFUSED))
