"""Pilot commands: demo data (``flask demo``) and signing test credentials (``flask issuer``)."""

from __future__ import annotations

import io
import json
import pathlib

import pytest
from support.cli import run_cli
from support.forms import AuthActions

from wallet.credentials import extract_token
from wallet.credentials import parse_credential
from wallet.models import IssuedCredential
from wallet.models import StoredCredential
from wallet.models import User
from wallet.platform.extensions import db
from wallet.verification import verifier
from wallet.verification.states import state_of

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


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


def test_examples_are_one_of_each_kind_and_keep_their_status_when_signed_again(demo_app, tmp_path):
    folder = tmp_path / "examples"
    run_cli(demo_app, "demo", "examples", str(folder))
    with demo_app.app_context():
        issued = db.session.scalar(db.select(db.func.count(IssuedCredential.id)))
    run_cli(demo_app, "demo", "examples", str(folder))  # make run writes them at every start
    tokens = {path.name: path.read_bytes() for path in folder.iterdir()}
    with demo_app.test_request_context():
        assert db.session.scalar(db.select(db.func.count(IssuedCredential.id))) == issued
        states = {
            name: state_of(verifier.verify(extract_token(data, name)))
            for name, data in tokens.items()
        }
        subject = parse_credential(extract_token(tokens["valid.jwt"])).subject_id
    assert states == {
        "valid.jwt": "valid",
        "valid-badge.png": "valid",
        "expired.jwt": "expired",
        "unknown-issuer.jwt": "unknown_issuer",
        "revoked.jwt": "revoked",
    }
    assert subject is None  # no one's wallet id unless --subject gives one


def test_examples_name_the_learner_given_by_wallet_id(demo_app, tmp_path):
    wallet_id = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    run_cli(demo_app, "demo", "examples", str(tmp_path), "--subject", wallet_id)
    token = (tmp_path / "valid.jwt").read_text()
    assert parse_credential(token).subject_id == wallet_id
    refused = demo_app.test_cli_runner().invoke(
        args=["demo", "examples", str(tmp_path), "--subject", "amina@example.se"]
    )
    assert refused.exit_code != 0 and "did:key:" in refused.output


def test_the_sample_credential_json_signs_and_imports_as_valid(demo_app, tmp_path):
    """examples/credential.json, as committed, is what `flask issuer sign` expects."""
    run_cli(demo_app, "demo", "seed")  # as make run does: the demo issuers are on the list
    target = tmp_path / "repair-sewing.jwt"
    source = str(EXAMPLES / "credential.json")
    sign = ["issuer", "sign", "--issuer", "nordiska-textilakademin", source, "-o", str(target)]
    run_cli(demo_app, *sign)
    client = demo_app.test_client()
    auth = AuthActions(client)
    assert auth.register().status_code == 303
    assert auth.login().status_code == 303
    upload = (io.BytesIO(target.read_bytes()), target.name)
    response = auth.post("/wallet/import", {"file": upload, "credential": ""})
    assert response.status_code == 303, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    with demo_app.app_context():
        query = db.select(StoredCredential).filter_by(title="Reparationssömnad – fortsättning")
        stored = db.session.scalar(query)
        assert (stored.verdict, stored.issuer_name) == ("verified", "Nordiska Textilakademin")
    assert "Reparationssömnad – fortsättning" in page and "SeQF 3" in page
