"""Throwaway issuers, sample credentials and a loopback did:web server for tests.

Importable from any test folder as ``support.issuers`` (pytest puts ``tests/`` on sys.path
because ``tests/conftest.py`` is not inside a package).

- ``did_key_issuer(kind)``, ``did_jwk_issuer(kind)``, ``did_web_issuer(server, kind)``: an
  ``Issuer`` with a private key, its DID and the kid to sign with; ``issuer.issue(...)`` signs.
- ``achievement_credential(issuer_id, ...)``: an OB 3.0 AchievementCredential (VCDM 2.0) from
  Skellefteå kommun; ``vcdm11_credential(issuer_id, ...)``: the same facts in VCDM 1.1.
- ``forge_token(header, payload, ...)``: a compact JWS from raw parts, for hostile tests.
- ``LoopbackServer``: http.server on 127.0.0.1 in a thread, serving canned responses.
- ``status_entry(list_url, index, ...)``: a credentialStatus entry; ``status_list_token(issuer,
  list_url, set_bits=...)`` a signed BitstringStatusListCredential; ``publish_status_list(server,
  path, issuer, ...)`` serves one on the loopback server and returns its URL.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import functools
import hashlib
import hmac
import http.server
import json
import threading
import time
from typing import Any

from jwt.algorithms import get_default_algorithms

from wallet.credentials import Shape
from wallet.credentials import did_jwk
from wallet.credentials import did_key
from wallet.credentials import encode_status_list
from wallet.credentials import generate_private_key
from wallet.credentials import issue_credential
from wallet.credentials import new_bitstring
from wallet.credentials import public_jwk
from wallet.credentials import set_bit
from wallet.credentials import status_list_credential
from wallet.credentials.jose import b64url_encode

NOW = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.timezone.utc)
VALID_FROM = "2025-01-15T09:00:00Z"
VALID_UNTIL = "2030-01-15T09:00:00Z"
LEARNER_DID = "did:example:anna-andersson"
VCDM_V2 = "https://www.w3.org/ns/credentials/v2"
VCDM_V1 = "https://www.w3.org/2018/credentials/v1"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# (key kind, JWS algorithm) pairs the wallet accepts, RFC 9864's "Ed25519" name included.
SIGNATURE_ALGORITHMS = [
    ("Ed25519", "EdDSA"),
    ("Ed25519", "Ed25519"),
    ("P-256", "ES256"),
    ("P-384", "ES384"),
    ("RSA", "RS256"),
    ("RSA", "PS256"),
]
_UNSET: Any = object()


def private_key(kind: str = "Ed25519", slot: int = 0) -> Any:
    """A key per (kind, slot), generated once per test session (RSA is slow to make)."""
    return _cached_key(kind, slot)


@functools.cache
def _cached_key(kind: str, slot: int) -> Any:
    return generate_private_key(kind)


@dataclasses.dataclass(frozen=True)
class Issuer:
    """A test issuer: its private key, DID and the kid its tokens carry."""

    key: Any
    did: str
    kid: str | None

    def credential(self, **changes: Any) -> dict[str, Any]:
        """An AchievementCredential issued by this issuer."""
        return achievement_credential(self.did, **changes)

    def issue(
        self,
        document: dict[str, Any] | None = None,
        *,
        shape: Shape = Shape.OB3_JWT,
        kid: str | None = _UNSET,
        header_jwk: bool = False,
        algorithm: str | None = None,
    ) -> str:
        """Sign ``document`` (default: this issuer's sample credential) in ``shape``."""
        if document is None:
            document = (
                vcdm11_credential(self.did) if shape is Shape.VC_JWT_11 else self.credential()
            )
        return issue_credential(
            document,
            self.key,
            kid=self.kid if kid is _UNSET else kid,
            shape=shape,
            header_jwk=header_jwk,
            algorithm=algorithm,
        )


def did_key_issuer(kind: str = "Ed25519", slot: int = 0) -> Issuer:
    key = private_key(kind, slot)
    did = did_key(key.public_key())
    return Issuer(key, did, f"{did}#{did.removeprefix('did:key:')}")


def did_jwk_issuer(kind: str = "Ed25519", slot: int = 0) -> Issuer:
    key = private_key(kind, slot)
    did = did_jwk(key.public_key())
    return Issuer(key, did, f"{did}#0")


def did_web_issuer(server: LoopbackServer, kind: str = "P-256", path: str = "skelleftea") -> Issuer:
    """An issuer whose did.json is served by ``server`` (insecure-localhost mode only)."""
    key = private_key(kind, 3)
    did = f"did:web:localhost%3A{server.port}:{path}"
    server.serve(f"/{path}/did.json", did_web_document(did, key))
    return Issuer(key, did, f"{did}#key-1")


def did_web_document(did: str, key: Any, purposes: tuple[str, ...] = ("assertionMethod",)) -> dict:
    jwk = public_jwk(key)
    method = {"id": "#key-1", "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": jwk}
    return {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": did,
        "verificationMethod": [method],
        **{purpose: ["#key-1"] for purpose in purposes},
    }


def achievement_credential(
    issuer_id: str,
    *,
    subject_id: str | None = LEARNER_DID,
    valid_from: str | None = VALID_FROM,
    valid_until: str | None = VALID_UNTIL,
    **extra: Any,
) -> dict[str, Any]:
    """An Open Badges 3.0 AchievementCredential in Swedish; ``extra`` adds or replaces members."""
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://kompetens.skelleftea.se/achievements/omvardnadssvenska-1",
            "type": ["Achievement"],
            "achievementType": "MicroCredential",
            "name": "Omvårdnadssvenska, grundnivå",
            "description": "Svenska för vård och omsorg: samtal med vårdtagare och anhöriga.",
            "criteria": {"narrative": "Godkänd muntlig och skriftlig examination."},
            "creditsAvailable": 7.5,
        },
    }
    if subject_id:
        subject["id"] = subject_id
    document: dict[str, Any] = {
        "@context": [VCDM_V2, OB3_CONTEXT],
        "id": "urn:uuid:5b0c7a5e-9d1c-4c8e-9a43-3f0b8f0f2a11",
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": "Omvårdnadssvenska, grundnivå",
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": "Skellefteå kommun"},
        "credentialSubject": subject,
    }
    document |= {"validFrom": valid_from} if valid_from else {}
    document |= {"validUntil": valid_until} if valid_until else {}
    return document | extra


def vcdm11_credential(issuer_id: str, **extra: Any) -> dict[str, Any]:
    """The same achievement as a VCDM 1.1 credential (issuanceDate/expirationDate)."""
    document = achievement_credential(issuer_id, valid_from=None, valid_until=None)
    document["@context"] = [VCDM_V1, OB3_CONTEXT]
    document["issuanceDate"] = VALID_FROM
    document["expirationDate"] = VALID_UNTIL
    return document | extra


def forge_token(
    header: dict[str, Any] | bytes,
    payload: dict[str, Any] | bytes,
    *,
    key: Any = None,
    algorithm: str | None = None,
    hmac_secret: bytes | None = None,
    signature: bytes = b"",
) -> str:
    """A compact JWS from raw parts, signed with ``key``, an HMAC secret, or given bytes."""
    parts = [b64url_encode(_raw_json(part)) for part in (header, payload)]
    signing_input = ".".join(parts).encode("ascii")
    if hmac_secret is not None:
        # Done by hand: PyJWT itself now refuses PEM/JWK-looking HMAC secrets.
        signature = hmac.new(hmac_secret, signing_input, hashlib.sha256).digest()
    elif key is not None:
        signature = get_default_algorithms()[algorithm].sign(signing_input, key)
    return ".".join([*parts, b64url_encode(signature)])


def split_token(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and payload of a compact JWS, decoded without any checks."""
    header, payload, _ = token.split(".")
    return tuple(json.loads(_b64url_decode(part)) for part in (header, payload))  # type: ignore[return-value]


def _b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _raw_json(part: dict[str, Any] | bytes) -> bytes:
    return part if isinstance(part, bytes) else json.dumps(part, ensure_ascii=False).encode("utf-8")


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that hang up early (timeouts, size caps) are what the tests provoke


@dataclasses.dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    delay: float = 0.0


class LoopbackServer:
    """Canned HTTP responses on 127.0.0.1, one thread per request; records the paths asked for."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.accepts: dict[str, str] = {}  # path -> the Accept header it was last asked with
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests.append(self.path)
                server.accepts[self.path] = self.headers.get("Accept", "")
                route = server.routes.get(self.path, Route(404, b"not found"))
                time.sleep(route.delay)
                self.send_response(route.status)
                for name, value in {
                    "Content-Length": str(len(route.body)),
                    **route.headers,
                }.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args: Any) -> None:
                pass  # keep test output clean

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def serve(self, path: str, body: dict | bytes, **route: Any) -> str:
        """Answer GET ``path`` with ``body`` (JSON if a dict); returns the http URL."""
        raw = json.dumps(body).encode("utf-8") if isinstance(body, dict) else body
        self.routes[path] = Route(body=raw, **route)
        return f"http://localhost:{self.port}{path}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def status_entry(
    list_url: str,
    index: int | str,
    purpose: str = "revocation",
    kind: str = "BitstringStatusListEntry",
) -> dict[str, Any]:
    """A credentialStatus entry pointing at entry ``index`` of the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": kind,
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_token(
    issuer: Issuer,
    list_url: str,
    *,
    set_bits: tuple[int, ...] = (),
    purpose: str | list[str] = "revocation",
    encoded: str | None = None,
    valid_from: str = VALID_FROM,
    **options: Any,
) -> str:
    """A BitstringStatusListCredential (vc+jwt) signed by ``issuer``, ``set_bits`` set."""
    bits = new_bitstring()
    for index in set_bits:
        set_bit(bits, index, True)
    encoded = encode_status_list(bits) if encoded is None else encoded
    document = status_list_credential(issuer.did, list_url, purpose, encoded, valid_from, **options)
    return issuer.issue(document, shape=Shape.VC_JOSE_COSE)


def publish_status_list(server: LoopbackServer, path: str, issuer: Issuer, **options: Any) -> str:
    """Serve ``status_list_token(issuer, ...)`` at ``path`` on ``server``; returns the list URL."""
    url = f"http://localhost:{server.port}{path}"
    return server.serve(path, status_list_token(issuer, url, **options).encode("ascii"))
