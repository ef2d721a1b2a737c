"""Data Integrity proofs: every cryptosuite we check, and every way a proof can fail."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies
from support.data_integrity import CRYPTOSUITES
from support.data_integrity import ED25519_SIGNATURE_2020
from support.data_integrity import add_proof
from support.data_integrity import baked_png
from support.data_integrity import baked_svg
from support.data_integrity import copy_of_shipped_contexts
from support.data_integrity import data_integrity_status_list
from support.data_integrity import di_credential
from support.data_integrity import di_document
from support.data_integrity import edited
from support.data_integrity import with_suite_context
from support.issuers import NOW
from support.issuers import Issuer
from support.issuers import LoopbackServer
from support.issuers import did_key_issuer
from support.issuers import did_web_issuer
from support.issuers import status_entry
from support.issuers import vcdm11_credential

from wallet.credentials import Concern
from wallet.credentials import CredentialError
from wallet.credentials import HttpFetcher
from wallet.credentials import KeyResolver
from wallet.credentials import StatusListChecker
from wallet.credentials import TrustList
from wallet.credentials import canonical
from wallet.credentials import extract_token
from wallet.credentials import parse_credential
from wallet.credentials import verify_credential
from wallet.credentials.data_integrity import verify_proofs
from wallet.credentials.did import base58btc_decode
from wallet.credentials.did import base58btc_encode
from wallet.credentials.jsonld_contexts import ContextLibrary
from wallet.credentials.jsonld_contexts import shipped_contexts

KEY_KINDS = {"eddsa": ("Ed25519",), "ecdsa": ("P-256", "P-384")}
SIGNED_WITH = [
    (suite, kind) for suite in CRYPTOSUITES for kind in KEY_KINDS[suite.split("-")[0]]
] + [(ED25519_SIGNATURE_2020, "Ed25519"), ("eddsa-2022", "Ed25519")]


def _code(result) -> str:
    failed = [check.code for check in result.checks if check.status == "failed"]
    return failed[0] if failed else "passed"


@pytest.mark.parametrize(("cryptosuite", "kind"), SIGNED_WITH)
def test_a_genuine_credential_verifies_in_every_cryptosuite(verify, cryptosuite, kind):
    issuer = did_key_issuer(kind)
    result = verify(di_credential(issuer, cryptosuite), trusted=[issuer.did])
    assert result.verdict == "verified", _code(result)
    assert result.credential.shape == "data-integrity"
    assert (result.key.algorithm, result.key.kid) == (cryptosuite, issuer.kid)


@pytest.mark.parametrize(("cryptosuite", "kind"), SIGNED_WITH)
def test_a_changed_claim_is_refused_as_changed(verify, cryptosuite, kind):
    raw = di_credential(did_key_issuer(kind), cryptosuite)
    changed = edited(raw, lambda d: d["credentialSubject"]["achievement"].update(name="Läkare"))
    assert _code(verify(changed)) == "signature.invalid"


@pytest.mark.parametrize("cryptosuite", ["eddsa-rdfc-2022", "ecdsa-jcs-2019"])
def test_a_changed_proof_value_is_refused(verify, cryptosuite):
    issuer = did_key_issuer("Ed25519" if cryptosuite.startswith("eddsa") else "P-256")
    raw = di_credential(issuer, cryptosuite)

    def flip(document):
        value = document["proof"]["proofValue"]
        document["proof"]["proofValue"] = (
            value[:-3] + ("2" if value[-3] != "2" else "3") + value[-2:]
        )

    assert _code(verify(edited(raw, flip))) == "signature.invalid"
    for garbage in ("not-multibase", "z0OIl", 12):
        broken = edited(raw, lambda d, g=garbage: d["proof"].update(proofValue=g))
        assert _code(verify(broken)) == "signature.invalid"


def test_a_changed_proof_option_is_refused(verify):
    raw = di_credential(did_key_issuer())
    later = edited(raw, lambda d: d["proof"].update(created="2025-02-01T00:00:00Z"))
    assert _code(verify(later)) == "signature.invalid"


def test_a_signature_by_another_key_is_refused(verify):
    issuer, other = did_key_issuer(), did_key_issuer(slot=1)
    document = with_suite_context(issuer.credential(), "eddsa-rdfc-2022")
    forged = add_proof(document, other.key, issuer.kid)  # claims the issuer's key
    assert _code(verify(json.dumps(forged))) == "signature.invalid"


def test_a_proof_by_someone_else_is_not_the_issuers(verify):
    issuer, other = did_key_issuer(), did_key_issuer(slot=1)
    document = with_suite_context(issuer.credential(), "eddsa-rdfc-2022")
    signed_by_other = add_proof(document, other.key, other.kid)  # genuine, but not the issuer's
    assert _code(verify(json.dumps(signed_by_other))) == "signature.key_unbound"


def test_a_key_of_the_issuer_on_another_web_origin_is_refused():
    issuer = did_key_issuer()
    document = with_suite_context(
        issuer.credential(issuer={"id": "https://skola.example/issuer"}), "eddsa-rdfc-2022"
    )
    raw = json.dumps(add_proof(document, issuer.key, "https://elsewhere.example/keys/1"))
    with pytest.raises(CredentialError) as raised:
        verify_proofs(parse_credential(raw), KeyResolver(_no_fetching))
    assert raised.value.code == "signature.key_unbound"


def test_an_https_key_under_the_issuers_origin_is_fetched_and_used():
    issuer = did_key_issuer()
    issuer_id = "https://skola.example/issuers/1"
    method_id = f"{issuer_id}#key-1"
    multikey = issuer.did.removeprefix("did:key:")
    key_document = {
        "id": issuer_id,
        "verificationMethod": [
            {
                "id": "#key-1",
                "type": "Multikey",
                "controller": issuer_id,
                "publicKeyMultibase": multikey,
            }
        ],
    }
    served = {issuer_id: json.dumps(key_document).encode()}
    document = with_suite_context(issuer.credential(issuer={"id": issuer_id}), "eddsa-rdfc-2022")
    raw = json.dumps(add_proof(document, issuer.key, method_id))
    details = verify_proofs(parse_credential(raw), KeyResolver(served.__getitem__))
    assert (details.method, details.kid) == ("https", method_id)


def test_a_did_web_issuer_with_a_json_web_key(verify, loopback: LoopbackServer):
    issuer = did_web_issuer(loopback, "P-256", path="di-web")
    result = verify(di_credential(issuer, "ecdsa-rdfc-2019"), trusted=[issuer.did])
    assert result.verdict == "verified", _code(result)
    assert result.key.method == "did:web"


def test_a_proof_for_another_purpose_is_refused(verify):
    issuer = did_key_issuer()
    document = with_suite_context(issuer.credential(), "eddsa-rdfc-2022")
    raw = json.dumps(add_proof(document, issuer.key, issuer.kid, proofPurpose="authentication"))
    assert _code(verify(raw)) == "signature.wrong_purpose"


def test_an_expired_proof_and_one_made_in_the_future_are_refused(resolver):
    issuer = did_key_issuer()
    document = with_suite_context(issuer.credential(), "eddsa-rdfc-2022")
    expired = add_proof(document, issuer.key, issuer.kid, expires="2025-03-01T00:00:00Z")
    future = add_proof(document, issuer.key, issuer.kid, created="2025-07-01T00:00:00Z")
    at_now = KeyResolver(resolver.fetcher, wall_clock=lambda: NOW)
    for proof, code in (
        (expired, "signature.proof_expired"),
        (future, "signature.proof_from_future"),
    ):
        with pytest.raises(CredentialError) as raised:
            verify_proofs(parse_credential(json.dumps(proof)), at_now)
        assert raised.value.code == code
    earlier = KeyResolver(resolver.fetcher, wall_clock=lambda: NOW - datetime.timedelta(days=100))
    assert verify_proofs(parse_credential(json.dumps(expired)), earlier).algorithm


def test_a_vocabulary_we_do_not_ship_is_refused_before_any_key_is_fetched():
    issuer = did_key_issuer()
    document = di_document(issuer)
    document["@context"].append("https://example.org/contexts/made-up.jsonld")
    asked = []
    resolver = KeyResolver(lambda url: asked.append(url) or b"{}")
    with pytest.raises(CredentialError) as raised:
        verify_proofs(parse_credential(json.dumps(document)), resolver)
    assert raised.value.code == "signature.unsupported_context"
    assert raised.value.params["context"] == "https://example.org/contexts/made-up.jsonld"
    assert asked == []


def test_a_shipped_context_whose_file_changed_is_not_used(tmp_path):
    issuer = did_key_issuer()
    raw = di_credential(issuer)
    folder = copy_of_shipped_contexts(tmp_path)
    ob_context = folder / "ob-v3p0-context-3.0.3.jsonld"
    ob_context.write_text(ob_context.read_text().replace("achievement", "achievment", 1))
    with pytest.raises(CredentialError) as raised:
        verify_proofs(parse_credential(raw), KeyResolver(), ContextLibrary(folder))
    assert (raised.value.code, raised.value.params["reason"]) == (
        "signature.unsupported_context",
        "digest",
    )
    assert verify_proofs(parse_credential(raw), KeyResolver()).algorithm == "eddsa-rdfc-2022"


def test_vcdm_11_credentials_and_undefined_terms(verify, monkeypatch):
    issuer = did_key_issuer()
    document = with_suite_context(vcdm11_credential(issuer.did), "eddsa-rdfc-2022")
    assert _code(verify(json.dumps(add_proof(document, issuer.key, issuer.kid)))) == "passed"
    # VCDM 1.1 has no fallback vocabulary: an undefined member is not signed at all, whatever
    # the issuer's software believed (signed here as a JSON-LD library without safe mode would).
    document["credentialSubject"]["betyg"] = "A"
    with monkeypatch.context() as unsafe:
        unsafe.setattr(canonical, "rdfc_of_signed_terms", canonical.rdfc)
        signed = json.dumps(add_proof(document, issuer.key, issuer.kid))
    assert _code(verify(signed)) == "signature.undefined_terms"
    changed = edited(signed, lambda d: d["credentialSubject"].update(betyg="F"))
    assert _code(verify(changed)) == "signature.undefined_terms"


def test_a_credential_verified_again_is_not_canonicalized_again(verify, monkeypatch):
    issuer = did_key_issuer()
    raw = di_credential(issuer)
    assert _code(verify(raw)) == "passed"
    canonicalized = []
    real_rdfc = canonical.rdfc
    monkeypatch.setattr(
        canonical, "rdfc", lambda *args: canonicalized.append(args) or real_rdfc(*args)
    )
    assert _code(verify(raw)) == "passed"  # a view of a link: the same bytes again
    assert canonicalized == []
    never_seen = f"Läkare {uuid.uuid4()}"  # no other test's document, so not remembered
    changed = edited(raw, lambda d: d["credentialSubject"]["achievement"].update(name=never_seen))
    assert _code(verify(changed)) == "signature.invalid"
    assert len(canonicalized) == 1  # the changed document (its proof options are as before)


def test_two_proofs_must_both_hold(verify):
    issuer = did_key_issuer()
    document = with_suite_context(issuer.credential(), ED25519_SIGNATURE_2020)
    both = add_proof(
        add_proof(document, issuer.key, issuer.kid, ED25519_SIGNATURE_2020),
        issuer.key,
        issuer.kid,
        "eddsa-rdfc-2022",
    )
    assert _code(verify(json.dumps(both))) == "passed"
    both["proof"][0]["created"] = "2025-01-16T09:00:00Z"  # only the first proof breaks
    assert _code(verify(json.dumps(both))) == "signature.invalid"


def test_proofs_in_suites_we_do_not_know(verify):
    issuer = did_key_issuer()
    unknown = {"type": "DataIntegrityProof", "cryptosuite": "bbs-2023", "proofValue": "u0"}
    document = di_document(issuer)
    beside = {**document, "proof": [document["proof"], unknown]}
    assert _code(verify(json.dumps(beside))) == "passed"
    alone = {**document, "proof": unknown}
    assert _code(verify(json.dumps(alone))) == "signature.unsupported_cryptosuite"


def test_a_graph_too_costly_to_canonicalize_is_refused(verify, monkeypatch):
    issuer = did_key_issuer()
    alike = [{"type": ["Result"]} for _ in range(6)]  # blank nodes only deep hashing tells apart
    raw = di_credential(issuer)
    monkeypatch.setattr(canonical, "MAX_DEEP_HASHES", 3)
    crowded = edited(raw, lambda d: d["credentialSubject"].update(result=alike))
    assert _code(verify(crowded)) == "signature.too_complex"


def test_a_revocation_on_a_data_integrity_status_list(verify, resolver, loopback):
    issuer = did_key_issuer()
    list_url = f"http://localhost:{loopback.port}/di-status/1"
    loopback.serve(
        "/di-status/1", data_integrity_status_list(issuer, list_url, set_bits=(7,)).encode()
    )
    checker = StatusListChecker(HttpFetcher(allow_insecure_localhost=True), resolver)
    kept = di_credential(issuer, credentialStatus=status_entry(list_url, 3))
    revoked = di_credential(issuer, credentialStatus=status_entry(list_url, 7))
    assert verify(kept, status_checker=checker).check(Concern.STATUS).code == "status.ok"
    assert verify(revoked, status_checker=checker).check(Concern.STATUS).code == "status.revoked"


@pytest.mark.parametrize("bake", [baked_png, baked_svg])
def test_a_badge_image_carries_a_data_integrity_credential(verify, bake):
    issuer = did_key_issuer()
    raw = di_credential(issuer)
    extracted = extract_token(bake(raw))
    assert extracted == raw
    assert verify(extracted, trusted=[issuer.did]).verdict == "verified"


def test_json_without_any_proof_is_still_unsigned():
    document = did_key_issuer().credential()
    with pytest.raises(CredentialError) as raised:
        extract_token(json.dumps(document).encode())
    assert raised.value.code == "input.unsigned_json"


def _no_fetching(url: str) -> bytes:
    raise AssertionError(f"fetched {url}")


def test_verification_with_the_public_names():
    """What the interop runner and the web layer call: verify_credential on the JSON text."""
    issuer = did_key_issuer("P-384")
    result = verify_credential(
        di_credential(issuer, "ecdsa-rdfc-2019"), NOW, TrustList(), KeyResolver(_no_fetching)
    )
    assert result.is_genuine


JSON_LD_VALUES = strategies.recursive(
    strategies.none()
    | strategies.booleans()
    | strategies.integers()
    | strategies.sampled_from(["", "x", "@id", "_:b0", "http://", "did:key:z6Mk", "@json"]),
    lambda inner: (
        strategies.lists(inner, max_size=3)
        | strategies.dictionaries(
            strategies.sampled_from(
                ["@id", "@type", "@context", "@value", "@list", "@graph", "id"]
            ),
            inner,
            max_size=3,
        )
    ),
    max_leaves=8,
)


@settings(max_examples=80, deadline=None)
@given(
    where=strategies.sampled_from(
        [("proof",), ("credentialSubject",), ("credentialSubject", "achievement"), ()]
    ),
    name=strategies.sampled_from(["type", "@type", "@context", "id", "@id", "name", "cryptosuite"]),
    value=JSON_LD_VALUES,
)
def test_a_change_never_raises_and_passes_only_if_it_means_the_same(where, name, value):
    """JSON-LD signs meaning, not bytes: a change may pass only when the RDF is unchanged."""
    issuer = did_key_issuer()
    original = di_document(issuer)
    document = json.loads(json.dumps(original))
    target = document
    for step in where:
        target = target[step]
    target[name] = value
    result = verify_credential(json.dumps(document), NOW, TrustList(), KeyResolver(_no_fetching))
    if result.is_genuine:
        for signed in (original, document):
            signed["proof"].pop("proofValue")
        assert canonical.rdfc(document, shipped_contexts()) == canonical.rdfc(
            original, shipped_contexts()
        )


@pytest.mark.parametrize(
    "method_type", ["Ed25519VerificationKey2020", "Ed25519VerificationKey2018"]
)
def test_legacy_ed25519_keys_in_a_did_web_document(verify, loopback, method_type):
    key = did_key_issuer(slot=4).key
    did = f"did:web:localhost%3A{loopback.port}:legacy-{method_type[-4:]}"
    multikey = did_key_issuer(slot=4).did.removeprefix("did:key:")
    raw_key = base58btc_decode(multikey[1:])[2:]  # without the multicodec prefix
    method = {"id": "#key-1", "type": method_type, "controller": did}
    if method_type.endswith("2020"):
        method["publicKeyMultibase"] = multikey
    else:
        method["publicKeyBase58"] = base58btc_encode(raw_key)
    document = {"id": did, "verificationMethod": [method], "assertionMethod": ["#key-1"]}
    loopback.serve(f"/legacy-{method_type[-4:]}/did.json", document)
    issuer = Issuer(key, did, f"{did}#key-1")
    result = verify(di_credential(issuer, ED25519_SIGNATURE_2020), trusted=[did])
    assert result.verdict == "verified", _code(result)
