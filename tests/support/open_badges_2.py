"""An Open Badges 2.0 issuer for tests: its profile, key, badge class and revocation list served
by a ``LoopbackServer``, and assertions of its own, hosted or signed.

``BadgeIssuer.on(server)`` publishes a fresh issuer under its own path (so tests sharing one
server never meet); ``issuer.assertion()`` is an assertion awarded to ``RECIPIENT_EMAIL``
(hashed with a salt); ``issuer.host(assertion)`` serves it at its id and returns its JSON text,
``issuer.sign(assertion)`` returns it as an RS256 (or ES256) JWS naming the issuer's key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
from typing import Any

from cryptography.hazmat.primitives import serialization
from support.issuers import LoopbackServer
from support.issuers import private_key

from wallet.credentials.jose import sign_compact

CONTEXT = "https://w3id.org/openbadges/v2"
RECIPIENT_EMAIL = "anna.andersson@example.se"
SALT = "havssalt"
_numbers = itertools.count()


def hashed_identity(email: str = RECIPIENT_EMAIL, salt: str = SALT) -> str:
    return "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()


def public_pem(key: Any) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@dataclasses.dataclass
class BadgeIssuer:
    server: LoopbackServer
    path: str  # e.g. "/ob2-3": everything of this issuer lives under it
    key: Any
    domain: str = "localhost"

    @classmethod
    def on(cls, server: LoopbackServer, kind: str = "RSA", **profile: Any) -> BadgeIssuer:
        issuer = cls(server, f"/ob2-{next(_numbers)}", private_key(kind, 4))
        issuer.publish(**profile)
        return issuer

    def url(self, name: str, host: str | None = None) -> str:
        return f"http://{host or self.domain}:{self.server.port}{self.path}/{name}"

    @property
    def profile_url(self) -> str:
        return self.url("issuer.json")

    @property
    def key_url(self) -> str:
        return self.url("key.json")

    @property
    def badge_url(self) -> str:
        return self.url("badge.json")

    def serve(self, url: str, body: dict | bytes, **route: Any) -> None:
        self.server.serve(url.split(str(self.server.port), 1)[1], body, **route)

    def publish(self, revoked: tuple[str, ...] = (), **profile: Any) -> None:
        """Serve the profile (``profile`` adds or replaces members), key, badge class and list."""
        self.serve(self.profile_url, self.profile(**profile))
        self.serve(self.key_url, self.key_document())
        self.serve(self.badge_url, self.badge_class())
        revocations = {
            "@context": CONTEXT,
            "id": self.url("revoked.json"),
            "type": "RevocationList",
        }
        self.serve(self.url("revoked.json"), revocations | {"revokedAssertions": list(revoked)})

    def profile(self, **changes: Any) -> dict[str, Any]:
        return {
            "@context": CONTEXT,
            "type": "Issuer",
            "id": self.profile_url,
            "name": "Nordiska Textilakademin",
            "url": "https://textilakademin.example",
            "publicKey": self.key_url,
            "revocationList": self.url("revoked.json"),
        } | changes

    def key_document(self, url: str | None = None) -> dict[str, Any]:
        return {
            "@context": CONTEXT,
            "type": "CryptographicKey",
            "id": url or self.key_url,
            "owner": self.profile_url,
            "publicKeyPem": public_pem(self.key),
        }

    def badge_class(self) -> dict[str, Any]:
        return {
            "@context": CONTEXT,
            "type": "BadgeClass",
            "id": self.badge_url,
            "name": "Lagning av kläder",
            "description": "Lagar sömmar, byter dragkedjor och stoppar hål.",
            "image": "https://textilakademin.example/badges/lagning.png",
            "criteria": {"narrative": "Visat tre lagade plagg för en lärare."},
            "issuer": self.profile_url,
            "tags": ["textil", "hållbarhet"],
            "alignment": [
                {
                    "targetName": "repair garments",
                    "targetUrl": "http://data.europa.eu/esco/skill/0d7a1c8f",
                    "targetFramework": "ESCO",
                }
            ],
        }

    def assertion(self, name: str = "a1", signed: bool = False, **changes: Any) -> dict[str, Any]:
        verification = (
            {"type": "SignedBadge", "creator": self.key_url} if signed else {"type": "HostedBadge"}
        )
        return {
            "@context": CONTEXT,
            "type": "Assertion",
            "id": self.url(f"{name}.json") if not signed else f"urn:uuid:{self.path[1:]}-{name}",
            "recipient": {
                "type": "email",
                "hashed": True,
                "salt": SALT,
                "identity": hashed_identity(),
            },
            "badge": self.badge_url,
            "issuedOn": "2025-03-01T10:00:00Z",
            "verification": verification,
        } | changes

    def host(self, assertion: dict[str, Any], **route: Any) -> str:
        """Serve ``assertion`` at its id; its JSON text as a learner would paste it."""
        text = json.dumps(assertion, ensure_ascii=False)
        self.serve(assertion["id"], text.encode(), **route)
        return text

    def sign(self, assertion: dict[str, Any], algorithm: str = "RS256", key: Any = None) -> str:
        return sign_compact(assertion, key or self.key, algorithm, {"alg": algorithm})
