"""Turn a compact JWS into a normalised Credential, whichever of shapes A, B or C it uses; the
data model's conformance rules (contexts, types, dates, issuer, subjects) that every format's
reader shares. Which reader a credential goes to is ``formats.parse_credential``'s choice."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import math
from typing import Any

from .errors import CredentialError
from .model import Credential
from .model import Shape
from .vc_jwt_11_decoding import without_empty_members

VCDM_V1 = "https://www.w3.org/2018/credentials/v1"
VCDM_V2 = "https://www.w3.org/ns/credentials/v2"
DATE_FIELDS = {VCDM_V1: ("issuanceDate", "expirationDate"), VCDM_V2: ("validFrom", "validUntil")}
_VC_JWT_TYPS = frozenset({"vc+jwt", "vc+ld+jwt", "vc+ld+json+jwt"})
_STATUS_LIST_2021 = "StatusList2021Credential"
_JWT_CLAIMS = frozenset({"iss", "sub", "jti", "nbf", "exp", "iat", "aud", "cnf"})


@dataclasses.dataclass
class _Facts:
    """What the credential says about itself, before and after reconciling the JWT claims."""

    known: dict[str, list[str]]  # "iss"/"sub"/"jti" -> values in the credential
    valid_from: datetime.datetime | None
    valid_until: datetime.datetime | None


def parse_jwt_credential(token: str, header: dict[str, Any], claims: dict[str, Any]) -> Credential:
    """A decoded compact JWS credential, its structure checked and its claims reconciled."""
    shape = detect_shape(header, claims)
    if shape is Shape.VC_JWT_11:
        document = without_empty_members(copy.deepcopy(claims["vc"]), claims)
    else:
        document = {k: copy.deepcopy(v) for k, v in claims.items() if k not in _JWT_CLAIMS}
    version = _check_conformance(document, shape)
    status_list_2021 = version == VCDM_V1 and _STATUS_LIST_2021 in types_of(document)
    facts = _facts(document, version, local_as_utc=status_list_2021)
    if status_list_2021 and isinstance(claims.get("sub"), str):
        # Read as VC-JWT 1.1 decoding says: `sub` sets the subject's id. walt.id names its own
        # DID there; the subject of a list is the list, and nothing is read from its id.
        facts.known["sub"] = [claims["sub"]]
    fill = document if shape is Shape.VC_JWT_11 else None  # only shape A may omit members
    _reconcile_identity(claims, facts, fill)
    _reconcile_dates(claims, facts, shape, fill, version)
    return _credential(token, shape, header, claims, document, facts, version)


def parse_json_credential(raw: str, shape: Shape, document: dict[str, Any]) -> Credential:
    """A credential that is its own JSON document (secured inside it, e.g. by Data Integrity
    proofs): the data model's rules alone, VCDM 1.1 or 2.0; ``claims`` is the document."""
    version = _check_conformance(document, shape)
    facts = _facts(document, version, local_as_utc=False)
    return _credential(raw, shape, {}, document, document, facts, version)


def _credential(
    raw: str,
    shape: Shape,
    header: dict[str, Any],
    claims: dict[str, Any],
    document: dict[str, Any],
    facts: _Facts,
    version: str,
) -> Credential:
    _check_facts(facts, version)
    return Credential(
        raw=raw,
        shape=shape,
        header=header,
        claims=claims,
        document=document,
        id=document.get("id"),
        types=types_of(document),
        issuer_id=facts.known["iss"][0],
        issuer_name=_issuer_name(document),
        subject_id=(facts.known["sub"] or [None])[0],
        valid_from=facts.valid_from,
        valid_until=facts.valid_until,
        status_entries=_status_entries(document),
    )


def _check_facts(facts: _Facts, version: str) -> None:
    if not facts.known["iss"]:
        raise CredentialError("format.not_a_credential", field="issuer")
    if facts.valid_from and facts.valid_until and facts.valid_from > facts.valid_until:
        raise CredentialError("format.bad_date", field=DATE_FIELDS[version][1])


def detect_shape(header: dict[str, Any], claims: dict[str, Any]) -> Shape:
    """Shape A (`vc` claim), B (typ vc+jwt) or C (credential at top level, typ JWT)."""
    typ = header.get("typ", "")
    if not isinstance(typ, str):
        raise CredentialError("format.malformed")
    typ = typ.lower().removeprefix("application/")
    if "vp" in claims or typ.startswith("vp+"):
        raise CredentialError("format.presentation")
    if typ not in _VC_JWT_TYPS | {"", "jwt"} or "_sd_alg" in claims:
        raise CredentialError("format.unsupported_type", feature=typ[:100])
    if "vc" in claims:
        if typ in _VC_JWT_TYPS:
            raise CredentialError("format.claims_mismatch", claim="vc")
        if not isinstance(claims["vc"], dict):
            raise CredentialError("format.not_a_credential", field="vc")
        return Shape.VC_JWT_11
    if "@context" not in claims and "type" not in claims:
        raise CredentialError("format.not_a_credential", field="@context")
    return Shape.VC_JOSE_COSE if typ in _VC_JWT_TYPS else Shape.OB3_JWT


def _check_conformance(document: dict[str, Any], shape: Shape) -> str:
    """The data model version, after checking @context and type; shapes B and C need VCDM 2.0
    (shape A and Data Integrity credentials may be VCDM 1.1)."""
    context = document.get("@context")
    contexts = [context] if isinstance(context, str) else context
    if not isinstance(contexts, list) or not all(isinstance(c, str) for c in contexts):
        raise CredentialError("format.not_a_credential", field="@context")
    version = contexts[0] if contexts else None
    either_version = shape in (Shape.VC_JWT_11, Shape.DATA_INTEGRITY)
    if version not in DATE_FIELDS or (not either_version and version != VCDM_V2):
        raise CredentialError("format.not_a_credential", field="@context")
    if "VerifiableCredential" not in types_of(document):
        raise CredentialError("format.not_a_credential", field="type")
    return version


def types_of(document: dict[str, Any]) -> tuple[str, ...]:
    """The credential's `type` as a tuple of strings."""
    types = document.get("type")
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise CredentialError("format.not_a_credential", field="type")
    return tuple(types)


def issuer_id_of(document: dict[str, Any]) -> str | None:
    """The issuer's id, whether `issuer` is a string or an object."""
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id is not None and not isinstance(issuer_id, str):
        raise CredentialError("format.not_a_credential", field="issuer")
    return issuer_id


def subject_ids_of(document: dict[str, Any]) -> list[str]:
    """Ids of the credential subjects (one object or an array of them)."""
    subject = document.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    if not subjects or not all(isinstance(s, dict) for s in subjects):
        raise CredentialError("format.not_a_credential", field="credentialSubject")
    ids = [s["id"] for s in subjects if "id" in s]
    if not all(isinstance(i, str) for i in ids):
        raise CredentialError("format.not_a_credential", field="credentialSubject")
    return ids


def parse_datetime(value: Any, field: str, local_as_utc: bool = False) -> datetime.datetime:
    """An XML Schema dateTimeStamp: an ISO 8601 date-time that must carry a timezone.

    With ``local_as_utc`` an xsd:dateTime without one is read as UTC.
    """
    try:
        moment = datetime.datetime.fromisoformat(value)
        if moment.tzinfo is None and local_as_utc:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
        if moment.tzinfo is None:
            raise ValueError("no timezone")
        return moment.astimezone(datetime.timezone.utc)
    except (TypeError, ValueError, OverflowError) as error:
        raise CredentialError("format.bad_date", field=field) from error


def numeric_date(value: Any, claim: str) -> datetime.datetime:
    """A JWT NumericDate (integer or fractional seconds since the epoch); strings are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CredentialError("format.bad_date", field=claim)
    try:
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    except (OverflowError, ValueError, OSError) as error:
        raise CredentialError("format.bad_date", field=claim) from error


def _facts(document: dict[str, Any], version: str, local_as_utc: bool) -> _Facts:
    if not isinstance(document.get("id", ""), str):
        raise CredentialError("format.not_a_credential", field="id")
    issuer_id = issuer_id_of(document)
    start, end = (
        parse_datetime(document[field], field, local_as_utc) if field in document else None
        for field in DATE_FIELDS[version]
    )
    known = {"iss": [issuer_id], "sub": subject_ids_of(document), "jti": [document.get("id")]}
    return _Facts({k: [v for v in values if v] for k, values in known.items()}, start, end)


def _reconcile_identity(claims: dict[str, Any], facts: _Facts, fill: dict[str, Any] | None) -> None:
    """iss/sub/jti must name what the credential names; shape A may carry them only as claims."""
    for claim, known in facts.known.items():
        value = claims.get(claim)
        if value is None:
            continue
        if (
            not isinstance(value, str)
            or (known and value not in known)
            or (not known and fill is None)
        ):
            raise CredentialError("format.claims_mismatch", claim=claim)
        if not known:
            known.append(value)
            _fill_identity(fill, claim, value)


def _fill_identity(document: dict[str, Any], claim: str, value: str) -> None:
    if claim == "jti":
        document["id"] = value
    elif claim == "iss" and isinstance(document.get("issuer"), dict):
        document["issuer"]["id"] = value
    elif claim == "iss":
        document["issuer"] = value
    elif isinstance(document["credentialSubject"], dict):
        document["credentialSubject"]["id"] = value


def _reconcile_dates(
    claims: dict[str, Any], facts: _Facts, shape: Shape, fill: dict[str, Any] | None, version: str
) -> None:
    """nbf/exp must equal the credential's dates (A, C); in B they only narrow the window."""
    for claim, field in zip(("nbf", "exp"), DATE_FIELDS[version], strict=True):
        if claim not in claims:
            continue
        moment = numeric_date(claims[claim], claim)
        current = facts.valid_from if claim == "nbf" else facts.valid_until
        if current is None and fill is not None:
            fill[field] = moment.isoformat().replace("+00:00", "Z")
        elif current is not None and shape is Shape.VC_JOSE_COSE:
            moment = max(moment, current) if claim == "nbf" else min(moment, current)
        elif current is not None:
            # NumericDates are whole seconds in practice; the credential may carry fractions.
            if math.floor(current.timestamp()) != math.floor(moment.timestamp()):
                raise CredentialError("format.claims_mismatch", claim=claim)
            moment = current
        if claim == "nbf":
            facts.valid_from = moment
        else:
            facts.valid_until = moment


def _status_entries(document: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    status = document.get("credentialStatus")
    entries = [] if status is None else status if isinstance(status, list) else [status]
    if not all(isinstance(entry, dict) for entry in entries):
        raise CredentialError("format.not_a_credential", field="credentialStatus")
    return tuple(entries)


def _issuer_name(document: dict[str, Any]) -> str | None:
    issuer = document["issuer"]
    return _text(issuer.get("name")) if isinstance(issuer, dict) else None


def _text(value: Any) -> str | None:
    """A plain string from a string, a value object or a language map (first entry wins)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        value = value.get("@value") if "@value" in value else next(iter(value.values()), None)
        return value if isinstance(value, str) else None
    if isinstance(value, list) and value:
        return _text(value[0])
    return None
