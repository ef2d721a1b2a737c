"""Plain data the domain core hands to the web layer: parsed credentials and verdicts.

The domain has no locale. A check carries a machine ``code`` plus ``params``; the web
layer turns the code into a translated sentence (``wallet/verification/messages.py``).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from typing import Any


class Shape(enum.StrEnum):
    """How a credential is secured: the three JWT encodings met in practice (standards brief,
    section 2), and the formats that are not a single JWT."""

    VC_JWT_11 = "vc-jwt"  # A: VCDM 1.1 JWT, credential inside the `vc` claim
    VC_JOSE_COSE = "vc+jwt"  # B: VCDM 2.0, payload is the credential, typ vc+jwt
    OB3_JWT = "ob3-jwt"  # C: Open Badges 3.0 JWT proof, credential at top level + claims
    DATA_INTEGRITY = "data-integrity"  # JSON-LD credential with embedded Data Integrity proof(s)
    SD_JWT_VC = "sd-jwt-vc"  # IETF SD-JWT VC: issuer JWT ~ disclosures ~ optional key binding
    OB2 = "ob2"  # Open Badges 2.0 assertion: hosted (JSON at its URL) or signed (JWS)
    # An IETF Token Status List as fetched: read only as the status of other credentials.
    STATUS_LIST_TOKEN = "statuslist+jwt"


class Concern(enum.StrEnum):
    """What a check is about, in the order they are shown."""

    FORMAT = "format"
    SIGNATURE = "signature"
    ISSUER = "issuer"
    VALIDITY = "validity"
    STATUS = "status"
    # OpenID4VP: whether a presented credential is what the verifier asked for.
    REQUEST = "request"


class CheckStatus(enum.StrEnum):
    PASSED = "passed"
    WARNING = "warning"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"


class Verdict(enum.StrEnum):
    VERIFIED = "verified"
    WARNING = "warning"
    FAILED = "failed"


@dataclasses.dataclass(frozen=True)
class Check:
    """One verification step: what it looked at, how it went, and why (as a code)."""

    concern: Concern
    status: CheckStatus
    code: str  # e.g. "signature.invalid"; the web layer translates it
    params: dict[str, Any] = dataclasses.field(default_factory=dict)  # values for the message


@dataclasses.dataclass(frozen=True)
class Credential:
    """A credential, normalised across every format we read.

    For the JWT shapes ``header`` and ``claims`` are the JWS's; for the others, what the format
    signs (``shape`` says which), and ``document`` is always the credential as JSON.
    """

    raw: str  # exactly as received: a compact JWS, an SD-JWT, or a JSON document
    shape: Shape
    header: dict[str, Any]
    claims: dict[str, Any]  # the JWT payload as signed
    document: dict[str, Any]  # the credential JSON (for shape A: `vc` filled from the claims)
    id: str | None
    types: tuple[str, ...]
    issuer_id: str
    issuer_name: str | None
    subject_id: str | None
    valid_from: datetime.datetime | None  # timezone-aware UTC
    valid_until: datetime.datetime | None
    status_entries: tuple[dict[str, Any], ...]


@dataclasses.dataclass(frozen=True)
class KeyDetails:
    """The key a signature was checked with, for the expandable details on a page."""

    kid: str | None
    algorithm: str
    method: str  # "did:key", "did:jwk", "did:web", "jwk"
    # False for a key the credential carries itself (a header jwk beside an https issuer):
    # the signature is genuine, but nothing shows the key is the issuer's.
    issuer_bound: bool = True


@dataclasses.dataclass(frozen=True)
class VerificationResult:
    verdict: Verdict
    checks: tuple[Check, ...]
    credential: Credential | None  # None when the input could not be parsed
    key: KeyDetails | None = None
    checked_at: datetime.datetime | None = None

    @property
    def is_genuine(self) -> bool:
        """True when format and signature passed: the bytes are what the issuer signed."""
        return all(
            check.status is CheckStatus.PASSED
            for check in self.checks
            if check.concern in (Concern.FORMAT, Concern.SIGNATURE)
        ) and any(check.concern is Concern.SIGNATURE for check in self.checks)

    def check(self, concern: Concern) -> Check | None:
        return next((c for c in self.checks if c.concern is concern), None)


@dataclasses.dataclass(frozen=True)
class TrustedIssuer:
    id: str
    name: str
    organisation: str | None = None
    country: str | None = None
    homepage: str | None = None
    logo: str | None = None
    # From the issuer registry: `name` is the Swedish name, these complete what it knows.
    name_en: str | None = None
    slug: str | None = None  # the public issuer page is /issuers/<slug>
    organisation_number: str | None = None
    sector: str | None = None
