"""A software authenticator for WebAuthn tests without a browser: it answers the site's
options as a phone would (P-256 keys, "none" attestation, discoverable, user verified).

``Authenticator(origin)`` keeps the passkeys it made; ``create(options)`` answers creation
options (the JSON the site sent, as a dict) and ``get(options)`` request options, each with
the credential's JSON as ``PublicKeyCredential.toJSON()`` gives it. ``user_verified=False`` or
another ``origin`` make answers the site must refuse; ``rewind(credential_id)`` sets a
passkey's counter back, as a copied key would.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import secrets
import urllib.parse

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

USER_PRESENT, USER_VERIFIED, ATTESTED = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclasses.dataclass
class StoredKey:
    key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: str
    counter: int = 0


@dataclasses.dataclass
class Authenticator:
    origin: str
    user_verified: bool = True
    keys: dict[str, StoredKey] = dataclasses.field(default_factory=dict)

    def create(self, options: dict) -> dict:
        rp_id = options["rp"]["id"]
        credential_id = secrets.token_bytes(16)
        key = ec.generate_private_key(ec.SECP256R1())
        self.keys[b64url(credential_id)] = StoredKey(key, rp_id, options["user"]["id"])
        numbers = key.public_key().public_numbers()
        cose_key = cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"),
                                -3: numbers.y.to_bytes(32, "big")})
        attested = bytes(16) + len(credential_id).to_bytes(2, "big") + credential_id + cose_key
        data = self._authenticator_data(rp_id, ATTESTED, 0) + attested
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": data})
        client_data = self._client_data("webauthn.create", options["challenge"])
        return self._credential(credential_id, {
            "clientDataJSON": b64url(client_data), "attestationObject": b64url(attestation),
            "transports": ["internal"],
        })

    def get(self, options: dict, credential_id: str | None = None) -> dict:
        """Answer with the passkey ``credential_id``, else the only one this site has."""
        if credential_id is None:
            [credential_id] = [cid for cid, stored in self.keys.items()
                               if stored.rp_id == options["rpId"]]
        stored = self.keys[credential_id]
        stored.counter += 1
        data = self._authenticator_data(stored.rp_id, 0, stored.counter)
        client_data = self._client_data("webauthn.get", options["challenge"])
        signed = data + hashlib.sha256(client_data).digest()
        signature = stored.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return self._credential(unb64url(credential_id), {
            "clientDataJSON": b64url(client_data), "authenticatorData": b64url(data),
            "signature": b64url(signature), "userHandle": stored.user_handle,
        })

    def rewind(self, credential_id: str) -> None:
        self.keys[credential_id].counter = 0

    def _authenticator_data(self, rp_id: str, extra_flags: int, counter: int) -> bytes:
        flags = USER_PRESENT | (USER_VERIFIED if self.user_verified else 0) | extra_flags
        rp_hash = hashlib.sha256(rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + counter.to_bytes(4, "big")

    def _client_data(self, kind: str, challenge: str) -> bytes:
        data = {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        return json.dumps(data).encode()

    def _credential(self, credential_id: bytes, response: dict) -> dict:
        return {"id": b64url(credential_id), "rawId": b64url(credential_id), "type": "public-key",
                "response": response, "clientExtensionResults": {},
                "authenticatorAttachment": "platform"}


def origin_of(base_url: str) -> str:
    address = urllib.parse.urlsplit(base_url)
    return f"{address.scheme}://{address.netloc}"
