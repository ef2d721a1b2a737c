"""Plain-language sentences for the domain's machine codes (checks and refusals)."""

from __future__ import annotations

import datetime

from flask import Flask
from flask_babel import lazy_gettext as _l

from wallet.platform.i18n import format_moment

CONCERNS = {
    "format": _l("Format"),
    "signature": _l("Signature"),
    "issuer": _l("Issuer"),
    "validity": _l("Validity period"),
    "status": _l("Revocation"),
    "request": _l("What you asked for"),  # an answer to the portal's request (/ask)
}

CHECK_STATUSES = {
    "passed": _l("passed"),
    "warning": _l("warning"),
    "failed": _l("failed"),
    "not_applicable": _l("not applicable"),
}

VERDICTS = {
    "verified": _l("Genuine and valid"),
    "warning": _l("Genuine, but check the warning"),
    "failed": _l("Not valid"),
}

MESSAGES = {
    "format.ok": _l("The credential is in a format we can read."),
    "format.empty": _l("There was nothing to read. Paste the credential or choose a file."),
    "format.too_large": _l("The credential is too large to be real."),
    "format.malformed": _l("This is not a signed credential. It may be cut off or changed."),
    "format.duplicate_keys": _l("The credential contains the same field twice. It cannot be trusted."),
    "format.too_deep": _l("The credential is built in a way we do not accept."),
    "format.unsupported_type": _l("This kind of credential is not supported yet."),
    "format.not_a_credential": _l("This is a signed token, but not a credential."),
    "format.claims_mismatch": _l(
        "The credential says two different things about %(claim)s. It cannot be trusted."
    ),
    "format.bad_date": _l("A date in the credential is not written correctly."),
    "format.bad_disclosure": _l(
        "A part of the credential does not match what the issuer signed. It may have been changed."
    ),
    "format.presentation": _l(
        "This is a presentation: a package that carries credentials, not a credential itself. "
        "Add the credentials in it one at a time."
    ),
    "format.unsupported_cose": _l(
        "This credential is secured with COSE, which we cannot check yet. Ask the issuer for a "
        "copy as an Open Badges 3.0 file."
    ),
    "format.unsupported_europass": _l(
        "This is a Europass credential with an electronic seal (JAdES). We cannot check that "
        "kind of seal yet. Ask the issuer for an Open Badges 3.0 copy."
    ),
    "format.unsupported_json_jws": _l(
        "This credential is signed in a JSON form we cannot check yet. Ask the issuer for a "
        "copy as an Open Badges 3.0 file."
    ),
    "input.empty": _l("There was nothing to read. Paste the credential or choose a file."),
    "input.too_large": _l("The file is too large."),
    "input.request_too_large": _l(
        "That is too much to check at once. Choose a file of at most 5 MB, or paste only the "
        "credential's text."
    ),
    "input.not_a_credential": _l("We found no credential in what you gave us."),
    "input.unsigned_json": _l(
        "This credential has no signature we can check. Ask the issuer for a signed copy."
    ),
    "input.image_without_credential": _l("This image has no credential inside."),
    "input.several_credentials": _l(
        "We found %(count)d credentials in what you gave us. Paste or upload one at a time."
    ),
    "input.malformed_image": _l("The image is damaged or not a real image."),
    "input.unsafe_xml": _l("The image contains code we do not accept."),
    "input.link": _l(
        "This is a link. We do not open links here. Add the credential in your wallet, where "
        "you can paste a link, or download the file and choose it here."
    ),
    "input.link_refused": _l("We only open links that start with https:// to public websites."),
    "input.link_not_found": _l("There is nothing at that link. Check that you copied all of it."),
    "input.link_unreachable": _l(
        "We could not open the link: the website did not answer in time. Check the link, or "
        "try again later."
    ),
    "input.link_too_large": _l("What the link leads to is too large. It can be at most 5 MB."),
    "input.unsupported_file": _l("We cannot read this type of file. Use .jwt, .txt, .json, .png or .svg."),
    # A photo of a QR code (wallet/credentials/qr_reading.py).
    "qr.too_large": _l("The photo is too large. It can be at most 5 MB. Take the photo again or choose a smaller one."),
    "qr.not_an_image": _l("This file is not a photo we can read. Use a .jpg or .png photo of the QR code."),
    "qr.none_found": _l("We found no QR code in the photo. Take the photo again with the whole QR code sharp and in the middle."),
    "qr.not_an_offer": _l("This QR code is not a credential offer or a link to a credential. Ask the issuer for the right QR code."),
    "import.too_slow": _l(
        "Checking took too long, so nothing was imported. Try again later, or import fewer "
        "credentials at a time."
    ),
    "wallet.full": _l(
        "Your wallet is full: it holds at most %(limit)d credentials. "
        "Delete some you no longer need, then import again."
    ),
    "signature.ok": _l("The signature is correct. Nobody has changed the credential."),
    "signature.invalid": _l("The signature is wrong. The credential has been changed or is fake."),
    "signature.alg_refused": _l("The credential is signed in an unsafe way. It cannot be trusted."),
    "signature.unsupported_algorithm": _l(
        "The credential is signed with %(alg)s, a method we cannot check yet. Ask the issuer "
        "for an Open Badges 3.0 copy."
    ),
    "signature.hosted_copy": _l("The issuer's website has this credential, the same as yours."),
    "signature.hosted_gone": _l(
        "The issuer's website no longer has this credential, so we could not compare it."
    ),
    "signature.hosted_mismatch": _l(
        "The issuer's website shows a different credential at this address. This copy has "
        "been changed or is fake."
    ),
    "signature.hosted_elsewhere": _l(
        "This credential is kept on another website than the issuer's, so we cannot tell that "
        "the issuer made it."
    ),
    "signature.key_not_found": _l("We could not find the issuer's key. The signature cannot be checked."),
    "signature.bad_key_binding": _l(
        "The proof that the holder sent this credential is wrong. It cannot be trusted."
    ),
    "signature.key_unbound": _l(
        "The key used to sign does not belong to the issuer. The credential cannot be trusted."
    ),
    "signature.unknown_did_method": _l(
        "The issuer's key is named with %(method)s, which we cannot look up yet. Ask the issuer "
        "for an Open Badges 3.0 copy."
    ),
    "signature.unsupported_context": _l(
        "The credential uses a vocabulary we cannot check offline, so we cannot check its "
        "signature."
    ),
    "signature.unsupported_cryptosuite": _l(
        "The credential is signed in a way we cannot check yet."
    ),
    "signature.too_complex": _l(
        "The credential is built in a way that takes too long to check. We did not check it."
    ),
    "signature.undefined_terms": _l(
        "Some fields in the credential are not covered by the signature. It cannot be trusted."
    ),
    "signature.wrong_purpose": _l(
        "The signature was not made to vouch for this credential. It cannot be trusted."
    ),
    "signature.proof_expired": _l(
        "The issuer's signature stopped being valid on %(expires)s. Ask the issuer for a new copy."
    ),
    "signature.proof_from_future": _l(
        "The signature says it was made on %(created)s, a date still to come. "
        "It cannot be checked now."
    ),
    "resolution.fetch_failed": _l("We could not reach the issuer to get their key. Try again later."),
    "issuer.trusted": _l("The issuer %(name)s is on our list of trusted issuers."),
    "issuer.untrusted": _l(
        "The issuer is not on our list of trusted issuers. We cannot say who they are."
    ),
    "issuer.key_not_bound": _l(
        "The credential carries its own key, and nothing shows that the key belongs to the "
        "issuer it names. We cannot say who made it."
    ),
    "validity.ok": _l("The credential is valid now."),
    "validity.expired": _l("The credential stopped being valid on %(valid_until)s."),
    "validity.not_yet_valid": _l("The credential is valid only from %(valid_from)s."),
    "status.none": _l("The issuer does not publish a revocation list for this credential."),
    "status.unchecked": _l(
        "The issuer publishes a revocation list, but we could not check it yet. "
        "Ask the issuer if the credential is still valid."
    ),
    "status.ok": _l("The issuer has not withdrawn the credential. Checked %(checked_at)s."),
    "status.revoked": _l("The issuer has withdrawn this credential. It is no longer valid."),
    "status.suspended": _l(
        "The issuer has paused this credential. It is not valid while it is paused."
    ),
    "status.unknown": _l(
        "We could not check if the issuer has withdrawn the credential: %(reason)s. "
        "Checked %(checked_at)s."
    ),
    "status.unsupported": _l("The issuer uses a kind of revocation list we cannot read yet."),
    # An answer to the portal's request (/ask): is it what the employer asked for?
    "request.matched": _l(
        "It is the kind of credential you asked for, with what you asked to see."
    ),
    "request.wrong_format": _l("It is not in the form you asked for."),
    "request.wrong_type": _l("It is another kind of credential than the one you asked for."),
    "request.wrong_issuer": _l("It is from another issuer than the one you asked for."),
    "request.claims_missing": _l("It does not show everything you asked to see."),
}

# Why a revocation list could not be used (the `reason` of status.unknown).
STATUS_REASONS = {
    "unreachable": _l("the list could not be reached"),
    "timeout": _l("the list took too long to answer"),
    "too_large": _l("the list is too large"),
    "too_many_hosts": _l("the credential points at more places than we check for one credential"),
    "bad_signature": _l("the list's signature is wrong"),
    "wrong_issuer": _l("the list is not signed by the issuer"),
    "wrong_purpose": _l("the list is for something else"),
    "wrong_list": _l("the list is for something else"),
    "unknown_value": _l("the list gives an answer we do not know"),
    "malformed": _l("the list is damaged"),
    "expired_list": _l("the list is out of date"),
    "too_short": _l("the list is too short"),
    "index_out_of_range": _l("the credential points outside the list"),
}

# Added to status.unknown when an earlier check of the same list succeeded.
LAST_KNOWN = {
    "ok": _l("On %(last_known_at)s it was not withdrawn."),
    "revoked": _l("On %(last_known_at)s it was withdrawn."),
    "suspended": _l("On %(last_known_at)s it was paused."),
}

# The issuer's status list says the credential does not hold now (revoked or suspended).
WITHDRAWN_CODES = ("status.revoked", "status.suspended")

# Shown to the minute (seconds mean nothing to a reader), so a page changes at most once a
# minute (wallet/portal/page_cache.py keys rendered pages on these values to the minute).
_DATE_PARAMS = frozenset(
    {"valid_until", "valid_from", "checked_at", "last_known_at", "expires", "created"}
)


def init_app(app: Flask) -> None:
    """Make the labels and the sentence maker available to every template."""
    app.context_processor(
        lambda: {
            "verdict_labels": VERDICTS,
            "concern_labels": CONCERNS,
            "check_status_labels": CHECK_STATUSES,
            "describe_check": describe_check,
            "withdrawn_codes": WITHDRAWN_CODES,
        }
    )


def describe_check(code: str, params: dict | None = None) -> str:
    """The translated sentence for a check or refusal code, with dates in the reader's locale."""
    message = MESSAGES.get(code)
    if message is None:
        return str(_l("Unknown result (%(code)s).", code=code))
    sentence = fill(message, params)
    last_known = (params or {}).get("last_known")
    if code == "status.unknown" and last_known in LAST_KNOWN:
        sentence += " " + fill(LAST_KNOWN[last_known], params)
    return sentence


def fill(message, params: dict | None) -> str:
    """``message`` with ``params`` filled in, dates in the reader's locale; as it is if they miss."""
    values = {key: _format(key, value) for key, value in (params or {}).items()}
    try:
        return str(message) % values if values else str(message)
    except (KeyError, TypeError, ValueError):
        return str(message)


def param_moment(key: str, value) -> datetime.datetime | None:
    """The moment a check's value names, if the sentences show it as a date (to the minute)."""
    if key in _DATE_PARAMS and isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return None  # shown as given
    return None


def _format(key: str, value):
    if key == "reason" and value in STATUS_REASONS:
        return str(STATUS_REASONS[value])
    moment = param_moment(key, value)
    return format_moment(moment) if moment else value
