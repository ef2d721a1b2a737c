"""/ask: the form makes a signed OpenID4VP request; its page waits with a QR code and links,
keeps out of search engines and referrers, and everything is deleted after ASK_MINUTES."""

from __future__ import annotations

import datetime
import re

import pytest
from asking_helpers import RequestObject
from asking_helpers import ask

from wallet.asking.models import VerifierRequestRow
from wallet.credentials import KeyResolver
from wallet.credentials import jose
from wallet.platform.extensions import db


def rows(app) -> list[VerifierRequestRow]:
    with app.app_context():
        return list(db.session.scalars(db.select(VerifierRequestRow)))


def test_the_form_asks_without_an_account(client):
    page = client.get("/ask")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="csrf_token"' in text
    assert 'value="eu_learning_credential"' in text and 'value="given_name"' in text
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_the_form_makes_a_request_and_its_page_waits_with_a_qr_code(app, client, csrf_token,
                                                                    clock_at):
    key = ask(client, csrf_token)
    assert len(jose.b64url_decode(key)) >= 16  # at least 128 random bits
    page = client.get(f"/ask/{key}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<svg" in text
    assert "openid4vp://?client_id=decentralized_identifier%3Adid%3Ajwk%3A" in text
    assert f'href="/ask/{key}"' in text  # "Check again", without script
    assert 'hx-trigger="every 3s"' in text
    # The Digital Credentials API button is hidden until its script finds the API.
    button = r'<button type="button" class="button-secondary" hidden\s+data-dc-request="ey'
    assert re.search(button, text)
    assert "<script>" not in text and "style=" not in text  # the strict CSP holds
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "Set-Cookie" not in app.test_client().get(f"/ask/{key}").headers  # no cookie of its own
    [row] = rows(app)
    assert key not in (row.key_hash, row.wallet_hash) and key not in row.record  # only hashed
    assert row.expires_at - row.created_at == datetime.timedelta(minutes=10)


def test_an_htmx_poll_gets_nothing_new_while_the_request_waits(client, csrf_token, htmx):
    key = ask(client, csrf_token)
    response = client.get(f"/ask/{key}", headers=htmx.swap)
    assert response.status_code == 204


def test_the_request_object_is_signed_by_the_portal_did_and_fresh(client, csrf_token, clock_at):
    first, second = (RequestObject.fetch(client, ask(client, csrf_token)) for _ in range(2))
    did = first.claims["client_id"].removeprefix("decentralized_identifier:")
    assert did.startswith("did:jwk:")
    assert first.header == {"alg": "ES256", "typ": "oauth-authz-req+jwt", "kid": f"{did}#0"}
    key, details = KeyResolver(None).resolve_issuer_key(did, first.header)
    jose.verify_signature(first.token, key, details.algorithm)
    claims = first.claims
    assert (claims["response_type"], claims["response_mode"]) == ("vp_token", "direct_post.jwt")
    assert claims["response_uri"].endswith("/response")
    assert claims["exp"] - claims["iat"] == 600 and claims["iat"] == int(clock_at.now.timestamp())
    [query] = claims["dcql_query"]["credentials"]
    assert query["claims"] == [{"path": ["given_name"]}, {"path": ["family_name"]}]
    assert {first.claims["nonce"], first.claims["state"]}.isdisjoint(
        {second.claims["nonce"], second.claims["state"]}
    )
    # The wallet's addresses never lead to the employer's page.
    assert first.link.split("request_uri=")[1] not in client.get("/ask").get_data(as_text=True)


def test_the_wallet_handle_does_not_open_the_page(client, csrf_token):
    key = ask(client, csrf_token)
    handle = RequestObject.fetch(client, key).response_path.split("/")[2]
    assert handle != key
    assert client.get(f"/ask/{handle}").status_code == 404


def test_a_named_issuer_and_the_kind_are_asked_for(app, client, csrf_token):
    from wallet.models import RegisteredIssuer

    with app.app_context():
        db.session.add(RegisteredIssuer(issuer_id="did:web:skola.example", slug="skola",
                                        name_sv="Skolan", name_en="The School"))
        db.session.commit()
    assert "did:web:skola.example" in client.get("/ask").get_data(as_text=True)
    key = ask(client, csrf_token, kind="open_badge", issuer="did:web:skola.example", claims=[])
    claims = RequestObject.fetch(client, key).claims
    assert [q["id"] for q in claims["dcql_query"]["credentials"]] == [
        "open_badge_jwt", "open_badge_ldp",
    ]


@pytest.mark.parametrize("form", [{"kind": "diploma"}, {"issuer": "did:web:unknown.example"}])
def test_what_is_not_offered_cannot_be_asked(app, client, csrf_token, form):
    fields = {"kind": "eu_learning_credential", **form, "csrf_token": csrf_token(client, "/ask")}
    assert client.post("/ask", data=fields).status_code == 422
    assert rows(app) == []


def test_the_form_needs_its_csrf_token(client):
    assert client.post("/ask", data={"kind": "any"}).status_code == 400


def test_requests_are_deleted_after_ask_minutes(app, client, csrf_token, clock_at):
    key = ask(client, csrf_token)
    clock_at.move(minutes=29)
    assert client.get(f"/ask/{key}").status_code == 410  # expired, still kept
    clock_at.move(minutes=1)
    gone = client.get(f"/ask/{key}")
    assert gone.status_code == 404 and "Ask again" in gone.get_data(as_text=True)
    assert len(rows(app)) == 1  # no longer shown, deleted by the next request
    ask(client, csrf_token)
    assert len(rows(app)) == 1


@pytest.mark.app_config(ASK_MINUTES=5)
def test_ask_minutes_is_configurable_and_flask_ask_purge_deletes(app, client, csrf_token,
                                                                 clock_at):
    key = ask(client, csrf_token)
    claims = RequestObject.fetch(client, key).claims
    assert claims["exp"] - claims["iat"] == 300  # never answered after it is deleted
    clock_at.move(minutes=5)
    result = app.test_cli_runner().invoke(args=["ask", "purge"])
    assert re.search(r"Deleted 1 request", result.output)
    assert rows(app) == []


def test_an_expired_request_says_so_and_offers_to_ask_again(client, csrf_token, clock_at):
    key = ask(client, csrf_token)
    request = RequestObject.fetch(client, key)
    clock_at.move(minutes=10, seconds=1)
    page = client.get(f"/ask/{key}")
    text = page.get_data(as_text=True)
    assert page.status_code == 410
    assert "This request has expired" in text and 'href="/ask' in text and "Ask again" in text
    assert client.get(request.request_path).status_code == 404
    document = client.get(f"/ask/{key}", headers={"Accept": "application/json"}).get_json()
    assert document["share"]["status"] == "expired" and document["verdict"] is None
