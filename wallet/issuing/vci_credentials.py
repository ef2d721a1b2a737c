"""The credentials an offer's claims become, in each offered format, bound to the holder's key.

The offer keeps one Open Badges 3.0 document (what ``flask issuer sign`` takes). For
``jwt_vc_json`` and ``ldp_vc`` it is signed as it is, naming the holder's DID as the subject;
for ``dc+sd-jwt`` its facts are carried over to the EU Learning Credential's claims
(``wallet/credentials/display/sd_jwt_vc.py`` reads them back), the personal and detailed ones
selectively disclosable, bound by ``cnf.jwk``.

Every credential gets a new id and an index on the issuer's status lists, recorded like the
demo's, so the issuing desk and ``flask issuer revoke`` can revoke or suspend it: a W3C one as
Bitstring Status List entries, the SD-JWT VC as its ``status`` claim (never concealed) on the
issuer's IETF Token Status List, which is made from the same lists.
"""

from __future__ import annotations

import copy
import datetime
import uuid
from typing import Any

from wallet.credentials import CredentialError
from wallet.credentials import Shape
from wallet.credentials import algorithm_for
from wallet.credentials import issue_credential
from wallet.credentials.data_integrity import add_proof
from wallet.credentials.issuance_proofs import HolderKey
from wallet.credentials.parse import parse_datetime
from wallet.credentials.sd_jwt_issuing import issue_sd_jwt_vc
from wallet.issuing import vci_metadata
from wallet.issuing.demo_issuers import DemoIssuer
from wallet.issuing.status_lists import TOKEN
from wallet.issuing.status_lists import allocate_index
from wallet.issuing.status_lists import list_url
from wallet.issuing.status_lists import with_status
from wallet.platform import clock

# The Learning Credential's claims a holder may keep back when presenting it.
DISCLOSABLE = (
    "given_name", "family_name", "learning_outcomes", "expected_study_time",
    "type_of_assessment", "form_of_participation", "types_of_quality_assurance",
    "assessment_grade",
)


def issue(
    issuer: DemoIssuer, configuration_id: str, document: dict, holder: HolderKey,
    credential_id: str | None = None,
) -> Any:
    """One credential of the configuration for ``holder``: a JWT, an SD-JWT or a JSON object,
    on the issuer's status lists as ``credential_id`` (a new one if None)."""
    if configuration_id == vci_metadata.LEARNING_CREDENTIAL_SD_JWT:
        claims = learning_claims(issuer, document)
        claims["status"] = token_status(issuer, credential_id or new_credential_id())
        return issue_sd_jwt_vc(
            claims,
            DISCLOSABLE,
            issuer.key,
            kid=issuer.kid,
            holder_jwk=holder.jwk,
            algorithm=algorithm_for(issuer.key),
        )
    body = with_status(issuer, w3c_document(issuer, document, holder.did, credential_id))
    if configuration_id == vci_metadata.OPEN_BADGE_LDP:
        suite = vci_metadata.CRYPTOSUITES[algorithm_for(issuer.key)]
        body = with_undefined_terms(body)
        return add_proof(body, issuer.key, issuer.kid, suite, created=_now_text())
    return issue_credential(body, issuer.key, kid=issuer.kid, shape=Shape.OB3_JWT)


def w3c_document(
    issuer: DemoIssuer, document: dict, holder_did: str, credential_id: str | None = None
) -> dict:
    """The offered document from this issuer, about the holder, with an id of its own."""
    body = copy.deepcopy(document)
    stated = body.get("issuer") if isinstance(body.get("issuer"), dict) else {}
    body["issuer"] = {**stated, **issuer.profile()}
    # Each credential of a batch is revoked on its own.
    body["id"] = credential_id or new_credential_id()
    body.setdefault("validFrom", _now_text())
    subject = body.get("credentialSubject")
    body["credentialSubject"] = {**(subject if isinstance(subject, dict) else {}), "id": holder_did}
    return body


def new_credential_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def token_status(issuer: DemoIssuer, credential_id: str) -> dict:
    """The SD-JWT VC's ``status`` claim: its entry on the issuer's Token Status List."""
    slug = issuer.info.slug
    index = allocate_index(slug, credential_id)
    return {"status_list": {"idx": index, "uri": list_url(slug, TOKEN)}}


def with_undefined_terms(document: dict) -> dict:
    """The document with VCDM 2.0's context for issuer-defined terms, which Data Integrity
    needs to sign the EU facts (ECTS, learningOutcomes, …) that Open Badges defines no term for.
    """
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    if vci_metadata.UNDEFINED_TERMS in contexts:
        return document
    return {**document, "@context": [*contexts, vci_metadata.UNDEFINED_TERMS]}


def learning_claims(issuer: DemoIssuer, document: dict) -> dict:
    """The EU Learning Credential's claims for the facts the Open Badges document states."""
    subject = _object(document.get("credentialSubject"))
    achievement = _object(subject.get("achievement"))
    now = clock.now()
    issued = _moment(document.get("validFrom")) or now
    claims: dict[str, Any] = {
        "iss": issuer.did,
        "vct": vci_metadata.LEARNING_CREDENTIAL_VCT,
        "iat": int(now.timestamp()),
        "issuing_authority": issuer.info.name,
        "issuing_country": "SE",
        "date_of_issuance": issued.date().isoformat(),
        "achievement_title": achievement.get("name") or document.get("name"),
        "achievement_description": achievement.get("description"),
        **_learner_name(subject),
        "learning_outcomes": achievement.get("learningOutcomes"),
        "expected_study_time": _hours(achievement.get("workloadHours")),
        "type_of_assessment": _typed(achievement.get("assessmentType")),
        "form_of_participation": achievement.get("participationType"),
        "types_of_quality_assurance": _listed(achievement.get("qualityAssurance")),
        "assessment_grade": _grade(subject.get("result")),
        "language_of_classes": _listed(achievement.get("inLanguage")),
    }
    until = _moment(document.get("validUntil"))
    if until is not None:
        claims["exp"] = int(until.timestamp())
    return {name: value for name, value in claims.items() if value not in (None, "", [])}


def _learner_name(subject: dict) -> dict:
    """given_name and family_name from the subject's plain name identifier, if it has one."""
    identifiers = subject.get("identifier")
    identifiers = identifiers if isinstance(identifiers, list) else []
    names = [
        i.get("identityHash") for i in identifiers
        if isinstance(i, dict) and i.get("identityType") == "name" and not i.get("hashed")
    ]
    if not names or not isinstance(names[0], str) or not names[0].strip():
        return {}
    given, _, family = names[0].strip().partition(" ")
    return {"given_name": given, "family_name": family or None}


def _grade(results: Any) -> str | None:
    """The first result's value (the desk's grade), as the Learning Credential's grade."""
    first = results[0] if isinstance(results, list) and results else None
    value = first.get("value") if isinstance(first, dict) else None
    return value if isinstance(value, str) else None


def _object(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _hours(value: Any) -> str | None:
    is_number = isinstance(value, int | float) and not isinstance(value, bool) and value > 0
    return f"PT{value:g}H" if is_number else None


def _typed(value: Any) -> dict | None:
    return {"type": value} if isinstance(value, str) and value else None


def _listed(value: Any) -> list | None:
    if isinstance(value, list):
        return value or None
    return [value] if isinstance(value, str) and value else None


def _moment(value: Any) -> datetime.datetime | None:
    try:
        return parse_datetime(value, "validFrom") if isinstance(value, str) else None
    except CredentialError:
        return None


def _now_text() -> str:
    return clock.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")
