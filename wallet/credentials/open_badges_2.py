"""Open Badges 2.0 assertions, hosted (JSON at its URL) and signed (a JWS over the JSON).

Reading never touches the network: the assertion is checked for its shape and dates, and its
issuer is known only where it embeds its badge class. ``verify_assertion`` fetches what the
assertion points at (``open_badges_2_documents``) and returns the credential as verified:
the assertion with its badge class and the issuer profile as their hosts serve them.

- Hosted: only the issuer's copy counts. Its URL must be on the issuer's host (or where the
  profile's ``verification`` allows) and serve the same award as the one imported (id,
  recipient, badge class, date); what else differs is the issuer's to change, and the issuer's
  copy is the one shown. A URL that answers 404 or 410 leaves nothing to compare: the check
  says so, and the status step reports the assertion withdrawn.
- Signed: the key is the CryptographicKey at ``verification.creator`` (else one the profile
  lists), which the issuer profile must list under ``publicKey``, on the issuer's host; RS256
  as the specification says, and ES256 for P-256 keys as openbadgeslib signs them.
"""

from __future__ import annotations

from typing import Any

from . import jose
from .errors import CredentialError
from .keys import KeyResolver
from .model import Credential
from .model import KeyDetails
from .model import Shape
from .open_badges_2_documents import MAX_LISTED_KEYS
from .open_badges_2_documents import hosted_copy
from .open_badges_2_documents import is_web_address
from .open_badges_2_documents import issuer_key
from .open_badges_2_documents import issuer_profile
from .open_badges_2_documents import linked
from .open_badges_2_documents import listed_keys
from .open_badges_2_documents import speaks_for
from .open_badges_2_revocation import HOSTED_ENTRY
from .open_badges_2_revocation import REVOCATION_LIST_ENTRY
from .parse import numeric_date
from .parse import parse_datetime

CONTEXT = "https://w3id.org/openbadges/v2"
HOSTED = frozenset({"hosted", "HostedBadge"})
SIGNED = frozenset({"signed", "SignedBadge"})
SIGNED_ALGORITHMS = frozenset({"RS256", "ES256"})
# Verification methods (KeyDetails.method) of a hosted assertion: compared, or gone from its URL.
HOSTED_COPY = "hosted"
HOSTED_GONE = "hosted-gone"
# What makes a hosted assertion the award it is: the imported copy must say the same. The rest
# (evidence, narrative, image, expiry) is the issuer's to change, and its copy is what is shown.
_AWARD_MEMBERS = ("id", "recipient", "badge", "issuedOn")


def is_assertion(document: dict[str, Any]) -> bool:
    """Whether ``document`` is an Open Badges 2.0 assertion (its context and type say so)."""
    return CONTEXT in _strings(document.get("@context")) and "Assertion" in _strings(
        document.get("type")
    )


def parse_hosted(token: str, document: dict[str, Any]) -> Credential:
    """A hosted assertion as imported; ``token`` is its JSON exactly as received."""
    kind = _verification_type(document)
    if kind in SIGNED:
        raise CredentialError("input.unsigned_json")  # a signed assertion without its signature
    if kind not in HOSTED:
        raise CredentialError("format.not_a_credential", field="verification")
    if not is_web_address(document.get("id")):
        raise CredentialError("format.not_a_credential", field="id")
    return _credential(token, {}, document, ({"type": HOSTED_ENTRY, "id": document["id"]},))


def parse_signed(token: str, header: dict[str, Any], claims: dict[str, Any]) -> Credential:
    """A signed assertion (compact JWS); its revocation list is known once its issuer is."""
    if _verification_type(claims) not in SIGNED:
        raise CredentialError("format.not_a_credential", field="verification")
    if not isinstance(claims.get("id"), str):
        raise CredentialError("format.not_a_credential", field="id")
    return _credential(token, header, claims, ())


def verify_assertion(
    credential: Credential, resolver: KeyResolver
) -> tuple[Credential, KeyDetails]:
    """Check the assertion against its issuer's documents; the credential as verified."""
    if credential.header:
        return _verify_signed(credential, resolver)
    return _verify_hosted(credential, resolver)


def _verify_hosted(credential: Credential, resolver: KeyResolver) -> tuple[Credential, KeyDetails]:
    url = credential.id
    served = hosted_copy(resolver, url).document
    assertion = credential.document if served is None else served
    badge = linked(resolver, assertion.get("badge"), "badge")
    issuer = issuer_profile(resolver, badge)
    if not speaks_for(issuer, url, hosted=True):
        raise CredentialError("signature.hosted_elsewhere", url=url[:200])
    if served is not None and _award(served) != _award(credential.document):
        raise CredentialError("signature.hosted_mismatch", url=url[:200])
    method = HOSTED_GONE if served is None else HOSTED_COPY
    details = KeyDetails(kid=url, algorithm="HostedBadge", method=method)
    verified = _completed(credential, assertion, badge, issuer, credential.status_entries)
    return verified, details


def _verify_signed(credential: Credential, resolver: KeyResolver) -> tuple[Credential, KeyDetails]:
    jose.require_signature_algorithm(credential.header)
    algorithm = credential.header["alg"]
    if algorithm not in SIGNED_ALGORITHMS:
        raise CredentialError("signature.unsupported_algorithm", alg=algorithm)
    badge = linked(resolver, credential.claims.get("badge"), "badge")
    issuer = issuer_profile(resolver, badge)
    creator = credential.claims["verification"].get("creator")
    candidates = [creator] if isinstance(creator, str) else listed_keys(issuer)[:MAX_LISTED_KEYS]
    error = CredentialError("signature.key_not_found", kid=None)
    for url in candidates:
        try:
            key = issuer_key(resolver, url, issuer)
            jose.verify_signature(credential.raw, key, jose.algorithm_for_key(key, algorithm))
        except CredentialError as failure:
            error = failure
            continue
        status = _revocation_list_entries(issuer, credential.id)
        verified = _completed(credential, credential.claims, badge, issuer, status)
        return verified, KeyDetails(kid=url, algorithm=algorithm, method="CryptographicKey")
    raise error


def _revocation_list_entries(issuer: dict[str, Any], assertion_id: str) -> tuple[dict, ...]:
    url = issuer.get("revocationList")
    if not isinstance(url, str):
        return ()
    return ({"type": REVOCATION_LIST_ENTRY, "id": url, "assertion": assertion_id},)


def _completed(
    credential: Credential,
    assertion: dict[str, Any],
    badge: dict[str, Any],
    issuer: dict[str, Any],
    status_entries: tuple[dict[str, Any], ...],
) -> Credential:
    """The credential with its badge class and issuer profile in place of their links."""
    document = {**assertion, "badge": {**badge, "issuer": issuer}}
    return _credential(credential.raw, credential.header, document, status_entries, assertion)


def _credential(
    token: str,
    header: dict[str, Any],
    document: dict[str, Any],
    status_entries: tuple[dict[str, Any], ...],
    signed: dict[str, Any] | None = None,
) -> Credential:
    issuer = _embedded_issuer(document)
    valid_from, valid_until = (
        _date(document[field], field) if field in document else None
        for field in ("issuedOn", "expires")
    )
    if valid_from and valid_until and valid_from > valid_until:
        raise CredentialError("format.bad_date", field="expires")
    return Credential(
        raw=token,
        shape=Shape.OB2,
        header=header,
        claims=document if signed is None else signed,
        document=document,
        id=document.get("id") if isinstance(document.get("id"), str) else None,
        types=tuple(_strings(document.get("type"))),
        issuer_id=str(issuer.get("id") or ""),  # "" until the badge class is fetched
        issuer_name=_text(issuer.get("name")),
        subject_id=None,  # a recipient is an e-mail address or similar, never a wallet's key
        valid_from=valid_from,
        valid_until=valid_until,
        status_entries=status_entries,
    )


def _embedded_issuer(document: dict[str, Any]) -> dict[str, Any]:
    badge = document.get("badge")
    issuer = badge.get("issuer") if isinstance(badge, dict) else None
    if isinstance(issuer, str):
        return {"id": issuer}
    return issuer if isinstance(issuer, dict) else {}


def _verification_type(document: dict[str, Any]) -> Any:
    verification = document.get("verification")
    return verification.get("type") if isinstance(verification, dict) else None


def _award(assertion: dict[str, Any]) -> list[Any]:
    return [assertion.get(member) for member in _AWARD_MEMBERS]


def _date(value: Any, field: str):
    """An OB 2.0 DateTime: ISO 8601 with a time zone, or a Unix timestamp."""
    if isinstance(value, int) and not isinstance(value, bool):
        return numeric_date(value, field)
    return parse_datetime(value, field)


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [item for item in values if isinstance(item, str)]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
