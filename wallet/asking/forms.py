"""The /ask form: what kind of credential, optionally by which registered issuer, which claims.

Nothing typed is free text: every value is one of the choices offered, so what is asked is
always a query the core makes (``ask_queries.ask_for``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from wallet.credentials.openid4vp.ask_queries import KINDS
from wallet.models import RegisteredIssuer
from wallet.registry import store as registry

KIND_LABELS = {
    "eu_learning_credential": _l("An EU Learning Credential (a micro-credential)"),
    "open_badge": _l("An Open Badge"),
    "any": _l("Any credential we can check"),
}
# The EU Learning Credential's main claims, as the employer may pick them (named on the form
# in the words the wallet and the share form use for them: claim_name_label).
ASKABLE_CLAIMS = (
    "given_name", "family_name", "learning_outcomes", "assessment_grade",
    "level_of_learning_experience", "expected_study_time",
)
CLAIMS_OF = {"eu_learning_credential": ASKABLE_CLAIMS}
DEFAULT_KIND = "eu_learning_credential"


@dataclasses.dataclass(frozen=True)
class AskChoice:
    kind: str = DEFAULT_KIND
    issuer: str = ""  # an issuer id from the registry, or "" for any issuer
    claims: tuple[str, ...] = ()

    @property
    def claim_paths(self) -> list[list[str]]:
        return [[name] for name in self.claims]

    @property
    def issuers(self) -> tuple[str, ...]:
        return (self.issuer,) if self.issuer else ()


def active_issuers() -> list[RegisteredIssuer]:
    """Every issuer the registry vouches for now: the ones an employer may name."""
    return [row for row in registry.all_issuers() if row.status == "active"]


def read_choice(form: MultiDict | Mapping) -> AskChoice | None:
    """The choice posted, or None if anything in it is not one of the choices offered."""
    kind = form.get("kind", "")
    issuer = form.get("issuer", "")
    claims = tuple(form.getlist("claims")) if isinstance(form, MultiDict) else ()
    if kind not in KINDS or kind not in KIND_LABELS:
        return None
    if issuer and issuer not in {row.issuer_id for row in active_issuers()}:
        return None
    if not set(claims) <= set(CLAIMS_OF.get(kind, ())):
        claims = ()  # the claims belong to another kind: ask for the credential alone
    ordered = tuple(name for name in ASKABLE_CLAIMS if name in claims)
    return AskChoice(kind, issuer, ordered)
