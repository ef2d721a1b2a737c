"""The Data Integrity cryptosuites we check, each as its W3C specification defines it.

``eddsa-rdfc-2022`` and ``eddsa-jcs-2022`` (VC-DI-EdDSA), ``ecdsa-rdfc-2019`` and
``ecdsa-jcs-2019`` (VC-DI-ECDSA) and the CCG's ``Ed25519Signature2020`` all sign the same
thing: the hash of the canonical proof configuration followed by the hash of the canonical
document without its proof. They differ in the canonical form (RDFC-1.0 or JCS), the hash
(SHA-256, or SHA-384 for a P-384 key) and the key. ``eddsa-2022`` is the name the EdDSA
specification gave eddsa-rdfc-2022 in its 2022-2023 drafts: the same algorithm, still met in
1EdTech's examples.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from . import canonical
from .did import base58btc_decode
from .did import base58btc_encode
from .errors import CredentialError
from .jsonld_contexts import ContextLibrary

DATA_INTEGRITY_PROOF = "DataIntegrityProof"
ED25519_SIGNATURE_2020 = "Ed25519Signature2020"
# The hash and signature size of each ECDSA curve the suites allow.
_EC_CURVES = {"secp256r1": ("sha256", 32), "secp384r1": ("sha384", 48)}


@dataclasses.dataclass(frozen=True)
class Cryptosuite:
    name: str
    canonical_form: str  # "rdfc" or "jcs"
    key_kind: type  # the public key class it verifies with


_EDDSA = ed25519.Ed25519PublicKey
_ECDSA = ec.EllipticCurvePublicKey
SUITES = {
    "eddsa-rdfc-2022": Cryptosuite("eddsa-rdfc-2022", "rdfc", _EDDSA),
    "eddsa-2022": Cryptosuite("eddsa-2022", "rdfc", _EDDSA),
    "eddsa-jcs-2022": Cryptosuite("eddsa-jcs-2022", "jcs", _EDDSA),
    "ecdsa-rdfc-2019": Cryptosuite("ecdsa-rdfc-2019", "rdfc", _ECDSA),
    "ecdsa-jcs-2019": Cryptosuite("ecdsa-jcs-2019", "jcs", _ECDSA),
}
_LEGACY = {ED25519_SIGNATURE_2020: Cryptosuite(ED25519_SIGNATURE_2020, "rdfc", _EDDSA)}


def suite_of(proof: dict[str, Any]) -> Cryptosuite | None:
    """The cryptosuite a proof names, or None when it is one we do not check."""
    kind, name = proof.get("type"), proof.get("cryptosuite")
    if kind == DATA_INTEGRITY_PROOF:
        return SUITES.get(name) if isinstance(name, str) else None
    return _LEGACY.get(kind) if isinstance(kind, str) else None


class SignedData:
    """The canonical forms a document's proofs sign, the document's worked out once."""

    def __init__(self, unsecured: dict[str, Any], contexts: ContextLibrary) -> None:
        self.unsecured = unsecured
        self.contexts = contexts
        self._documents: dict[str, bytes] = {}

    def canonical(self, suite: Cryptosuite, proof_options: dict[str, Any]) -> tuple[bytes, bytes]:
        """The canonical proof configuration and the canonical document without proof."""
        config = dict(proof_options)
        if "@context" in self.unsecured:
            config = {"@context": self.unsecured["@context"], **proof_options}
        canonical_config = self._canonicalize(suite, config)
        document = self._documents.get(suite.canonical_form)
        if document is None:
            document = self._canonicalize(suite, self.unsecured)
            self._documents[suite.canonical_form] = document
        return canonical_config, document

    def _canonicalize(self, suite: Cryptosuite, document: dict[str, Any]) -> bytes:
        if suite.canonical_form == "jcs":
            return canonical.jcs(document)
        return canonical.rdfc_of_signed_terms(document, self.contexts)


def signing_input(key: Any, canonical_config: bytes, canonical_document: bytes) -> bytes:
    """hash(proof configuration) || hash(document): SHA-384 for P-384 keys, else SHA-256."""
    hash_name = _ec_curve(key)[0] if isinstance(key, ec.EllipticCurvePublicKey) else "sha256"
    return b"".join(
        hashlib.new(hash_name, part).digest() for part in (canonical_config, canonical_document)
    )


def check_proof_value(suite: Cryptosuite, key: Any, data: bytes, proof_value: Any) -> None:
    """Verify a multibase (base58btc) proofValue over ``data``; signature.invalid if it fails."""
    if not isinstance(key, suite.key_kind):
        raise CredentialError("signature.invalid", reason="key_type")
    signature = _multibase_bytes(proof_value)
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, data)
        else:
            hash_name, size = _ec_curve(key)
            if len(signature) != 2 * size:
                raise InvalidSignature
            r, s = (int.from_bytes(signature[i : i + size], "big") for i in (0, size))
            key.verify(encode_dss_signature(r, s), data, _ecdsa(hash_name))
    except InvalidSignature as error:
        raise CredentialError("signature.invalid") from error


def sign_proof_value(private_key: Any, data: bytes) -> str:
    """The multibase proofValue of ``data`` signed with an Ed25519 or P-256/P-384 key."""
    if isinstance(private_key, ed25519.Ed25519PrivateKey):
        signature = private_key.sign(data)
    else:
        hash_name, size = _ec_curve(private_key.public_key())
        r, s = decode_dss_signature(private_key.sign(data, _ecdsa(hash_name)))
        signature = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    return "z" + base58btc_encode(signature)


def _ecdsa(hash_name: str) -> ec.ECDSA:
    return ec.ECDSA(hashes.SHA256() if hash_name == "sha256" else hashes.SHA384())


def _ec_curve(key: Any) -> tuple[str, int]:
    curve = _EC_CURVES.get(key.curve.name)
    if curve is None:
        raise CredentialError("signature.invalid", reason="key_type")
    return curve


def _multibase_bytes(value: Any) -> bytes:
    if not isinstance(value, str) or not value.startswith("z") or len(value) > 512:
        raise CredentialError("signature.invalid", reason="proof_value")
    try:
        return base58btc_decode(value[1:])
    except ValueError as error:
        raise CredentialError("signature.invalid", reason="proof_value") from error
