"""What a checked credential is, in the cases an employer must tell apart.

The verdict (verified, warning, failed) says how much to trust a credential; the state says
why, in one word: an expired but genuine credential is not a forged one, and a signature from
an issuer we do not know is not proof of who issued it, and a genuine credential sent to the
portal's request (/ask) may not be the one asked for. Ordered worst first, so the worst
state of a share is the one its summary leads with.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_babel import lazy_gettext as _l

from wallet.credentials import CheckStatus
from wallet.credentials import Concern
from wallet.credentials import VerificationResult

ORDER = (
    "forged",
    "unchecked",
    "not_asked",
    "revoked",
    "suspended",
    "expired",
    "not_yet_valid",
    "unknown_issuer",
    "status_unknown",
    "valid",
)
# A signature that could not be checked at all (no key to check it with) is not a forgery.
_UNCHECKABLE = frozenset(
    {
        "signature.key_not_found",
        "resolution.fetch_failed",
        "signature.unknown_did_method",
        # Data Integrity proofs we cannot check, or that can no longer vouch for it.
        "signature.unsupported_context",
        "signature.unsupported_cryptosuite",
        "signature.too_complex",
        "signature.proof_expired",
        "signature.proof_from_future",
        # Formats, algorithms and seals we recognise but cannot check yet.
        "signature.unsupported_algorithm",
        "format.unsupported_type",
        "format.unsupported_cose",
        "format.unsupported_europass",
        "format.unsupported_json_jws",
        "format.presentation",
    }
)
# The first code found, in this order, names the state of a genuine credential.
_GENUINE_BUT = (
    ("status.revoked", "revoked"),
    ("status.suspended", "suspended"),
    ("validity.expired", "expired"),
    ("validity.not_yet_valid", "not_yet_valid"),
    ("issuer.untrusted", "unknown_issuer"),
    ("issuer.key_not_bound", "unknown_issuer"),
    ("status.unknown", "status_unknown"),
    ("status.unchecked", "status_unknown"),
    ("status.unsupported", "status_unknown"),
)

# Each state also has its own picture, `.icon-<state>` in static/public.css (drawn there: no
# request), shown beside these words, which carry the meaning, never the picture or colour alone.
LABELS = {
    "forged": _l("Changed or forged"),
    "unchecked": _l("Signature not checked"),
    "not_asked": _l("Not what was asked for"),
    "revoked": _l("Withdrawn by the issuer"),
    "suspended": _l("Paused by the issuer"),
    "expired": _l("Genuine, but expired"),
    "not_yet_valid": _l("Genuine, but not valid yet"),
    "unknown_issuer": _l("Signed, issuer not confirmed"),
    "status_unknown": _l("Genuine, withdrawal not checked"),
    "valid": _l("Genuine and valid"),
}
# The colour a state is shown in: do not rely on it, look closer, or fine.
TONES = {
    "forged": "failed",
    "unchecked": "failed",
    "not_asked": "failed",
    "revoked": "failed",
    "suspended": "warning",
    "expired": "warning",
    "not_yet_valid": "warning",
    "unknown_issuer": "warning",
    "status_unknown": "warning",
    "valid": "verified",
}


def init_app(app: Flask) -> None:
    app.context_processor(
        lambda: {
            "state_labels": LABELS,
            "state_tones": TONES,
            "state_of": state_of,
            "state_of_stored": state_of_stored,
        }
    )


def state_of(result: VerificationResult) -> str:
    """The one state that says what this result means (a key of LABELS)."""
    return state_of_checks((c.concern, c.status, c.code) for c in result.checks)


def state_of_stored(checks: list[dict]) -> str:
    """The state of a credential as the wallet last checked it (``StoredCredential.checks``)."""
    return state_of_checks((c["concern"], c["status"], c["code"]) for c in checks)


def state_of_checks(checks: Iterable[tuple[str, str, str]]) -> str:
    """The state (a key of LABELS) of (concern, status, code) checks."""
    checks = list(checks)
    signature = next((code for concern, _, code in checks if concern == Concern.SIGNATURE), None)
    genuine = signature is not None and all(
        status == CheckStatus.PASSED
        for concern, status, _ in checks
        if concern in (Concern.FORMAT, Concern.SIGNATURE)
    )
    if not genuine:
        # Without a signature check, the format's refusal says whether anything was wrong.
        formats = (code for concern, _, code in checks if concern == Concern.FORMAT)
        refused = signature or next(formats, None)
        return "unchecked" if refused in _UNCHECKABLE else "forged"
    doubtful = (CheckStatus.FAILED, CheckStatus.WARNING)
    doubts = {code for _, status, code in checks if status in doubtful}
    if any(concern == Concern.REQUEST and status in doubtful for concern, status, _ in checks):
        return "not_asked"  # genuine, but not what the portal's request (/ask) asked for
    return next((state for code, state in _GENUINE_BUT if code in doubts), "valid")


def worst_state(states: Iterable[str]) -> str | None:
    """The worst of ``states``, None for none."""
    return min(states, key=ORDER.index, default=None)
