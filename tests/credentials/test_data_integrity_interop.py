"""Data Integrity against an independent implementation: Digital Bazaar's libraries from npm.

`node` runs @digitalbazaar/vc with the eddsa-rdfc-2022 and ecdsa-rdfc-2019 cryptosuites and
Ed25519Signature2020 (tests/support/node/data_integrity.mjs), offline: its document loader has
only the contexts the wallet ships. What they issue our core must accept, and refuse once
changed; what we sign they must accept; and both must canonicalize a credential alike.
"""

from __future__ import annotations

import json

import pytest
from support.data_integrity import ED25519_SIGNATURE_2020
from support.data_integrity import di_document
from support.data_integrity import edited
from support.data_integrity import run_node
from support.data_integrity import with_suite_context
from support.issuers import NOW
from support.issuers import achievement_credential
from support.issuers import did_key_issuer

from wallet.credentials import KeyResolver
from wallet.credentials import TrustList
from wallet.credentials import verify_credential
from wallet.credentials.canonical import rdfc
from wallet.credentials.jsonld_contexts import shipped_contexts

ISSUED_BY_THEM = [
    ("eddsa-rdfc-2022", None),
    ("ecdsa-rdfc-2019", "P-256"),
    ("ecdsa-rdfc-2019", "P-384"),
    (ED25519_SIGNATURE_2020, None),
]


def offline_resolver() -> KeyResolver:
    def refuse(url: str) -> bytes:
        raise AssertionError(f"a did:key credential made us fetch {url}")

    return KeyResolver(refuse)


def verified(raw: str):
    return verify_credential(raw, NOW, TrustList(), offline_resolver())


@pytest.fixture(scope="module", params=ISSUED_BY_THEM, ids=lambda p: "-".join(filter(None, p)))
def issued_by_digital_bazaar(request) -> str:
    suite, curve = request.param
    credential = with_suite_context(achievement_credential("did:key:placeholder"), suite)
    request = {"action": "issue", "suite": suite, "curve": curve, "credential": credential}
    return json.dumps(run_node("data_integrity.mjs", request), ensure_ascii=False)


def test_what_they_issue_we_accept(issued_by_digital_bazaar):
    result = verified(issued_by_digital_bazaar)
    assert result.is_genuine, [check.code for check in result.checks]
    proof = json.loads(issued_by_digital_bazaar)["proof"]
    assert result.key.kid == proof["verificationMethod"]


def test_what_they_issue_we_refuse_once_changed(issued_by_digital_bazaar):
    def promote(document):
        document["credentialSubject"]["achievement"]["name"] = "Specialistsjuksköterska"

    result = verified(edited(issued_by_digital_bazaar, promote))
    assert not result.is_genuine
    assert result.checks[-1].code == "signature.invalid"


@pytest.mark.parametrize(
    ("suite", "kind"),
    [
        ("eddsa-rdfc-2022", "Ed25519"),
        ("ecdsa-rdfc-2019", "P-256"),
        (ED25519_SIGNATURE_2020, "Ed25519"),
    ],
)
def test_what_we_sign_they_accept_and_refuse_once_changed(suite, kind):
    document = di_document(did_key_issuer(kind), suite)
    answer = run_node("data_integrity.mjs", {"action": "verify", "credential": document})
    assert answer == {"verified": True, "error": None}
    changed = json.loads(edited(json.dumps(document), lambda d: d.update(name="Annat namn")))
    answer = run_node("data_integrity.mjs", {"action": "verify", "credential": changed})
    assert answer["verified"] is False


def test_our_canonical_form_is_jsonld_js(issued_by_digital_bazaar):
    document = json.loads(issued_by_digital_bazaar)
    del document["proof"]
    theirs = run_node("data_integrity.mjs", {"action": "canonize", "document": document})
    assert rdfc(document, shipped_contexts()).decode() == theirs["nquads"]
