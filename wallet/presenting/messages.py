"""Plain-language sentences for the ``present.*`` codes of the OpenID4VP holder core; any other
code (an unreachable verifier, a refused credential) is the verification's own sentence."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wallet.verification.messages import describe_check
from wallet.verification.messages import fill

ASK_AGAIN = _l("Ask the one who wants to see your credentials for a new QR code or link.")
CANNOT_DO = _l("The request asks for something this wallet cannot do. Ask for your credentials another way, for example a shared link.")
NOT_WHO = _l("We could not check who sent this request, so nothing can be sent. It may be false. Ask for a new QR code or link, and do not send anything you are unsure of.")

MESSAGES = {
    "present.malformed": _l("This is not a request for credentials we can read. It may be cut off or changed. Scan the QR code or copy the link again."),
    "present.too_large": _l("This request is too long to be real. Scan the QR code or copy the link again."),
    "present.request_uri_failed": _l("We could not fetch the request from the one who asks. Check your connection and try again, or ask for a new QR code or link."),
    "present.request_object_invalid": _l("The request is broken, so we cannot read it. %(again)s"),
    "present.request_expired": _l("This request is too old: it is no longer valid. %(again)s"),
    "present.request_not_yet_valid": _l("This request is not valid yet. Check that the clock on your phone is right, then try again."),
    "present.client_id_mismatch": NOT_WHO,
    "present.wallet_nonce_mismatch": NOT_WHO,
    "present.client_prefix_unsupported": _l("This request names the one who asks in a way this wallet does not know, so we cannot tell you who they are. Nothing can be sent."),
    "present.request_not_signed": NOT_WHO,
    "present.redirect_uri_signed": NOT_WHO,
    "present.signature_invalid": _l("The request's signature does not match: it may have been changed on the way. Nothing can be sent. %(again)s"),
    "present.certificate_untrusted": _l("The certificate of the one who asks is not from an authority we trust, so we cannot tell you who they are. Nothing can be sent."),
    "present.certificate_name_mismatch": NOT_WHO,
    "present.redirect_uri_mismatch": _l("The answer would go to another address than the one who asks. That is not allowed, so nothing can be sent."),
    "present.response_type_unsupported": CANNOT_DO,
    "present.response_mode_unsupported": CANNOT_DO,
    "present.response_uri_invalid": _l("The request does not say a safe address for the answer, so nothing can be sent."),
    "present.nonce_invalid": _l("The request is missing a part it must have. %(again)s"),
    "present.query_unsupported": CANNOT_DO,
    "present.query_invalid": _l("The request does not say clearly which credentials it wants, so nothing can be sent. %(again)s"),
    "present.transaction_data_unsupported": CANNOT_DO,
    "present.client_metadata_invalid": _l("The request is broken, so we cannot read it. %(again)s"),
    "present.choice_invalid": _l("Your choice does not answer what was asked. Choose again among the credentials shown."),
    "present.no_encryption_key": _l("The one who asks did not give a way to send your answer safely, so nothing was sent."),
    "present.submission_refused": _l("The one who asked did not accept the answer. The request may have been answered already or be too old. %(again)s"),
    "resolution.fetch_failed": _l("We could not reach the one who asks. Check your connection and try again later."),
}


def describe_present_problem(code: str, params: dict | None = None) -> str:
    message = MESSAGES.get(code)
    if message is None:
        return describe_check(code, params)
    return fill(message, {**(params or {}), "again": str(ASK_AGAIN)})
