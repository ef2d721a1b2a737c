"""An SD-JWT VC from import to the employer's page: kept whole, its facts shown, shared enveloped."""

from __future__ import annotations

import json
import urllib.parse

from support.issuers import did_key_issuer
from support.sd_jwt import disclosure
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential
from support.sharing import add_credential
from support.sharing import link_on_page
from support.sharing import make_share
from support.sharing import signed_presentation

from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.credentials.jose import b64url_decode
from wallet.models import ShareLink
from wallet.models import StoredCredential
from wallet.platform.extensions import db

ISSUER = did_key_issuer("P-256", slot=10)


def sd_jwt(disclosed=None) -> str:
    issued = issue_sd_jwt(learning_credential(ISSUER.did), ISSUER.key, header={"kid": ISSUER.kid})
    if disclosed is None:
        return issued.token
    # A claim's own disclosure, and those of its array elements (all but named claims').
    named = [issued.disclosure_named(name) for name in disclosed]
    elements = [d for d in issued.disclosures if "Laga revor" in _decoded(d) or "Byta" in _decoded(d)]
    return issued.with_disclosures(named + elements)


def _decoded(encoded: str) -> str:
    return b64url_decode(encoded).decode("utf-8")


def trust_issuer(app) -> None:
    TrustList([TrustedIssuer(ISSUER.did, "Nordiska Textilakademin")]).save(app.config["TRUST_LIST"])


def test_an_sd_jwt_is_imported_whole_and_its_facts_shown(app, user, csrf_token):
    trust_issuer(app)
    raw = sd_jwt()
    mail = f"Hej Anna!\nHär är ditt intyg:\n\n{raw}\n\nHälsningar\nNordiska Textilakademin\n"
    credential_id = add_credential(user.client, csrf_token, mail)
    with app.app_context():
        stored = db.session.get(StoredCredential, credential_id)
        assert stored.raw == raw  # every disclosure as received
        assert stored.title == "Reparationssömnad"
    page = user.client.get(f"/wallet/{credential_id}", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert "Reparationssömnad" in text and "Anna Andersson" in text
    assert "Genuine and valid" in text
    assert "EU learning credential" in text  # the vct by its name
    assert "Byta blixtlås" in text and "40 hours" in text and "EQF 4" in text
    assert "Can count towards another credential" in text


def test_shared_it_reaches_the_employer_enveloped_and_verified(app, user, csrf_token):
    trust_issuer(app)
    raw = sd_jwt(disclosed=["given_name", "family_name", "learning_outcomes"])
    credential_id = add_credential(user.client, csrf_token, raw)
    share_id = make_share(user.client, csrf_token, [credential_id])
    link = link_on_page(user.client.get(f"/shares/{share_id}").get_data(as_text=True))
    path = urllib.parse.urlsplit(link).path

    with app.app_context():
        share = db.session.scalar(db.select(ShareLink))
    claims = json.loads(b64url_decode(signed_presentation(app, share).split(".")[1]))
    assert claims["vp"]["verifiableCredential"] == [
        {"type": "EnvelopedVerifiableCredential", "id": f"data:application/dc+sd-jwt,{raw}"}
    ]

    employer = app.test_client()
    page = employer.get(path + "?lang=en", follow_redirects=True).get_data(as_text=True)
    assert "Reparationssömnad" in page and "Genuine and valid" in page
    assert "Anna Andersson" in page and "Byta blixtlås" in page
    assert "Godkänd" not in page  # the grade was not disclosed
    document = employer.get(path + ".json", follow_redirects=True).get_json()
    shared = document["credentials"][0]
    assert (shared["state"], shared["verdict"]) == ("valid", "verified")
    assert shared["facts"]["title"] == "Reparationssömnad"
    assert shared["holder_binding"] != "unproven"  # the presentation holds it


def test_a_changed_disclosure_is_shown_as_changed_on_verify(client, csrf_token):
    issued = issue_sd_jwt(learning_credential(ISSUER.did), ISSUER.key, header={"kid": ISSUER.kid})
    kept = [d for d in issued.disclosures if d != issued.disclosure_named("assessment_grade")]
    forged = issued.with_disclosures([*kept, disclosure("assessment_grade", "Väl godkänd")])
    form = {"credential": forged, "csrf_token": csrf_token(client, "/verify")}
    page = client.post("/verify?lang=en", data=form).get_data(as_text=True)
    assert "does not match what the issuer signed" in page
    assert "Anna" not in page and "Väl godkänd" not in page  # nothing of it shown as a fact
