"""Adding a credential by its link: fetched with the guards of an issuer's key, then read and
verified like an uploaded file; refused in plain words when the link leads nowhere useful."""

from __future__ import annotations

import io
import json

import openbadges_bakery
import pytest
from PIL import Image
from support.cli import run_cli
from support.issuers import LoopbackServer
from support.issuers import did_key_issuer
from support.open_badges_2 import BadgeIssuer
from support.open_badges_2 import hashed_identity

from wallet.models import StoredCredential
from wallet.platform.extensions import db

ISSUER = did_key_issuer("Ed25519", slot=8)


@pytest.fixture(scope="module")
def server() -> LoopbackServer:
    server = LoopbackServer()
    yield server
    server.close()


def post_link(user, csrf_token, link: str):
    token = csrf_token(user.client, "/wallet/import")
    return user.client.post("/wallet/import", data={"credential": link, "csrf_token": token})


def stored(app) -> list[StoredCredential]:
    with app.app_context():
        return list(db.session.scalars(db.select(StoredCredential)))


def page_text(response) -> str:
    return response.get_data(as_text=True)


def test_a_link_to_a_credential_is_fetched_verified_and_kept(app, user, csrf_token, server):
    token = ISSUER.issue()
    link = server.serve("/credentials/omvardnad.jwt", token.encode())
    response = post_link(user, csrf_token, link)
    assert response.status_code == 303
    [kept] = stored(app)
    assert kept.raw == token  # exactly as the link served it
    assert "Omvårdnadssvenska" in page_text(user.client.get(response.headers["Location"]))


def baked_png(content: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return openbadges_bakery.bake(io.BytesIO(buffer.getvalue()), content).read()


def test_a_badge_image_baked_with_its_hosted_link_is_followed(app, user, csrf_token, server):
    issuer = BadgeIssuer.on(server)
    recipient = {"type": "email", "hashed": True, "salt": "salt", "identity": ""}
    recipient["identity"] = hashed_identity(user.email, "salt")
    assertion = issuer.assertion(recipient=recipient)
    issuer.host(assertion)
    link = server.serve(f"{issuer.path}/badge.png", baked_png(assertion["id"]))
    response = post_link(user, csrf_token, link)
    assert response.status_code == 303
    [kept] = stored(app)
    assert json.loads(kept.raw)["id"] == assertion["id"] and kept.shape == "ob2"
    detail = page_text(user.client.get(response.headers["Location"]))
    assert "Lagning av kläder" in detail
    # An address typed at sign-up proves nothing: it is compared once it is confirmed.
    assert "Confirm your own address on your profile" in detail
    assert "Issued to your confirmed e-mail address." not in detail
    run_cli(app, "admin", "confirm", user.email)
    detail = page_text(user.client.get(response.headers["Location"]))
    assert "Issued to your confirmed e-mail address." in detail
    assert "Issued to an e-mail address" in detail  # the fact sheet, without the address


def test_a_badge_issued_to_another_address_says_so(app, user, csrf_token, server):
    issuer = BadgeIssuer.on(server)
    text = issuer.host(issuer.assertion())  # issued to anna.andersson@example.se
    response = post_link(user, csrf_token, server.serve(f"{issuer.path}/copy.json", text.encode()))
    run_cli(app, "admin", "confirm", user.email)
    detail = page_text(user.client.get(response.headers["Location"]))
    assert "Issued to another e-mail address than your confirmed one." in detail


@pytest.mark.parametrize(
    "route, said",
    [
        ({"status": 404}, "There is nothing at that link"),
        ({"body": b"<html><body>Welcome</body></html>"}, "We found no credential"),
        ({"body": b"x" * (5 * 1024 * 1024 + 1)}, "It can be at most 5 MB"),
    ],
)
def test_links_that_lead_nowhere_useful_are_refused_in_plain_words(
    app, user, csrf_token, server, route, said
):
    path = f"/nowhere-{len(server.routes)}"
    server.serve(path, route.pop("body", b""), **route)
    response = post_link(user, csrf_token, f"http://localhost:{server.port}{path}")
    assert response.status_code == 422
    assert said in page_text(response)
    assert stored(app) == []


@pytest.mark.app_config(FETCH_TIMEOUT=0.5)
def test_a_slow_host_is_cut_off(app, user, csrf_token, server):
    link = server.serve("/slow.jwt", ISSUER.issue().encode(), delay=3)
    response = post_link(user, csrf_token, link)
    assert "did not answer in time" in page_text(response)
    assert stored(app) == []


@pytest.mark.app_config(WALLET_INSECURE_LOCALHOST=False)
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_private_address_is_never_fetched(app, user, csrf_token, server, scheme):
    before = len(server.requests)
    link = f"{scheme}://127.0.0.1:{server.port}/credentials/omvardnad.jwt"
    response = post_link(user, csrf_token, link)
    assert "We only open links that start with https:// to public websites." in page_text(response)
    assert len(server.requests) == before


def test_verify_page_does_not_fetch_links(client, csrf_token, server):
    before = len(server.requests)
    link = server.serve("/credentials/for-verify.jwt", ISSUER.issue().encode())
    form = {"credential": link, "csrf_token": csrf_token(client, "/verify")}
    response = client.post("/verify", data=form)
    assert response.status_code == 422
    assert "We do not open links here." in page_text(response)
    assert len(server.requests) == before
