"""What the demo issuers publish as OpenID4VCI 1.0 Credential Issuers: their identifiers, the
credential configurations they offer, and both metadata documents.

Each demo issuer is its own Credential Issuer at ``<base>/vci/<slug>`` and its own
Authorization Server (no ``authorization_servers``: the pre-authorized code flow needs no
other). Metadata sits at ``/.well-known/openid-credential-issuer`` and
``/.well-known/oauth-authorization-server`` inserted between the host and the path.

The display names are data in both languages at once (a wallet picks its locale), like the
demo issuers' own names, so they are written here rather than translated per request.
"""

from __future__ import annotations

import urllib.parse

from wallet.credentials import algorithm_for
from wallet.credentials.jose import SIGNATURE_ALGORITHMS
from wallet.issuing.demo_issuers import DemoIssuer
from wallet.platform.addresses import base_url

PATH_PREFIX = "/vci/"
MAX_BATCH = 5  # key proofs, so credentials, in one credential request
PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
LEARNING_CREDENTIAL_VCT = "urn:eu.europa.ec.eudi:learning:credential:1"
OPEN_BADGE_JWT = "OpenBadgeCredential_jwt"
LEARNING_CREDENTIAL_SD_JWT = "LearningCredential_sd_jwt"
OPEN_BADGE_LDP = "OpenBadgeCredential_ldp"
CONFIGURATION_IDS = (OPEN_BADGE_JWT, LEARNING_CREDENTIAL_SD_JWT, OPEN_BADGE_LDP)
OB3_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
UNDEFINED_TERMS = "https://www.w3.org/ns/credentials/undefined-terms/v2"
# Every algorithm the core verifies, except ES256K, which no did:key we read uses.
PROOF_ALGORITHMS = sorted(SIGNATURE_ALGORITHMS - {"ES256K"})
CRYPTOSUITES = {"EdDSA": "eddsa-rdfc-2022", "ES256": "ecdsa-rdfc-2019", "ES384": "ecdsa-rdfc-2019"}

_NAMES = {
    OPEN_BADGE_JWT: ("Mikromerit (Open Badges 3.0)", "Micro-credential (Open Badges 3.0)"),
    LEARNING_CREDENTIAL_SD_JWT: ("Lärandeintyg (EU)", "Learning Credential (EU)"),
    OPEN_BADGE_LDP: (
        "Mikromerit (Open Badges 3.0, Data Integrity)",
        "Micro-credential (Open Badges 3.0, Data Integrity)",
    ),
}
# The Learning Credential's claims a wallet shows, each with its Swedish and English label.
LEARNING_CLAIMS = {
    "achievement_title": ("Titel", "Title"),
    "achievement_description": ("Beskrivning", "Description"),
    "issuing_authority": ("Utfärdare", "Issuing authority"),
    "issuing_country": ("Land", "Country"),
    "date_of_issuance": ("Utfärdat", "Date of issuance"),
    "given_name": ("Förnamn", "Given name"),
    "family_name": ("Efternamn", "Family name"),
    "learning_outcomes": ("Läranderesultat", "Learning outcomes"),
    "expected_study_time": ("Studietid", "Expected study time"),
    "type_of_assessment": ("Bedömning", "Assessment"),
    "form_of_participation": ("Deltagande", "Form of participation"),
    "types_of_quality_assurance": ("Kvalitetssäkring", "Quality assurance"),
    "assessment_grade": ("Betyg", "Grade"),
    "language_of_classes": ("Undervisningsspråk", "Language of classes"),
}


def issuer_identifier(slug: str) -> str:
    return f"{base_url()}{PATH_PREFIX}{slug}"


def well_known_url(kind: str, slug: str) -> str:
    """``/.well-known/<kind>`` inserted between the host and the path of the identifier."""
    parts = urllib.parse.urlsplit(issuer_identifier(slug))
    return f"{parts.scheme}://{parts.netloc}/.well-known/{kind}{parts.path}"


def credential_issuer_metadata(issuer: DemoIssuer) -> dict:
    identifier = issuer_identifier(issuer.info.slug)
    return {
        "credential_issuer": identifier,
        "credential_endpoint": f"{identifier}/credential",
        "nonce_endpoint": f"{identifier}/nonce",
        "display": _display(issuer.info.name, issuer.info.name_en or issuer.info.name),
        "batch_credential_issuance": {"batch_size": MAX_BATCH},
        "credential_configurations_supported": {
            configuration_id: configuration(configuration_id, algorithm_for(issuer.key))
            for configuration_id in CONFIGURATION_IDS
        },
    }


def authorization_server_metadata(slug: str) -> dict:
    identifier = issuer_identifier(slug)
    return {
        "issuer": identifier,
        "token_endpoint": f"{identifier}/token",
        "grant_types_supported": [PRE_AUTHORIZED_GRANT],
        "pre-authorized_grant_anonymous_access_supported": True,
        "response_types_supported": [],  # no authorization endpoint (yet)
    }


def configuration(configuration_id: str, signing_algorithm: str) -> dict:
    """One entry of ``credential_configurations_supported``, signed with the issuer's key."""
    common = {
        "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": PROOF_ALGORITHMS}},
        "cryptographic_binding_methods_supported": ["jwk", "did:key", "did:jwk"],
    }
    names = _NAMES[configuration_id]
    if configuration_id == LEARNING_CREDENTIAL_SD_JWT:
        claims = [
            {"path": [name], "display": _display(*labels)}
            for name, labels in LEARNING_CLAIMS.items()
        ]
        return {
            "format": "dc+sd-jwt",
            "vct": LEARNING_CREDENTIAL_VCT,
            "credential_signing_alg_values_supported": [signing_algorithm],
            **common,
            "cryptographic_binding_methods_supported": ["jwk"],
            "credential_metadata": {"display": _display(*names), "claims": claims},
        }
    if configuration_id == OPEN_BADGE_LDP:
        return {
            "format": "ldp_vc",
            "credential_definition": {"@context": [*OB3_CONTEXT, UNDEFINED_TERMS], "type": OB3_TYPES},
            "credential_signing_alg_values_supported": [CRYPTOSUITES[signing_algorithm]],
            **common,
            "credential_metadata": {"display": _display(*names)},
        }
    return {
        "format": "jwt_vc_json",
        "credential_definition": {"type": OB3_TYPES},
        "credential_signing_alg_values_supported": [signing_algorithm],
        **common,
        "credential_metadata": {"display": _display(*names)},
    }


def _display(swedish: str, english: str) -> list[dict]:
    return [{"name": swedish, "locale": "sv"}, {"name": english, "locale": "en"}]
