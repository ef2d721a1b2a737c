"""Pilot commands: demo data (``flask demo``) and signing test credentials (``flask issuer``)."""

from __future__ import annotations

import json

import pytest

from wallet.models import StoredCredential
from wallet.models import User
from wallet.platform.extensions import db
from wallet.verification import verifier


@pytest.fixture
def demo_app(make_app, tmp_path):
    return make_app(DEMO_KEYS_DIR=str(tmp_path / "demo-keys"))


def test_demo_seed_shows_every_verdict_once(demo_app):
    runner = demo_app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert "demo@kompetenspass.se" in first.output
    with demo_app.app_context():
        learner = db.session.scalar(db.select(User).filter_by(email="demo@kompetenspass.se"))
        verdicts = [c.verdict for c in db.session.scalars(db.select(StoredCredential))]
        issuers = {c.issuer_name for c in learner.credentials}
    assert {"verified", "warning", "failed"} <= set(verdicts)
    assert {"Skellefteå kommun", "Nordiska Textilakademin", "Skellefteå Kraft", "Sobona"} <= issuers
    again = runner.invoke(args=["demo", "seed"])
    assert "already" in again.output
    with demo_app.app_context():
        assert db.session.scalar(db.select(db.func.count(StoredCredential.id))) == len(verdicts)


def test_issuer_sign_makes_a_credential_that_verifies(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    runner.invoke(args=["demo", "seed"])
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:7d3c0c8e-2f7a-4b55-9d7e-3a7f4c1b2e90",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "validFrom": "2026-05-01T08:00:00Z",
        "credentialSubject": {
            "id": "did:example:pilot-learner",
            "type": ["AchievementSubject"],
            "achievement": {"type": ["Achievement"], "name": "Kundbemötande i handeln"},
        },
    }
    source = tmp_path / "credential.json"
    source.write_text(json.dumps(document))
    target = tmp_path / "credential.jwt"
    result = runner.invoke(args=["issuer", "sign", "--issuer", "handelsradet", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    with demo_app.test_request_context():
        outcome = verifier.verify(target.read_text().strip())
    assert outcome.verdict == "verified"
    assert outcome.credential.issuer_name == "Handelsrådet"
