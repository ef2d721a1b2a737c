"""What a failed or uncertain check means for an employer and what to do next, and the few
words a wallet card gives for why a credential is not simply valid."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from markupsafe import escape

from wallet.verification.messages import fill

_NOT_CHECKABLE_YET = _l(
    "We cannot check this kind of credential yet: it is not shown to be false, and not "
    "confirmed either. Ask %(issuer)s to confirm %(reference)s, or ask the person for an "
    "Open Badges 3.0 copy."
)
_SEND_IT_AGAIN = _l(
    "We cannot check this. Ask the person to send the credential exactly as they received it "
    "from the issuer."
)
# What a failed or uncertain check means for an employer, and what to do next. Looked up by
# code, then by the part before the dot; %(issuer)s and %(reference)s are always filled in.
NEXT_STEPS = {
    "issuer.untrusted": _l(
        "We cannot tell you who issued this. Before you rely on it, contact %(issuer)s using "
        "contact details you find yourself, and ask them to confirm %(reference)s."
    ),
    "validity.expired": _l(
        "The credential was real, but it is no longer valid. Ask the person whether they have "
        "a renewed one, or ask %(issuer)s, quoting %(reference)s."
    ),
    "validity.not_yet_valid": _l(
        "The credential does not apply yet. Ask %(issuer)s from when it applies, "
        "quoting %(reference)s."
    ),
    "status.unchecked": _l(
        "The issuer may have withdrawn the credential without us knowing. If it matters for "
        "your decision, ask %(issuer)s whether %(reference)s is still valid."
    ),
    "status.unknown": _l(
        "This is probably temporary. Open this page again later. If it matters for your "
        "decision now, ask %(issuer)s whether %(reference)s is still valid."
    ),
    "status.revoked": _l(
        "Do not rely on this credential. The issuer has withdrawn it. Ask %(issuer)s why, "
        "quoting %(reference)s."
    ),
    "status.suspended": _l(
        "Do not rely on this credential for now. Ask %(issuer)s when it will be valid again, "
        "quoting %(reference)s."
    ),
    "signature.invalid": _l(
        "Do not rely on this credential: it was changed after it was issued, or it is fake. "
        "Ask the person for the original, or ask %(issuer)s to confirm %(reference)s."
    ),
    "resolution.fetch_failed": _l(
        "This is probably temporary. Open this page again later. If it keeps failing, "
        "ask %(issuer)s to confirm %(reference)s."
    ),
    "signature": _l(
        "Do not rely on this credential: we cannot confirm who issued it. Ask %(issuer)s "
        "to confirm %(reference)s."
    ),
    "format.unsupported_type": _NOT_CHECKABLE_YET,
    "format.unsupported_cose": _NOT_CHECKABLE_YET,
    "format.unsupported_europass": _NOT_CHECKABLE_YET,
    "format.unsupported_json_jws": _NOT_CHECKABLE_YET,
    "signature.unsupported_algorithm": _NOT_CHECKABLE_YET,
    "signature.unknown_did_method": _NOT_CHECKABLE_YET,
    "format": _SEND_IT_AGAIN,
    "input": _SEND_IT_AGAIN,
    "request": _l(
        "The credential may be real, but it is not what you asked for. Ask the person again, "
        "and tell them what you need to see."
    ),
}

# The one-line reason on a wallet card, for the first check that did not pass.
SHORT_REASONS = {
    "issuer.untrusted": _l("Issuer not on our trusted list"),
    "issuer.key_not_bound": _l("Issuer not confirmed"),
    "validity.expired": _l("Expired %(valid_until)s"),
    "validity.not_yet_valid": _l("Valid from %(valid_from)s"),
    "status.unchecked": _l("Revocation not checked"),
    "status.revoked": _l("Withdrawn by %(issuer)s"),
    "status.suspended": _l("Paused by %(issuer)s"),
    "status.unknown": _l("Revocation could not be checked"),
}



def init_app(app: Flask) -> None:
    """Make the next steps and the short reasons available to every template."""
    app.context_processor(
        lambda: {"short_reason": short_reason, "describe_next_step": describe_next_step}
    )
    app.add_template_filter(mark_identifier)


def mark_identifier(text: str | None, identifier: str | None) -> Markup | None:
    """``text`` escaped, with ``identifier`` in it set as one: in a typewriter face, breaking
    where the line ends rather than after a hyphen (which reads as part of the line break)."""
    if text is None:
        return None
    escaped = escape(text)
    if not identifier:
        return escaped
    marked = Markup('<span class="identifier-in-text">%s</span>') % identifier
    return Markup(str(escaped).replace(str(escape(identifier)), marked))


def short_reason(checks: list[dict], issuer: str | None = None) -> str | None:
    """Why a stored credential is not simply valid, in a few words (None when it is)."""
    for check in checks:
        if check["status"] in ("failed", "warning") and check["code"] in SHORT_REASONS:
            params = {"issuer": issuer or str(_l("the issuer")), **check["params"]}
            return fill(SHORT_REASONS[check["code"]], params)
    return None


def describe_next_step(code: str, params: dict | None = None) -> str | None:
    """What a failed or uncertain check means for an employer and what to do; None if nothing."""
    step = NEXT_STEPS.get(code) or NEXT_STEPS.get(code.partition(".")[0])
    if step is None:
        return None
    defaults = {
        "issuer": _l("the organisation named as issuer"),
        "reference": _l("the credential's title and date"),
    }
    given = {key: value for key, value in (params or {}).items() if value}
    return fill(step, {key: str(value) for key, value in defaults.items()} | given)
