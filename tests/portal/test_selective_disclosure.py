"""An SD-JWT shared with claims kept back: the employer receives only what the learner chose,
proven by a key-binding JWT made for the link with the key the issuer bound it to."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
import re
import urllib.parse

import pytest
from support.data_integrity import run_node
from support.issuers import did_key_issuer
from support.registry import trust_in_file
from support.sd_jwt import IssuedSdJwt
from support.sharing import BIRTH_DATE
from support.sharing import add_credential
from support.sharing import learners_sd_jwt
from support.sharing import link_on_page
from support.sharing import make_share
from support.sharing import share_row

from wallet.credentials import disclosable_claims
from wallet.credentials import public_jwk
from wallet.credentials.jose import b64url_decode
from wallet.models import ShareItem
from wallet.platform import clock
from wallet.platform.extensions import db

ISSUER = did_key_issuer("P-256", slot=12)
KEPT_BACK = ("birth_date", "assessment_grade")
# What the kept-back claims say and are called: none of it may reach the employer.
HIDDEN = (BIRTH_DATE, "Godkänd", *KEPT_BACK)
BASE64URL_RUN = re.compile(r"[A-Za-z0-9_-]{8,}")


@dataclasses.dataclass(frozen=True)
class Shared:
    share_id: int
    link: str
    issued: IssuedSdJwt

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.link).path


@pytest.fixture
def shared(app, user, csrf_token) -> Shared:
    """The learner's Learning Credential shared without its grade and date of birth."""
    trust_in_file(app, ISSUER.did)
    issued = learners_sd_jwt(app, user.id, ISSUER)
    credential_id = add_credential(user.client, csrf_token, issued.token)
    shown = [c.digest for c in disclosable_claims(issued.token) if c.name not in KEPT_BACK]
    choices = {"disclosures_of": str(credential_id), f"disclose_{credential_id}": shown}
    share_id = make_share(user.client, csrf_token, [credential_id], **choices)
    link = link_on_page(user.client.get(f"/shares/{share_id}").get_data(as_text=True))
    return Shared(share_id, link, issued)


def readable(text: str, depth: int = 3) -> str:
    """``text`` and whatever its base64url runs decode to (disclosures, JWT payloads, the
    SD-JWTs inside those), so a claim cannot hide from the search in an encoding."""
    found = [text]
    for run in BASE64URL_RUN.findall(text) if depth else ():
        try:
            decoded = base64.urlsafe_b64decode(run + "=" * (-len(run) % 4)).decode("utf-8")
        except ValueError:  # not base64, or not text (UnicodeDecodeError is a ValueError)
            continue
        found.append(readable(decoded, depth - 1))
    return "\n".join(found)


def local(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.path}?{parts.query}"


def employer_json(app, shared: Shared) -> dict:
    return app.test_client().get(shared.path + ".json").get_json()


def key_binding_claims(token: str) -> dict:
    return json.loads(b64url_decode(token.rsplit("~", 1)[1].split(".")[1]))


def test_a_claim_kept_back_reaches_the_employer_nowhere(app, shared):
    employer = app.test_client()
    page = employer.get(shared.path + "?lang=en", follow_redirects=True).get_data(as_text=True)
    response = employer.get(shared.path + ".json")
    document = response.get_json()
    links = document["links"]
    downloads = {
        "the page": page,
        "the JSON": response.get_data(as_text=True),
        "the credential": employer.get(local(document["credentials"][0]["download"])),
        "the presentation": employer.get(local(links["presentation"])),
        "the receipt": employer.get(local(links["receipt"]).replace("receipt.jwt", "receipt")),
        "the signed receipt": employer.get(local(links["receipt"])),
    }
    for name, body in downloads.items():
        text = body if isinstance(body, str) else body.get_data(as_text=True)
        assert text, name
        revealed = readable(text)
        assert [hidden for hidden in HIDDEN if hidden in revealed] == [], name
    # What the learner chose is there: the search would find a claim where there is one.
    assert "Byta blixtlås" in page and "Anna Andersson" in page
    assert '"given_name", "Anna"' in readable(downloads["the credential"].get_data(as_text=True))
    assert "chose to show only part of it" in page
    [credential] = document["credentials"]
    assert credential["partly_disclosed"] is True
    assert credential["facts"].get("grade") is None and credential["facts"]["workload"]
    assert credential["state"] == "valid"


def test_the_key_binding_is_made_for_the_link_and_proves_the_holder(app, shared):
    document = employer_json(app, shared)
    token = app.test_client().get(local(document["credentials"][0]["download"])).get_data(
        as_text=True
    )
    claims = key_binding_claims(token)
    assert claims["aud"] == shared.link
    assert claims["nonce"] == share_row(app, shared.share_id).token_hash
    assert document["credentials"][0]["holder_binding"] == "subject"
    assert document["holder"]["presented_by_subject"] is True
    page = app.test_client().get(shared.path + "?lang=en", follow_redirects=True)
    assert "Shared by the person it was issued to." in page.get_data(as_text=True)


def test_extending_the_link_binds_it_again(app, shared, user, csrf_token, monkeypatch):
    later = clock.now().replace(microsecond=0) + datetime.timedelta(days=3)
    monkeypatch.setattr(clock, "now", lambda: later)
    form = {"expires_in_days": "90", "csrf_token": csrf_token(user.client, "/shares")}
    assert user.client.post(f"/shares/{shared.share_id}/extend", data=form).status_code == 303
    with app.app_context():
        presented = db.session.scalar(db.select(ShareItem.presented))
    assert key_binding_claims(presented)["iat"] == int(later.timestamp())
    assert employer_json(app, shared)["credentials"][0]["holder_binding"] == "subject"


def test_a_changed_presentation_is_refused_as_changed(app, shared):
    with app.app_context():
        item = db.session.scalar(db.select(ShareItem))
        head, key_binding = item.presented.rsplit("~", 1)
        kept_back = shared.issued.disclosure_named("birth_date")
        item.presented = f"{head}~{kept_back}~{key_binding}"  # the proof covers other disclosures
        db.session.commit()
    [credential] = employer_json(app, shared)["credentials"]
    assert credential["state"] == "forged"
    assert credential["holder_binding"] == "unproven"


def test_the_presentation_verifies_with_the_typescript_verifier(app, shared):
    document = employer_json(app, shared)
    token = app.test_client().get(local(document["credentials"][0]["download"])).get_data(
        as_text=True
    )
    nonce = share_row(app, shared.share_id).token_hash
    request = {"action": "verify", "issuer_jwk": public_jwk(ISSUER.key), "token": token,
               "nonce": nonce, "now": int(clock.now().timestamp())}
    answer = run_node("sd_jwt_vc.mjs", request)
    assert answer["ok"], answer
    assert (answer["kb"]["aud"], answer["kb"]["nonce"]) == (shared.link, nonce)
    assert answer["payload"]["given_name"] == "Anna"
    assert not set(KEPT_BACK) & answer["payload"].keys()
    assert not run_node("sd_jwt_vc.mjs", {**request, "nonce": "another link's"})["ok"]
