"""A credential's image is kept at import (redrawn, once per image) and shown only to its owner;
an image that cannot be read never stops the import."""

from __future__ import annotations

import hashlib
import time

import pytest
from support.hostile import DrippingServer
from support.images import PIXELS_ONLY
from support.images import SECRET
from support.images import bomb_png
from support.images import chunk_types
from support.images import data_url
from support.images import decoded
from support.images import jpeg_bytes
from support.images import png_bytes
from support.images import with_image
from support.issuers import LoopbackServer
from support.issuers import did_key_issuer
from support.registry import trust_in_file

from wallet.credentials.images import MAX_IMAGE_BYTES
from wallet.credentials.images import THUMBNAIL_SIDE
from wallet.models import CredentialImage
from wallet.models import StoredCredential
from wallet.models import User
from wallet.my_credentials.store import import_tokens
from wallet.platform.extensions import db

TRUSTED = did_key_issuer("Ed25519", slot=18)
UNLISTED = did_key_issuer("P-256", slot=18)
BADGE = data_url(png_bytes())


@pytest.fixture(autouse=True)
def trust_list(app):
    trust_in_file(app, TRUSTED.did)


@pytest.fixture
def loopback():
    server = LoopbackServer()
    yield server
    server.close()


def import_through_form(client, csrf_token, token: str) -> int:
    form = {"credential": token, "csrf_token": csrf_token(client, "/wallet/import")}
    response = client.post("/wallet/import", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def kept(app, credential_id: int) -> bytes | None:
    with app.app_context():
        image = db.session.get(StoredCredential, credential_id).image
        return image.data if image else None


def image_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(CredentialImage.id)))


def test_a_data_image_is_kept_redrawn_as_a_small_png(app, user, csrf_token):
    credential_id = import_through_form(user.client, csrf_token, with_image(TRUSTED, BADGE))
    png = kept(app, credential_id)
    assert chunk_types(png) == PIXELS_ONLY
    assert decoded(png).size == (THUMBNAIL_SIDE, THUMBNAIL_SIDE // 2)
    with app.app_context():
        row = db.session.scalar(db.select(CredentialImage))
        assert (row.content_type, row.sha256) == ("image/png", hashlib.sha256(png).hexdigest())


def test_an_https_image_is_fetched_once_for_every_credential_naming_it(app, user, loopback):
    loopback.serve("/badges/svetsning.png", jpeg_bytes())
    url = f"https://localhost:{loopback.port}/badges/svetsning.png"
    tokens = [with_image(TRUSTED, url, title) for title in ("Svetsning 1", "Svetsning 2")]
    with app.app_context():
        assert import_tokens(db.session.get(User, user.id), tokens) == 2
        images = [row.image for row in db.session.scalars(db.select(StoredCredential))]
    assert loopback.requests.count("/badges/svetsning.png") == 1
    assert images[0] is not None and images[0] is images[1]  # one row for the same image
    assert SECRET.encode() not in images[0].data


@pytest.mark.parametrize(
    "image",
    [
        data_url(bomb_png()),
        data_url(b"not an image at all"),
        data_url(b'<svg xmlns="http://www.w3.org/2000/svg"/>', "svg+xml"),
        "https://localhost:{port}/huge.png",
        "https://localhost:{port}/missing.png",
    ],
)
def test_an_unusable_image_imports_the_credential_without_one(
    app, user, csrf_token, loopback, image
):
    loopback.serve("/huge.png", b"\x89PNG" + bytes(MAX_IMAGE_BYTES + 1))
    token = with_image(TRUSTED, image.format(port=loopback.port))
    credential_id = import_through_form(user.client, csrf_token, token)
    assert kept(app, credential_id) is None
    assert image_rows(app) == 0
    assert user.client.get(f"/wallet/{credential_id}/image").status_code == 404


def test_a_slow_image_host_does_not_hold_up_a_backup_import(app, user):
    server = DrippingServer(interval=0.05)
    try:
        urls = [server.url(f"/{n}.png").replace("http:", "https:") for n in range(3)]
        tokens = [with_image(TRUSTED, url, f"Merit {n}") for n, url in enumerate(urls)]
        started = time.monotonic()
        with app.app_context():
            assert import_tokens(db.session.get(User, user.id), tokens, seconds=1.0) == 3
        assert time.monotonic() - started < 2.5
        assert image_rows(app) == 0
    finally:
        server.close()


def test_only_the_owner_gets_the_image(app, user, other_user, csrf_token):
    credential_id = import_through_form(user.client, csrf_token, with_image(TRUSTED, BADGE))
    response = user.client.get(f"/wallet/{credential_id}/image")
    assert response.status_code == 200
    assert response.data == kept(app, credential_id)
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Cache-Control"] == "private, max-age=3600"
    assert other_user.client.get(f"/wallet/{credential_id}/image").status_code == 404
    assert app.test_client().get(f"/wallet/{credential_id}/image").status_code in (302, 303)


def test_the_detail_page_shows_an_issuers_own_logo_only_while_it_is_trusted(app, user, csrf_token):
    def shown(issuer) -> bool:
        token = with_image(issuer, BADGE, f"Merit av {issuer.did[-6:]}", of_issuer=True)
        credential_id = import_through_form(user.client, csrf_token, token)
        page = user.client.get(f"/wallet/{credential_id}").get_data(as_text=True)
        return f'src="/wallet/{credential_id}/image"' in page

    assert shown(TRUSTED)
    assert not shown(UNLISTED)  # kept, but its logo is only a claim about who issued it


def test_deleting_a_credential_drops_its_image_once_no_other_shows_it(app, user, csrf_token):
    first, second = (
        import_through_form(user.client, csrf_token, with_image(TRUSTED, BADGE, title))
        for title in ("Svetsning", "Lödning")
    )
    assert image_rows(app) == 1
    for credential_id, rows_left in ((first, 1), (second, 0)):
        form = {"csrf_token": csrf_token(user.client, f"/wallet/{credential_id}/delete")}
        assert user.client.post(f"/wallet/{credential_id}/delete", data=form).status_code == 303
        assert image_rows(app) == rows_left


def test_deleting_an_account_drops_the_images_only_its_credentials_showed(
    app, user, other_user, csrf_token
):
    shared, own = BADGE, data_url(png_bytes(colour="#993366"))
    import_through_form(user.client, csrf_token, with_image(TRUSTED, shared, "Svetsning"))
    import_through_form(user.client, csrf_token, with_image(TRUSTED, own, "Lödning"))
    import_through_form(other_user.client, csrf_token, with_image(TRUSTED, shared, "Fogning"))
    assert image_rows(app) == 2
    form = {"csrf_token": csrf_token(user.client, "/account/delete"), "password": user.password}
    assert user.client.post("/account/delete", data=form).status_code == 303
    assert image_rows(app) == 1  # the other learner's credential still shows the shared one
