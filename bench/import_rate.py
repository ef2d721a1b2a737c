"""Credentials verified and imported per second, against the cost of the signature check alone.

Signs N distinct Open Badges 3.0 credentials with a demo issuer (Ed25519, in the registry), then
imports each through the real path (``wallet.importing.import_token``: parse, signature, trust,
validity, status, de-duplication, one commit each) on a temporary SQLite database, once without
status entries and once on the issuer's own status lists. The baseline is PyJWT alone checking
the same tokens' signatures with the key object. The ratio is our overhead. Prints figures only.

    .venv/bin/python bench/import_rate.py [--count 300]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import jwt
from bench_app import demo_learner
from bench_app import new_bench_app

from wallet.credentials import Shape
from wallet.credentials import issue_credential
from wallet.issuing import demo
from wallet.issuing import status_lists
from wallet.issuing.demo_issuers import load_issuer
from wallet.my_credentials.store import import_token
from wallet.platform.extensions import db

ISSUER = "skelleftea-kommun"  # Ed25519 (EdDSA)


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
    """PyJWT's own signature check with the key object, nothing else (no claim checks)."""
    started = time.perf_counter()
    for token in tokens:
        jwt.api_jws.decode_complete(token, key=public_key, algorithms=["EdDSA"])
    return per_second(len(tokens), time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = new_bench_app(Path(folder))
        with app.app_context():
            print(f"{'path':<58} {'per second':>10} {'ms each':>8}")
            for with_status in (False, True):
                tokens, public_key = sign_credentials(args.count, with_status)
                baseline = time_signature_checks(tokens, public_key)
                imported = time_imports(tokens)
                label = "own status lists" if with_status else "no status entries"
                print(f"{'PyJWT signature check alone (EdDSA, key object)':<58}"
                      f" {baseline:>10.0f} {1000 / baseline:>8.2f}")
                print(f"{f'import_token, {args.count} distinct, {label}':<58}"
                      f" {imported:>10.0f} {1000 / imported:>8.2f}")
                print(f"  overhead: one import costs {baseline / imported:.1f}x the signature check")
            db.engine.dispose()


if __name__ == "__main__":
    main()
