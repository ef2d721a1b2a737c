"""/verify: an employer checks a credential received some other way; nothing sent is kept."""

from __future__ import annotations

import io
import logging
import time

import pytest
from support.forms import post_large
from support.hostile import DrippingServer
from support.issuers import Issuer
from support.issuers import did_key_issuer
from support.issuers import forge_token
from support.issuers import private_key
from support.issuers import split_token
from support.issuers import status_entry
from support.registry import trust_in_file

from wallet.models import ShareLink
from wallet.models import StoredCredential
from wallet.models import User
from wallet.platform.extensions import db

TRUSTED = did_key_issuer("Ed25519", slot=9)


@pytest.fixture(autouse=True)
def trust_list(app):
    trust_in_file(app, TRUSTED.did)


def post_verify(client, csrf_token, **data):
    return client.post("/verify", data={**data, "csrf_token": csrf_token(client, "/verify")})


def row_counts(app) -> list[int]:
    with app.app_context():
        return [
            db.session.scalar(db.select(db.func.count()).select_from(model))
            for model in (User, StoredCredential, ShareLink)
        ]


def tampered(token: str) -> str:
    header, claims = split_token(token)
    claims["credentialSubject"]["achievement"]["name"] = "Kärnkraftsingenjör"
    return ".".join([*forge_token(header, claims).split(".")[:2], token.split(".")[2]])


def test_the_form_works_without_an_account(client):
    page = client.get("/verify").get_data(as_text=True)
    assert 'name="credential"' in page and 'type="file"' in page and "<script" not in page


def test_a_pasted_credential_is_verified_and_explained(client, csrf_token):
    response = post_verify(client, csrf_token, credential=TRUSTED.issue())
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "badge badge-verified" in text
    assert "Omvårdnadssvenska, grundnivå" in text
    assert "Issued by Skellefteå kommun, which is on our list of trusted issuers." in text
    assert "Not stated by the issuer" in text


def test_an_uploaded_file_is_verified(client, csrf_token):
    upload = (io.BytesIO(TRUSTED.issue().encode()), "credential.jwt")
    response = post_verify(client, csrf_token, file=upload, credential="")
    assert "badge badge-verified" in response.get_data(as_text=True)


def test_a_tampered_credential_fails_and_says_what_to_do(client, csrf_token):
    text = post_verify(client, csrf_token, credential=tampered(TRUSTED.issue())).get_data(
        as_text=True
    )
    assert "badge badge-failed" in text
    assert "The signature is wrong" in text
    assert "Do not rely on this credential" in text


def test_an_expired_credential_fails_with_its_date(client, csrf_token):
    document = TRUSTED.credential(
        valid_from="2020-01-01T00:00:00Z", valid_until="2021-01-01T00:00:00Z"
    )
    text = post_verify(client, csrf_token, credential=TRUSTED.issue(document)).get_data(
        as_text=True
    )
    assert "badge badge-warning" in text and "Genuine, but expired" in text  # not forged
    assert "stopped being valid" in text and "2021" in text
    assert "no longer valid" in text


def test_a_broken_token_is_explained_without_facts(client, csrf_token):
    header, payload, _ = TRUSTED.issue().split(".")
    response = post_verify(client, csrf_token, credential=f"{header}.{payload[:-9]}.AAAA")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "badge badge-failed" in text
    assert "send the credential exactly as they received it" in text
    assert "Facts about this micro-credential" not in text


def test_something_that_is_not_a_credential_is_refused(client, csrf_token):
    response = post_verify(client, csrf_token, credential="hello, this is not a credential")
    assert response.status_code == 422
    assert "found no credential" in response.get_data(as_text=True)


def test_nothing_sent_is_stored_or_logged(app, client, csrf_token, caplog):
    caplog.set_level(logging.DEBUG)
    before = row_counts(app)
    token = TRUSTED.issue()
    for sent in (token, tampered(token)):
        assert post_verify(client, csrf_token, credential=sent).status_code == 200
    assert row_counts(app) == before
    signature = token.split(".")[2]
    assert not [record for record in caplog.records if signature in record.getMessage()]


@pytest.fixture
def dripping():
    server = DrippingServer(interval=0.2)
    yield server
    server.close()


def timed_verify(client, csrf_token, credential: str) -> tuple[str, float]:
    token = csrf_token(client, "/verify")
    started = time.monotonic()
    response = client.post("/verify", data={"credential": credential, "csrf_token": token})
    assert response.status_code == 200
    return response.get_data(as_text=True), time.monotonic() - started


@pytest.mark.app_config(FETCH_TIMEOUT=1.0, VERIFICATION_NETWORK_BUDGET=1.5)
def test_an_issuer_host_that_drips_bytes_costs_one_deadline(client, csrf_token, dripping):
    did = f"did:web:localhost%3A{dripping.port}"
    issuer = Issuer(private_key("P-256", 15), did, f"{did}#key-1")
    text, seconds = timed_verify(client, csrf_token, issuer.issue())
    assert seconds < 2.5
    assert "We could not reach the issuer to get their key." in text


@pytest.mark.app_config(
    FETCH_TIMEOUT=1.0, VERIFICATION_NETWORK_BUDGET=1.5, VERIFICATION_MAX_HOSTS=2
)
def test_many_slow_status_lists_cost_one_budget_and_say_so(client, csrf_token, dripping):
    hosts = ["localhost", "127.0.0.1"]
    entries = [
        status_entry(f"http://{hosts[n % 2]}:{dripping.port}/status/{n}", n) for n in range(16)
    ]
    credential = TRUSTED.issue(TRUSTED.credential(credentialStatus=entries))
    text, seconds = timed_verify(client, csrf_token, credential)
    assert seconds < 2.5
    assert "We could not check if the issuer has withdrawn the credential" in text


def test_a_forged_credential_shows_none_of_its_content_as_facts(client, csrf_token):
    text = post_verify(client, csrf_token, credential=tampered(TRUSTED.issue())).get_data(
        as_text=True
    )
    assert "A credential that was changed or forged" in text and "Changed or forged" in text
    assert 'It claims to be: <q dir="auto">Kärnkraftsingenjör</q>' in text
    assert "Do not rely on it: the signature does not match its content" in text
    assert "Facts about this micro-credential" not in text  # no fact sheet of forged content
    assert "Issued by" not in text and "calls itself" not in text  # nothing about its issuer
    assert "Skellefteå kommun" not in text  # the name it claims, not even in what to do
    assert "the organisation named as issuer" in text
    assert "Technical details" in text  # for an expert


def test_an_expired_credential_is_genuine_but_expired_not_forged(client, csrf_token):
    document = TRUSTED.credential(
        valid_from="2020-01-01T00:00:00Z", valid_until="2021-01-01T00:00:00Z"
    )
    text = post_verify(client, csrf_token, credential=TRUSTED.issue(document)).get_data(
        as_text=True
    )
    assert "Genuine, but expired" in text and "Changed or forged" not in text
    assert "Facts about this micro-credential" in text


def test_a_request_too_large_to_read_shows_the_form_again_with_the_limit(client, csrf_token):
    form = {"csrf_token": csrf_token(client, "/verify"), "credential": "",
            "file": (io.BytesIO(b"a" * 7 * 1024 * 1024), "huge.jwt")}
    response = post_large(client, "/verify?lang=en", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert 'id="verify-error" role="alert">That is too much to check at once.' in page
    assert 'action="/verify' in page and "At most 5 MB." in page
