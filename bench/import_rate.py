"""Credentials verified and imported per second, against the cost of the signature check alone.

Signs N distinct Open Badges 3.0 credentials with a demo issuer (Ed25519, in the registry), then
imports each through the real path (``wallet.importing.import_token``: parse, signature, trust,
validity, status, de-duplication, one commit each) on a temporary SQLite database, once without
status entries and once on the issuer's own status lists. The baseline is PyJWT alone checking
the same tokens' signatures with the key object. The ratio is our overhead. Then the same
credentials as JSON-LD with a Data Integrity proof (eddsa-rdfc-2022): imported, against the bare
Ed25519 check of each proof and against the RDFC-1.0 canonicalization (pyld) it first needs,
which is the costly step. Last, the same number of SD-JWT VCs (the EUDI Learning Credential,
EdDSA, its claims selectively disclosable): imported, against PyJWT checking the issuer JWT's signature alone and
against reading the disclosures against their digests. Prints figures only.

    .venv/bin/python bench/import_rate.py [--count 300]
"""

from __future__ import annotations

import argparse
import datetime
import json
import tempfile
import time
import uuid
from pathlib import Path

import jwt
from bench_app import demo_learner
from bench_app import new_bench_app
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential

from wallet.credentials import Shape
from wallet.credentials import issue_credential
from wallet.credentials.cryptosuites import SignedData
from wallet.credentials.cryptosuites import signing_input
from wallet.credentials.cryptosuites import suite_of
from wallet.credentials.data_integrity import add_proof
from wallet.credentials.did import base58btc_decode
from wallet.credentials.jsonld_contexts import ContextLibrary
from wallet.credentials.sd_jwt import parse_sd_jwt
from wallet.issuing import demo
from wallet.issuing import status_lists
from wallet.issuing.demo_issuers import load_issuer
from wallet.my_credentials.store import import_token
from wallet.platform.extensions import db

ISSUER = "skelleftea-kommun"  # Ed25519 (EdDSA)
UNDEFINED_TERMS = "https://www.w3.org/ns/credentials/undefined-terms/v2"


def sign_credentials(count: int, with_status: bool) -> tuple[list[str], object]:
    """``count`` distinct credentials for the demo learner, and the issuer's public key."""
    issuer = load_issuer(ISSUER)
    achievement = demo.ACHIEVEMENTS[0]
    subject = demo_learner().did
    tokens = []
    for _ in range(count):
        document = demo.credential_document(issuer, achievement, subject)  # a new urn:uuid each
        if with_status:
            document = status_lists.with_status(issuer, document)
        tokens.append(issue_credential(document, issuer.key, kid=issuer.kid, shape=Shape.OB3_JWT))
    return tokens, issuer.key.public_key()


def sign_data_integrity(count: int) -> tuple[list[str], object]:
    """``count`` distinct credentials secured by an eddsa-rdfc-2022 proof, and the issuer's key."""
    issuer = load_issuer(ISSUER)
    achievement = demo.ACHIEVEMENTS[0]
    subject = demo_learner().did
    created = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    documents = []
    for _ in range(count):
        document = demo.credential_document(issuer, achievement, subject)
        # The demo's extension terms (workload, assessment…) get a vocabulary, as VCDM 2.0 says.
        document["@context"] = [*document["@context"], UNDEFINED_TERMS]
        proved = add_proof(document, issuer.key, issuer.kid, created=created)
        documents.append(json.dumps(proved, ensure_ascii=False))
    return documents, issuer.key.public_key()


def sign_sd_jwt_vcs(count: int) -> tuple[list[str], object]:
    """``count`` distinct SD-JWT VCs from the demo issuer (its did:key in ``kid``), and its key."""
    issuer = load_issuer(ISSUER)
    tokens = []
    for _ in range(count):
        payload = learning_credential(issuer.did, jti=f"urn:uuid:{uuid.uuid4()}")
        tokens.append(issue_sd_jwt(payload, issuer.key, header={"kid": issuer.kid}).token)
    return tokens, issuer.key.public_key()


def time_disclosure_reading(tokens: list[str]) -> float:
    """Reading each SD-JWT: the issuer JWT decoded, every disclosure checked against its digest."""
    started = time.perf_counter()
    for token in tokens:
        parse_sd_jwt(token)
    return per_second(len(tokens), time.perf_counter() - started)


def canonical_forms(raw: str, contexts: ContextLibrary) -> tuple[dict, bytes, bytes]:
    """The proof and the canonical proof configuration and document it signs."""
    document = json.loads(raw)
    proof = document.pop("proof")
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    config, canonical_document = SignedData(document, contexts).canonical(
        suite_of(proof), options
    )
    return proof, config, canonical_document


def time_canonicalization(raws: list[str]) -> float:
    # Contexts of its own, which remember no canonical form yet: each is worked out, and the
    # imports timed after it find none kept for them by this.
    contexts = ContextLibrary()
    started = time.perf_counter()
    for raw in raws:
        canonical_forms(raw, contexts)
    return per_second(len(raws), time.perf_counter() - started)


def time_proof_checks(raws: list[str], public_key) -> float:
    """The Ed25519 check of each proof over its signing input, canonical forms made before."""
    prepared, contexts = [], ContextLibrary()
    for raw in raws:
        proof, config, canonical_document = canonical_forms(raw, contexts)
        data = signing_input(public_key, config, canonical_document)
        prepared.append((base58btc_decode(proof["proofValue"][1:]), data))
    started = time.perf_counter()
    for signature, data in prepared:
        public_key.verify(signature, data)
    return per_second(len(raws), time.perf_counter() - started)


def row(label: str, rate: float) -> None:
    print(f"{label:<58} {rate:>10.0f} {1000 / rate:>8.2f}")


def report(
    baselines: list[tuple[str, float]],
    label: str,
    imported: float,
    check: str = "the signature check",
) -> None:
    """The baselines, the import, and what one import costs against the first baseline."""
    for name, rate in baselines:
        row(name, rate)
    row(label, imported)
    print(f"  overhead: one import costs {baselines[0][1] / imported:.1f}x {check}")


def per_second(count: int, seconds: float) -> float:
    return count / seconds


def time_imports(tokens: list[str]) -> float:
    learner = demo_learner()
    started = time.perf_counter()
    for token in tokens:
        _, created = import_token(learner, token)
        assert created
    return per_second(len(tokens), time.perf_counter() - started)


def time_signature_checks(tokens: list[str], public_key) -> float:
    """PyJWT's own signature check with the key object, nothing else (no claim checks); of an
    SD-JWT, the issuer JWT before its first ``~``."""
    started = time.perf_counter()
    for token in tokens:
        jwt.api_jws.decode_complete(token.split("~", 1)[0], key=public_key, algorithms=["EdDSA"])
    return per_second(len(tokens), time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = new_bench_app(Path(folder))
        # Every run below imports into the demo learner's one wallet: four times --count.
        app.config["MAX_CREDENTIALS_PER_WALLET"] = 10_000
        with app.app_context():
            print(f"{'path':<58} {'per second':>10} {'ms each':>8}")
            for with_status in (False, True):
                tokens, public_key = sign_credentials(args.count, with_status)
                label = "own status lists" if with_status else "no status entries"
                report(
                    [("PyJWT signature check alone (EdDSA, key object)",
                      time_signature_checks(tokens, public_key))],
                    f"import_token, {args.count} distinct, {label}", time_imports(tokens),
                )
            raws, public_key = sign_data_integrity(args.count)
            report(
                [("Ed25519 proof check alone (signing input ready)",
                  time_proof_checks(raws, public_key)),
                 ("RDFC-1.0 of document and proof configuration (pyld)",
                  time_canonicalization(raws))],
                f"import_token, {args.count} distinct, Data Integrity", time_imports(raws),
                "the proof's signature check",
            )
            tokens, public_key = sign_sd_jwt_vcs(args.count)
            report(
                [("PyJWT signature check of the issuer JWT alone (EdDSA)",
                  time_signature_checks(tokens, public_key)),
                 ("reading the disclosures against their digests",
                  time_disclosure_reading(tokens))],
                f"import_token, {args.count} distinct, SD-JWT VC", time_imports(tokens),
            )
            db.engine.dispose()


if __name__ == "__main__":
    main()
