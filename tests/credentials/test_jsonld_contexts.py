"""The shipped JSON-LD contexts: what the npm packages publish, intact, and nothing else."""

from __future__ import annotations

import hashlib
import json

import pytest
from support.data_integrity import copy_of_shipped_contexts
from support.data_integrity import run_node

from wallet.credentials import CredentialError
from wallet.credentials.jsonld_contexts import MANIFEST_NAME
from wallet.credentials.jsonld_contexts import SHIPPED
from wallet.credentials.jsonld_contexts import ContextLibrary

MANIFEST = json.loads((SHIPPED / MANIFEST_NAME).read_text())["contexts"]


def test_each_shipped_file_is_the_context_its_npm_package_publishes():
    asked = [
        {"package": entry["source"].split()[1].rsplit("@", 1)[0], "url": entry["url"]}
        for entry in MANIFEST
    ]
    published = run_node("contexts.mjs", asked)
    for entry in MANIFEST:
        shipped = json.loads((SHIPPED / entry["file"]).read_text())
        assert shipped == published[entry["url"]], entry["url"]


def test_each_file_has_the_digest_the_manifest_gives():
    for entry in MANIFEST:
        digest = hashlib.sha256((SHIPPED / entry["file"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"], entry["file"]
        assert entry["licence"], entry["file"]


def test_the_contexts_credentials_use_are_shipped():
    urls = ContextLibrary().urls
    assert {
        "https://www.w3.org/2018/credentials/v1",
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://w3id.org/security/data-integrity/v2",
        "https://w3id.org/security/suites/ed25519-2020/v1",
        "https://www.w3.org/ns/credentials/status/v1",
        "https://w3id.org/vc/status-list/2021/v1",
    } <= urls


def test_a_url_not_in_the_manifest_is_refused():
    with pytest.raises(CredentialError) as raised:
        ContextLibrary().load_document("https://www.w3.org/ns/credentials/v3")
    assert raised.value.code == "signature.unsupported_context"


def test_a_changed_file_is_refused_and_the_others_still_load(tmp_path):
    folder = copy_of_shipped_contexts(tmp_path)
    (folder / "did-v1.jsonld").write_text('{"@context": {"id": "@id"}}')
    library = ContextLibrary(folder)
    with pytest.raises(CredentialError) as raised:
        library.load_document("https://www.w3.org/ns/did/v1")
    assert raised.value.params["reason"] == "digest"
    loaded = library.load_document("https://www.w3.org/ns/credentials/v2")
    assert "@context" in loaded["document"]
