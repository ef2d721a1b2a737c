"""The employer's page shows a credential's own image from our host, to the view that shows it,
and only where it proves nothing false: never for a forged credential, never an untrusted
issuer's own logo. /verify keeps nothing and fetches nothing."""

from __future__ import annotations

import datetime
import re

import pytest
from support.demo import seeded_app
from support.demo import share_demo_credential
from support.images import data_url
from support.images import decoded
from support.images import png_bytes
from support.images import with_image
from support.issuers import did_key_issuer
from support.registry import trust_in_file
from support.states import tampered
from test_public import share
from test_public import update_share

from wallet.credentials import TrustList
from wallet.credentials.images import THUMBNAIL_SIDE
from wallet.models import CredentialImage
from wallet.models import StoredCredential
from wallet.platform.extensions import db

TRUSTED = did_key_issuer("Ed25519", slot=19)
UNLISTED = did_key_issuer("P-256", slot=19)
BADGE = data_url(png_bytes())
CARD_IMAGE = re.compile(r'<img class="card-image" src="([^"]+)"')
PLACEHOLDER = "card-image card-image-none"


@pytest.fixture(autouse=True)
def portal(app, tmp_path):
    app.config["PORTAL_KEY_PATH"] = str(tmp_path / "portal-key.pem")
    trust_in_file(app, TRUSTED.did)


def card_images(app, token: str) -> list[str]:
    response = app.test_client().get(f"/v/{token}", follow_redirects=True)
    assert response.status_code == 200
    return CARD_IMAGE.findall(response.get_data(as_text=True))


def kept_png(app) -> bytes:
    with app.app_context():
        return db.session.scalar(db.select(CredentialImage.data))


def test_the_employer_gets_the_kept_image_without_another_view_counted(app, user):
    token = share(app, user, [with_image(TRUSTED, BADGE)], max_views=1)
    [url] = card_images(app, token)
    assert url.startswith(f"/v/{token}/credentials/0/image?view=")
    response = app.test_client().get(url)
    assert response.status_code == 200
    assert response.data == kept_png(app)
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Cache-Control"] == "private, max-age=3600"
    assert app.test_client().get(url).status_code == 200  # the one view was spent on the page
    assert update_share(app, token)[0] == 1


def test_an_image_without_the_views_ticket_is_not_found_and_counts_nothing(app, user):
    token = share(app, user, [with_image(TRUSTED, BADGE)])
    client = app.test_client()
    for url in (f"/v/{token}/credentials/0/image", f"/v/{token}/credentials/0/image?view=x"):
        assert client.get(url).status_code == 404
    assert update_share(app, token)[0] == 0


@pytest.mark.parametrize(
    "closing",
    [
        {"revoked_at": datetime.datetime.now(datetime.UTC)},
        {"expires_at": datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)},
    ],
)
def test_a_closed_link_gives_no_image(app, user, closing):
    token = share(app, user, [with_image(TRUSTED, BADGE)])
    [url] = card_images(app, token)
    update_share(app, token, **closing)
    response = app.test_client().get(url)
    assert response.status_code in (404, 410)
    assert response.mimetype != "image/png"


def test_a_position_without_an_image_is_not_found(app, user):
    token = share(app, user, [with_image(TRUSTED, BADGE), TRUSTED.issue()])
    [url] = card_images(app, token)
    assert app.test_client().get(url.replace("/0/", "/1/")).status_code == 404


def test_a_forged_credential_shows_the_placeholder(app, user):
    token = share(app, user, [with_image(TRUSTED, BADGE)])
    with app.app_context():
        stored = db.session.scalar(db.select(StoredCredential))
        stored.raw = tampered(stored.raw)
        db.session.commit()
    page = app.test_client().get(f"/v/{token}", follow_redirects=True).get_data(as_text=True)
    assert "A credential that was changed or forged" in page
    assert CARD_IMAGE.findall(page) == [] and PLACEHOLDER in page


def test_an_issuers_own_logo_shows_only_while_the_issuer_is_trusted(app, user):
    achievement = with_image(UNLISTED, BADGE, "Svetsning")
    logo = with_image(UNLISTED, BADGE, "Lödning", of_issuer=True)
    token = share(app, user, [achievement, logo])
    assert [url.split("?")[0] for url in card_images(app, token)] == [
        f"/v/{token}/credentials/0/image"  # an achievement's image claims no issuer
    ]
    trusted_logo = share(app, user, [with_image(TRUSTED, BADGE, "Fogning", of_issuer=True)])
    assert len(card_images(app, trusted_logo)) == 1
    TrustList([]).save(app.config["TRUST_LIST"])  # the issuer leaves the trust list
    assert card_images(app, trusted_logo) == []


def test_verify_shows_no_image_of_a_pasted_credential_and_keeps_none(app, client, csrf_token):
    form = {"credential": with_image(TRUSTED, BADGE), "csrf_token": csrf_token(client, "/verify")}
    page = client.post("/verify", data=form).get_data(as_text=True)
    assert "Bildbärande merit" in page
    assert CARD_IMAGE.findall(page) == [] and PLACEHOLDER in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(CredentialImage.id))) == 0


def test_the_demo_shows_an_image_carried_in_a_credential(make_app, tmp_path):
    demo = seeded_app(make_app, tmp_path)
    [url] = card_images(demo, share_demo_credential(demo).token)
    assert decoded(demo.test_client().get(url).data).size == (THUMBNAIL_SIDE, THUMBNAIL_SIDE)
