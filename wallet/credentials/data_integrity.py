"""Data Integrity proofs on JSON-LD credentials (W3C VC Data Integrity 1.0).

A secured credential carries one ``proof`` or several. Every proof in a cryptosuite we check
must verify, be made for ``assertionMethod`` and be within its ``created``/``expires`` dates,
and at least one must be by the issuer: made with a verification method of the issuer's DID,
or an https key under the issuer's origin. Proofs in suites we do not know are passed over
when another proof holds; with none we can check, the credential is honestly not checked
(``signature.unsupported_cryptosuite``), never called forged.
"""

from __future__ import annotations

import datetime
from typing import Any

from . import cryptosuites
from .errors import CredentialError
from .jose import MAX_TOKEN_CHARS
from .jsonld_contexts import ContextLibrary
from .jsonld_contexts import shipped_contexts
from .keys import KeyResolver
from .model import Credential
from .model import KeyDetails
from .model import Shape
from .parse import parse_datetime
from .parse import parse_json_credential

PROOF_PURPOSE = "assertionMethod"
MAX_PROOFS = 8  # each proof may cost a key fetch and a canonicalization
# Clock skew allowed around a proof's dates, as for a credential's own (verify.LEEWAY).
_LEEWAY = datetime.timedelta(seconds=60)


def parse_secured(token: str, document: dict[str, Any]) -> Credential:
    """A JSON-LD credential with Data Integrity proofs, read by the data model's rules."""
    if len(token) > MAX_TOKEN_CHARS:
        raise CredentialError("format.too_large", limit=MAX_TOKEN_CHARS)
    proofs_of(document)
    return parse_json_credential(token, Shape.DATA_INTEGRITY, document)


def proofs_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's proofs: one object or a list of them."""
    proof = document.get("proof")
    proofs = proof if isinstance(proof, list) else [proof]
    if not proofs or not all(isinstance(p, dict) for p in proofs) or len(proofs) > MAX_PROOFS:
        raise CredentialError("format.not_a_credential", field="proof")
    return proofs


def verify_proofs(
    credential: Credential, resolver: KeyResolver, contexts: ContextLibrary | None = None
) -> KeyDetails:
    """Check every proof we can; the issuer's key details, or CredentialError saying why not.

    A proof's dates are read on the resolver's wall clock, as the dates of other signing
    material are (the answer is kept no longer than the key documents it rests on).
    """
    now = resolver.wall_clock()
    document = credential.document
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    signed = cryptosuites.SignedData(unsecured, contexts or shipped_contexts())
    by_issuer: KeyDetails | None = None
    unchecked: list[str] = []
    for proof in proofs_of(document):
        suite = cryptosuites.suite_of(proof)
        if suite is None:
            unchecked.append(str(proof.get("cryptosuite") or proof.get("type"))[:60])
            continue
        details, is_issuers = _verify_proof(credential, proof, suite, signed, resolver, now)
        by_issuer = by_issuer or (details if is_issuers else None)
    if by_issuer is not None:
        return by_issuer
    if unchecked and len(unchecked) == len(proofs_of(document)):
        raise CredentialError("signature.unsupported_cryptosuite", cryptosuite=unchecked[0])
    raise CredentialError("signature.key_unbound", kid=None)


def add_proof(
    document: dict[str, Any],
    private_key: Any,
    method_id: str,
    cryptosuite: str = "eddsa-rdfc-2022",
    contexts: ContextLibrary | None = None,
    **options: Any,
) -> dict[str, Any]:
    """``document`` with one more proof by ``private_key`` (issuers, tests and benchmarks);
    ``options`` add or replace proof members, None removes one."""
    proof: dict[str, Any] = {"type": cryptosuites.DATA_INTEGRITY_PROOF, "cryptosuite": cryptosuite}
    if cryptosuite == cryptosuites.ED25519_SIGNATURE_2020:
        proof = {"type": cryptosuites.ED25519_SIGNATURE_2020}
    proof |= {"verificationMethod": method_id, "proofPurpose": PROOF_PURPOSE, **options}
    proof = {name: value for name, value in proof.items() if value is not None}
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    signed = cryptosuites.SignedData(unsecured, contexts or shipped_contexts())
    config, canonical_document = signed.canonical(cryptosuites.suite_of(proof), proof)
    data = cryptosuites.signing_input(private_key.public_key(), config, canonical_document)
    proof["proofValue"] = cryptosuites.sign_proof_value(private_key, data)
    earlier = document.get("proof")
    proofs = [] if earlier is None else earlier if isinstance(earlier, list) else [earlier]
    return {**document, "proof": [*proofs, proof] if proofs else proof}


def _verify_proof(
    credential: Credential,
    proof: dict[str, Any],
    suite: cryptosuites.Cryptosuite,
    signed: cryptosuites.SignedData,
    resolver: KeyResolver,
    now: datetime.datetime,
) -> tuple[KeyDetails, bool]:
    _check_purpose_and_dates(proof, now)
    method_id = proof.get("verificationMethod")
    if not isinstance(method_id, str) or not method_id:
        raise CredentialError("signature.key_not_found", kid=None)
    controller = _controller(credential.issuer_id, method_id)
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    # Canonical forms first: a vocabulary we cannot check is said before any key is fetched.
    config, document = signed.canonical(suite, options)
    key, method = resolver.resolve_verification_method(controller, method_id, PROOF_PURPOSE)
    data = cryptosuites.signing_input(key, config, document)
    cryptosuites.check_proof_value(suite, key, data, proof.get("proofValue"))
    details = KeyDetails(kid=method_id[:200], algorithm=suite.name, method=method)
    return details, controller == credential.issuer_id


def _check_purpose_and_dates(proof: dict[str, Any], now: datetime.datetime) -> None:
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        purpose = str(proof.get("proofPurpose"))[:60]
        raise CredentialError("signature.wrong_purpose", purpose=purpose)
    if "created" in proof:
        created = parse_datetime(proof["created"], "proof.created")
        if created > now + _LEEWAY:
            raise CredentialError("signature.proof_from_future", created=created.isoformat())
    if "expires" in proof:
        expires = parse_datetime(proof["expires"], "proof.expires")
        if expires < now - _LEEWAY:
            raise CredentialError("signature.proof_expired", expires=expires.isoformat())


def _controller(issuer_id: str, method_id: str) -> str:
    """Whose key a verification method claims to be: another DID's when it names one, else the
    issuer's (the resolver takes an https key only from under the issuer's web origin)."""
    named_did = method_id.partition("#")[0]
    if method_id.startswith("did:") and named_did != issuer_id:
        return named_did
    return issuer_id
