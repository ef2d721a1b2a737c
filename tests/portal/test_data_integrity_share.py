"""A JSON-LD credential secured by a Data Integrity proof, from import to the employer's page."""

from __future__ import annotations

import hashlib
import json
import urllib.parse

from support.data_integrity import di_credential
from support.issuers import did_key_issuer
from support.sharing import add_credential
from support.sharing import link_on_page
from support.sharing import make_share
from support.sharing import signed_presentation

from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.credentials.jose import b64url_decode
from wallet.models import ShareLink
from wallet.models import User
from wallet.platform.extensions import db

ISSUER = did_key_issuer("Ed25519", slot=9)
TITLE = "Omvårdnadssvenska, grundnivå"


def learner_did(app, user) -> str:
    with app.app_context():
        return db.session.get(User, user.id).did


def trust_issuer(app) -> None:
    TrustList([TrustedIssuer(ISSUER.did, "Skellefteå kommun")]).save(app.config["TRUST_LIST"])


def shared_link(app, user, csrf_token, raw: str) -> str:
    """Import ``raw`` through the import form, share it, and return the link's path."""
    credential_id = add_credential(user.client, csrf_token, raw)
    share_id = make_share(user.client, csrf_token, [credential_id])
    link = link_on_page(user.client.get(f"/shares/{share_id}").get_data(as_text=True))
    return urllib.parse.urlsplit(link).path


def test_imported_shared_and_shown_as_presented_by_its_subject(app, user, csrf_token):
    trust_issuer(app)
    raw = di_credential(ISSUER, subject_id=learner_did(app, user))
    link = shared_link(app, user, csrf_token, raw)

    employer = app.test_client()
    page = employer.get(link, follow_redirects=True).get_data(as_text=True)
    assert TITLE in page
    assert "Genuine and valid" in page
    assert "Shared by the person it was issued to." in page

    document = employer.get(link + ".json", follow_redirects=True).get_json()
    shared = document["credentials"][0]
    assert (shared["state"], shared["holder_binding"]) == ("valid", "subject")
    assert document["holder"]["presented_by_subject"] is True
    assert shared["download"].split("?")[0].endswith("/credentials/0.json")

    address = urllib.parse.urlsplit(shared["download"])
    download = employer.get(f"{address.path}?{address.query}")
    assert download.mimetype == "application/ld+json"
    assert 'filename="credential-0.json"' in download.headers["Content-Disposition"]
    assert download.get_data(as_text=True) == raw
    assert shared["sha256"] == hashlib.sha256(raw.encode()).hexdigest()


def test_the_presentation_carries_the_credential_as_an_object(app, user, csrf_token):
    raw = di_credential(ISSUER, subject_id=learner_did(app, user))
    shared_link(app, user, csrf_token, raw)
    with app.app_context():
        share = db.session.scalar(db.select(ShareLink))
    presentation = signed_presentation(app, share)
    claims = json.loads(b64url_decode(presentation.split(".")[1]))
    assert claims["vp"]["verifiableCredential"] == [json.loads(raw)]


def test_someone_elses_credential_is_not_shown_as_theirs(app, user, csrf_token):
    trust_issuer(app)
    link = shared_link(app, user, csrf_token, di_credential(ISSUER, subject_id="did:example:x"))
    document = app.test_client().get(link + ".json", follow_redirects=True).get_json()
    assert document["credentials"][0]["holder_binding"] == "other_subject"
    assert document["holder"]["presented_by_subject"] is False
