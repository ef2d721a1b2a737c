"""Plain-language sentences for the ``offer.*`` codes of the OpenID4VCI core; any other code
(a refused credential, an unreachable host) is the verification's own sentence."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wallet.verification.messages import describe_check
from wallet.verification.messages import fill

MESSAGES = {
    "offer.too_large": _l("This offer is too long to be real. Copy the link from the issuer again."),
    "offer.malformed": _l("This is not a credential offer we can read. It may be cut off or changed. Copy the link from the issuer again."),
    "offer.unsupported": _l("This offer asks for something the wallet cannot do yet, such as a kind of credential we cannot check. Ask the issuer for the credential as a file and add it here."),
    "offer.metadata_invalid": _l("The issuer's description of its credentials is missing or broken, so we cannot ask for the credential. Try again later or tell the issuer."),
    "offer.tx_code_missing": _l("Enter the transaction code the issuer sent you."),
    "offer.tx_code_wrong": _l("The transaction code is not right. Check the code the issuer sent you and try again."),
    "offer.tx_code_or_expired": _l("The issuer did not accept the transaction code, or the offer is no longer valid. Check the code and try again; if it fails again, ask the issuer for a new offer."),
    "offer.code_expired": _l("This offer has already been used or is no longer valid. Ask the issuer for a new one."),
    "offer.refused": _l("The issuer did not send the credential. Try again later, or ask the issuer for it."),
    "offer.transaction_gone": _l("The issuer no longer has this credential waiting for you. Remove this card, and ask the issuer for a new offer if you still need the credential."),
    "offer.answer_not_ours": _l("This answer from the issuer does not belong to an offer you started here. Start again from the offer."),
    "offer.sign_in_expired": _l("Your sign-in at the issuer took too long or is no longer valid. Start again from the offer."),
    "offer.sign_in_denied": _l("You stopped at the issuer, or the issuer did not let you continue. No credential was added. Start again from the offer if you want it."),
    "offer.sign_in_failed": _l("Something went wrong when you signed in at the issuer. Try again later, or ask the issuer for help."),
    "resolution.fetch_failed": _l("We could not reach the issuer. Check your connection and try again later."),
}
# A credential the issuer sends later, asked for before it is ready (or too soon to ask again).
NOT_READY = _l("Not ready yet. Try again later.")
# Codes after which the learner can try again on the same page: the offer is kept.
TRY_AGAIN = frozenset({"offer.tx_code_missing", "offer.tx_code_wrong", "offer.tx_code_or_expired"})


def describe_offer_problem(code: str, params: dict | None = None) -> str:
    message = MESSAGES.get(code)
    return fill(message, params) if message is not None else describe_check(code, params)

# The format, named so a learner can tell what kind of credential they will get.
FORMAT_NAMES = {
    "dc+sd-jwt": _l("SD-JWT VC (you choose which parts to show when you share it)"),
    "jwt_vc_json": _l("W3C Verifiable Credential, signed as a JWT"),
    "ldp_vc": _l("W3C Verifiable Credential with a Data Integrity proof"),
}
