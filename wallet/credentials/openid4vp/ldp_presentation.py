"""A Data Integrity verifiable presentation, as an ``ldp_vc`` answer carries one (OpenID4VP 1.0,
B.1.3.2.5): the holder's proof, for ``authentication``, with the request's nonce as ``challenge``
and the verifier's client identifier as ``domain``.

The proof signs the presentation with every credential embedded in it; each credential keeps
its own issuer proof and is verified on its own.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import canonical
from .. import cryptosuites
from ..data_integrity import proofs_of
from ..errors import CredentialError
from ..jsonld_contexts import shipped_contexts
from ..keys import KeyResolver
from ..parse import types_of
from ..presentation import PRESENTATION_TYPE

HOLDER_PURPOSE = "authentication"


@dataclasses.dataclass(frozen=True)
class LdpPresentation:
    holder_did: str
    credentials: tuple[str, ...]  # each embedded credential as canonical JSON (RFC 8785)


def open_ldp_presentation(
    presentation: Any, resolver: KeyResolver, *, challenge: str, domain: str
) -> LdpPresentation:
    """The holder and credentials of a presentation whose proof holds for this challenge and
    domain; else CredentialError ``present.wrong_nonce``, ``present.wrong_audience`` or
    ``present.holder_proof_invalid`` (with the ``reason``)."""
    try:
        proof, holder_did = _proof_and_holder(presentation)
    except CredentialError as error:
        raise CredentialError("present.holder_proof_invalid", reason=error.code) from error
    if proof.get("challenge") != challenge:
        raise CredentialError("present.wrong_nonce")
    domains = proof.get("domain")
    if domain not in (domains if isinstance(domains, list) else [domains]):
        raise CredentialError("present.wrong_audience")
    try:
        _check_proof(presentation, proof, holder_did, resolver)
        credentials = presentation.get("verifiableCredential", [])
        credentials = credentials if isinstance(credentials, list) else [credentials]
        if not credentials or not all(isinstance(c, dict) for c in credentials):
            raise CredentialError("format.malformed")
    except CredentialError as error:
        raise CredentialError("present.holder_proof_invalid", reason=error.code) from error
    embedded = tuple(canonical.jcs(c).decode("utf-8") for c in credentials)
    return LdpPresentation(holder_did, embedded)


def _proof_and_holder(presentation: Any) -> tuple[dict[str, Any], str]:
    if not isinstance(presentation, dict) or PRESENTATION_TYPE not in types_of(presentation):
        raise CredentialError("format.malformed")
    proofs = proofs_of(presentation)
    if len(proofs) != 1 or proofs[0].get("proofPurpose") != HOLDER_PURPOSE:
        raise CredentialError("signature.wrong_purpose")
    method_id = proofs[0].get("verificationMethod")
    holder_did = method_id.partition("#")[0] if isinstance(method_id, str) else ""
    holder = presentation.get("holder", holder_did)
    holder = holder.get("id") if isinstance(holder, dict) else holder
    if not holder_did.startswith("did:") or holder != holder_did:
        # Signed by a key of someone other than the holder it names.
        raise CredentialError("signature.key_unbound")
    return proofs[0], holder_did


def _check_proof(
    presentation: dict[str, Any], proof: dict[str, Any], holder_did: str, resolver: KeyResolver
) -> None:
    suite = cryptosuites.suite_of(proof)
    if suite is None:
        raise CredentialError("signature.unsupported_cryptosuite")
    unsecured = {name: value for name, value in presentation.items() if name != "proof"}
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    signed = cryptosuites.SignedData(unsecured, shipped_contexts())
    config, document = signed.canonical(suite, options)
    key, _ = resolver.resolve_verification_method(
        holder_did, proof["verificationMethod"], HOLDER_PURPOSE
    )
    data = cryptosuites.signing_input(key, config, document)
    cryptosuites.check_proof_value(suite, key, data, proof.get("proofValue"))
