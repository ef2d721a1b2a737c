"""The verifier's request (OpenID4VP 1.0): what the portal asks a wallet for, signed by the portal.

``new_request`` makes a ``VerifierRequest`` (fresh nonce and state, a short life, its own key
for the encrypted answer); ``sign_request_object`` turns it into the request object a wallet
fetches at ``request_uri`` (JAR, RFC 9101, ``typ: oauth-authz-req+jwt``); ``request_link`` is
the link behind the QR code and the same-device button. ``answer.read_answer`` reads the answer.

The client identifier says how a wallet authenticates the portal: ``decentralized_identifier:``
with the portal's DID (the request signed with a key of that DID, ``kid`` its DID URL), or
``x509_san_dns:`` with the portal's host when a certificate for it is configured (``x5c``).
"""

from __future__ import annotations

import dataclasses
import datetime
import secrets
import urllib.parse
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any

from .. import cryptosuites
from .. import jose
from ..signing import sign_jws
from .encrypted_answer import CONTENT_ENCRYPTIONS
from .encrypted_answer import encryption_jwks
from .encrypted_answer import new_decryption_key

REQUEST_TYPE = "oauth-authz-req+jwt"
# The request object's audience when the wallet is not known in advance (section 5.8).
STATIC_AUDIENCE = "https://self-issued.me/v2"
DIRECT_POST = "direct_post"
DIRECT_POST_JWT = "direct_post.jwt"
DID_PREFIX = "decentralized_identifier:"
X509_DNS_PREFIX = "x509_san_dns:"
# Long enough to scan the code and choose in the wallet; a late answer is refused.
REQUEST_LIFETIME = datetime.timedelta(minutes=10)
_RANDOM_BYTES = 32  # nonce and state: 256 random bits each (the specification asks for 128)
_ALGORITHMS = sorted(jose.SIGNATURE_ALGORITHMS)
_VP_FORMATS = {
    "dc+sd-jwt": {"sd-jwt_alg_values": _ALGORITHMS, "kb-jwt_alg_values": _ALGORITHMS},
    "jwt_vc_json": {"alg_values": _ALGORITHMS},
    "ldp_vc": {
        "proof_type_values": [
            cryptosuites.DATA_INTEGRITY_PROOF, cryptosuites.ED25519_SIGNATURE_2020,
        ],
        "cryptosuite_values": sorted(cryptosuites.SUITES),
    },
}


@dataclasses.dataclass(frozen=True)
class VerifierRequest:
    """One ask, as the portal keeps it until it is answered or expires.

    Plain data only (``decryption_key`` is a private JWK), so ``as_record`` can be stored.
    """

    client_id: str  # with its prefix: the audience every presentation must name
    response_uri: str
    dcql_query: dict[str, Any]
    nonce: str
    state: str
    created_at: datetime.datetime
    expires_at: datetime.datetime
    decryption_key: dict[str, Any]
    # Issuers the employer named (DCQL cannot say it): checked on the answer; empty for any.
    issuers: tuple[str, ...] = ()
    response_mode: str = DIRECT_POST_JWT

    def as_record(self) -> dict[str, Any]:
        record = dataclasses.asdict(self)
        record |= {"created_at": self.created_at.isoformat(), "issuers": list(self.issuers)}
        return record | {"expires_at": self.expires_at.isoformat()}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> VerifierRequest:
        moments = {
            name: datetime.datetime.fromisoformat(record[name])
            for name in ("created_at", "expires_at")
        }
        return cls(**{**record, **moments, "issuers": tuple(record.get("issuers", ()))})


def new_request(
    client_id: str,
    response_uri: str,
    dcql_query: dict[str, Any],
    now: datetime.datetime,
    *,
    issuers: Iterable[str] = (),
    lifetime: datetime.timedelta = REQUEST_LIFETIME,
    response_mode: str = DIRECT_POST_JWT,
) -> VerifierRequest:
    """A request with a fresh nonce, state and answer key, expiring ``lifetime`` after ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if response_mode not in (DIRECT_POST, DIRECT_POST_JWT):
        raise ValueError(f"response_mode must be {DIRECT_POST} or {DIRECT_POST_JWT}")
    return VerifierRequest(
        client_id=client_id,
        response_uri=response_uri,
        dcql_query=dcql_query,
        nonce=secrets.token_urlsafe(_RANDOM_BYTES),
        state=secrets.token_urlsafe(_RANDOM_BYTES),
        created_at=now,
        expires_at=now + lifetime,
        decryption_key=new_decryption_key(),
        issuers=tuple(issuers),
        response_mode=response_mode,
    )


def did_client_id(did: str) -> str:
    return DID_PREFIX + did


def x509_client_id(host: str) -> str:
    return X509_DNS_PREFIX + host


def sign_request_object(
    request: VerifierRequest,
    signing_key: Any,
    *,
    kid: str | None = None,
    x5c: Sequence[str] | None = None,
    client_name: str | None = None,
) -> str:
    """The request object for ``request``, signed with the portal's key; ``client_name`` is
    the name the wallet may show beside the confirmed identifier (a DID says little to people).

    ``kid`` (a DID URL of the client's DID) for a ``decentralized_identifier:`` client, ``x5c``
    (base64 DER, the certificate naming the host first) for an ``x509_san_dns:`` one.
    """
    headers: dict[str, Any] = {"typ": REQUEST_TYPE}
    if request.client_id.startswith(DID_PREFIX):
        did = request.client_id.removeprefix(DID_PREFIX)
        if not kid or kid.partition("#")[0] != did or "#" not in kid:
            raise ValueError("kid must be a DID URL of the client's DID")
        headers["kid"] = kid
    elif request.client_id.startswith(X509_DNS_PREFIX):
        if not x5c:
            raise ValueError("an x509_san_dns client signs with its certificate chain (x5c)")
        headers["x5c"] = list(x5c)
    else:
        raise ValueError("client_id must be decentralized_identifier: or x509_san_dns:")
    return sign_jws(request_claims(request, client_name), signing_key, headers)


def request_claims(request: VerifierRequest, client_name: str | None = None) -> dict[str, Any]:
    """The request object's claims: the OpenID4VP parameters, its audience and its life."""
    return {
        "client_id": request.client_id,
        "aud": STATIC_AUDIENCE,
        "response_type": "vp_token",
        "response_mode": request.response_mode,
        "response_uri": request.response_uri,
        "nonce": request.nonce,
        "state": request.state,
        "dcql_query": request.dcql_query,
        "client_metadata": client_metadata(request, client_name),
        "iat": int(request.created_at.timestamp()),
        "exp": int(request.expires_at.timestamp()),
    }


def client_metadata(request: VerifierRequest, client_name: str | None = None) -> dict[str, Any]:
    """What the wallet needs of the portal: the formats it reads, its name (RFC 7591
    ``client_name``) and, for an encrypted answer, the key and content encryptions to use."""
    formats = {query.get("format") for query in request.dcql_query.get("credentials", [])}
    asked = sorted(formats & _VP_FORMATS.keys())
    metadata: dict[str, Any] = {"vp_formats_supported": {name: _VP_FORMATS[name] for name in asked}}
    if client_name:
        metadata["client_name"] = client_name
    if request.response_mode == DIRECT_POST_JWT:
        metadata["jwks"] = encryption_jwks(request.decryption_key)
        metadata["encrypted_response_enc_values_supported"] = list(CONTENT_ENCRYPTIONS)
    return metadata


def request_link(client_id: str, request_uri: str, scheme: str = "openid4vp://") -> str:
    """The by-reference link for the QR code and the same-device button (section 5.7)."""
    query = urllib.parse.urlencode({"client_id": client_id, "request_uri": request_uri})
    return f"{scheme}?{query}"
