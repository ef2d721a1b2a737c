"""The learner's wallet pages: import, list, filter, read and delete."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from support.data_integrity import di_credential
from support.forms import post_large
from support.issuers import did_key_issuer
from support.issuers import forge_token
from support.issuers import split_token
from support.registry import trust_in_file

from wallet.models import StoredCredential
from wallet.platform.extensions import db

TRUSTED = did_key_issuer("Ed25519", slot=7)
UNLISTED = did_key_issuer("P-256", slot=7)


@pytest.fixture(autouse=True)
def trust_list(app):
    trust_in_file(app, TRUSTED.did)


def post_import(client, csrf_token, headers=None, **data):
    token = csrf_token(client, "/wallet/import")
    return client.post("/wallet/import", data={**data, "csrf_token": token}, headers=headers or {})


def stored_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(StoredCredential.id)))


def test_empty_wallet_explains_how_to_get_a_credential(user):
    page = user.client.get("/wallet").get_data(as_text=True)
    assert "Ask the issuer" in page or "Be den som utfärdade" in page
    assert 'href="/wallet/import"' in page


def test_wallet_requires_login(client):
    response = client.get("/wallet")
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]


def test_pasted_credential_is_verified_and_shown(app, user, csrf_token):
    response = post_import(user.client, csrf_token, credential=TRUSTED.issue())
    assert response.status_code == 303
    detail = user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Omvårdnadssvenska, grundnivå" in detail
    assert "badge-verified" in detail
    assert "Skellefteå kommun" in detail
    listing = user.client.get("/wallet").get_data(as_text=True)
    assert "Omvårdnadssvenska, grundnivå" in listing and "badge-verified" in listing


def test_uploaded_jwt_file_is_imported(app, user, csrf_token):
    from io import BytesIO

    upload = (BytesIO(TRUSTED.issue().encode()), "omvardnad.jwt")
    response = post_import(user.client, csrf_token, file=upload, credential="")
    assert response.status_code == 303
    assert stored_count(app) == 1


def baked_png(token: str) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    text = b"openbadgecredential\x00\x00\x00\x00\x00" + token.encode()
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"iTXt", text)
        + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_baked_png_badge_is_imported(app, user, csrf_token):
    from io import BytesIO

    upload = (BytesIO(baked_png(TRUSTED.issue())), "badge.png")
    response = post_import(user.client, csrf_token, file=upload, credential="")
    assert response.status_code == 303
    assert stored_count(app) == 1


def test_same_credential_twice_is_stored_once(app, user, csrf_token):
    token = TRUSTED.issue()
    first = post_import(user.client, csrf_token, credential=token)
    second = post_import(user.client, csrf_token, credential="  " + token + "\n")
    assert first.headers["Location"] == second.headers["Location"]
    assert stored_count(app) == 1
    page = user.client.get(second.headers["Location"]).get_data(as_text=True)
    assert "already in your wallet" in page or "redan i din plånbok" in page


def test_unlisted_issuer_is_kept_with_a_warning(app, user, csrf_token):
    response = post_import(user.client, csrf_token, credential=UNLISTED.issue())
    detail = user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "badge-warning" in detail
    assert "check-warning" in detail


def test_expired_credential_is_kept_and_marked(app, user, csrf_token):
    document = TRUSTED.credential(valid_from="2020-01-01T00:00:00Z", valid_until="2021-01-01T00:00:00Z")
    response = post_import(user.client, csrf_token, credential=TRUSTED.issue(document))
    assert response.status_code == 303
    detail = user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "badge-failed" in detail
    assert "2021" in detail


def tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    _, claims = split_token(token)
    claims["credentialSubject"]["achievement"]["name"] = "Kärnkraftsingenjör"
    forged = forge_token(split_token(token)[0], claims)
    return ".".join([*forged.split(".")[:2], signature])


@pytest.mark.parametrize(
    "make_input, reason_en",
    [
        (lambda: tampered(TRUSTED.issue()), "signature is wrong"),
        (lambda: forge_token({"alg": "none", "typ": "JWT"}, split_token(TRUSTED.issue())[1]), "unsafe way"),
        (lambda: "hello, this is not a credential", "found no credential"),
        (lambda: "", "nothing to read"),
    ],
    ids=["tampered", "alg-none", "not-a-credential", "empty"],
)
def test_refused_input_stores_nothing_and_says_why(app, user, csrf_token, make_input, reason_en):
    response = post_import(
        user.client, csrf_token, credential=make_input(), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert reason_en in response.get_data(as_text=True)
    assert stored_count(app) == 0


def test_unsupported_file_type_is_refused(app, user, csrf_token):
    from io import BytesIO

    upload = (BytesIO(b"MZ\x90\x00"), "virus.exe")
    response = post_import(user.client, csrf_token, file=upload, credential="")
    assert response.status_code == 422
    assert stored_count(app) == 0


@pytest.mark.parametrize(
    "form, reason",
    [
        ({"file": (5 * 1024 * 1024 + 10, "huge.txt")}, "The file is too large."),
        ({"file": (7 * 1024 * 1024, "huge.txt")}, "That is too much to check at once."),
        ({"credential": "a" * (1024 * 1024 + 10)}, "That is too much to check at once."),
    ],
    ids=["file-cap", "request-cap", "pasted-text-cap"],
)
def test_oversized_input_shows_the_form_again_with_the_limit(app, user, csrf_token, form, reason):
    # As the browser sends the form: multipart, with the file field empty when text is pasted.
    size, name = form.get("file", (0, ""))
    form = {"credential": "", **form, "file": (io.BytesIO(b"a" * size), name)}
    form["csrf_token"] = csrf_token(user.client, "/wallet/import")
    response = post_large(user.client, "/wallet/import", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert 'id="import-form"' in page and reason in page
    assert "At most 5 MB." in page.split('id="file-hint"', 1)[1].split("</p>", 1)[0]
    assert stored_count(app) == 0


def test_import_without_csrf_token_is_refused(app, user):
    response = user.client.post("/wallet/import", data={"credential": TRUSTED.issue()})
    assert response.status_code == 400
    assert stored_count(app) == 0


def test_htmx_import_error_returns_only_the_form(user, csrf_token, htmx):
    response = post_import(
        user.client, csrf_token, credential="nonsense", headers=htmx.swap
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" not in body and 'id="import-form"' in body
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_import_success_redirects_the_whole_page(user, csrf_token, htmx):
    response = post_import(
        user.client, csrf_token, credential=TRUSTED.issue(), headers=htmx.swap
    )
    assert response.headers["HX-Redirect"].startswith("/wallet/")


def test_script_in_credential_fields_is_shown_as_text(user, csrf_token):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    document = TRUSTED.credential(name=hostile)
    document["credentialSubject"]["achievement"]["name"] = hostile
    document["credentialSubject"]["achievement"]["description"] = hostile
    response = post_import(user.client, csrf_token, credential=TRUSTED.issue(document))
    for url in (response.headers["Location"], "/wallet"):
        page = user.client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page


def import_two(user, csrf_token):
    post_import(user.client, csrf_token, credential=TRUSTED.issue())
    post_import(user.client, csrf_token, credential=UNLISTED.issue())


def test_filter_by_issuer_and_status(user, csrf_token):
    import_two(user, csrf_token)
    by_status = user.client.get("/wallet?verdict=warning").get_data(as_text=True)
    assert by_status.count('class="card ') == 1 and "verdict-warning" in by_status
    by_issuer = user.client.get(f"/wallet?issuer={TRUSTED.did}").get_data(as_text=True)
    assert by_issuer.count('class="card ') == 1 and "verdict-verified" in by_issuer


def test_filter_answers_htmx_with_the_list_and_boosts_with_the_page(user, csrf_token, htmx):
    import_two(user, csrf_token)
    fragment = user.client.get("/wallet?verdict=warning", headers=htmx.swap)
    assert fragment.get_data(as_text=True).lstrip().startswith('<section id="credential-list"')
    boosted = user.client.get("/wallet?verdict=warning", headers=htmx.boosted)
    assert "<html" in boosted.get_data(as_text=True)
    restored = user.client.get("/wallet?verdict=warning", headers=htmx.history_restore)
    assert "<html" in restored.get_data(as_text=True)


def test_another_learners_credential_is_not_found(app, user, other_user, csrf_token):
    response = post_import(user.client, csrf_token, credential=TRUSTED.issue())
    url = response.headers["Location"]
    assert other_user.client.get(url).status_code == 404
    token = csrf_token(other_user.client, "/wallet")
    attempt = other_user.client.post(url + "/delete", data={"csrf_token": token})
    assert attempt.status_code == 404
    assert stored_count(app) == 1
    assert "Omvårdnadssvenska" not in other_user.client.get("/wallet").get_data(as_text=True)


def test_delete_asks_first_then_removes(app, user, csrf_token):
    url = post_import(user.client, csrf_token, credential=TRUSTED.issue()).headers["Location"]
    confirm = user.client.get(url + "/delete")
    assert confirm.status_code == 200 and stored_count(app) == 1
    token = csrf_token(user.client, url + "/delete")
    done = user.client.post(url + "/delete", data={"csrf_token": token})
    assert done.status_code == 303
    assert stored_count(app) == 0
    assert user.client.get(url).status_code == 404


def test_a_credential_is_shared_or_downloaded_from_its_page(user, csrf_token, other_user):
    token = TRUSTED.issue()
    url = post_import(user.client, csrf_token, credential=token).headers["Location"]
    credential_id = url.rsplit("/", 1)[1]
    page = user.client.get(url).get_data(as_text=True)
    assert f'href="/shares/new?credential_ids={credential_id}"' in page
    assert "Share this credential" in page and "Download exactly as issued" in page
    form = user.client.get(f"/shares/new?credential_ids={credential_id}").get_data(as_text=True)
    assert f'name="credential_ids" value="{credential_id}"' in form  # ticked, ready to share
    download = user.client.get(f"{url}/download")
    assert download.get_data(as_text=True) == token  # exactly as issued
    assert download.headers["Content-Disposition"] == (
        f'attachment; filename="credential-{credential_id}.jwt"'
    )
    assert "no-store" in download.headers["Cache-Control"]
    assert other_user.client.get(f"{url}/download").status_code == 404


def test_a_credential_pasted_with_the_mail_around_it_is_imported(app, user, csrf_token):
    token = TRUSTED.issue()
    wrapped = "\r\n".join(token[i : i + 76] for i in range(0, len(token), 76))
    mail = f"Hej!\r\n\r\nHär är ditt intyg från Skellefteå kommun:\r\n\r\n{wrapped}\r\n\r\nMvh"
    response = post_import(user.client, csrf_token, credential=mail)
    assert response.status_code == 303 and stored_count(app) == 1
    other = TRUSTED.issue(TRUSTED.credential(id="urn:uuid:another-one"))
    twice = post_import(user.client, csrf_token, credential=f"{token}\n{other}")
    assert twice.status_code == 422
    assert "We found 2 credentials in what you gave us." in twice.get_data(as_text=True)


def test_a_json_ld_credential_is_downloaded_as_json(user, csrf_token):
    raw = di_credential(TRUSTED)
    url = post_import(user.client, csrf_token, credential=raw).headers["Location"]
    download = user.client.get(f"{url}/download")
    assert download.get_data(as_text=True) == raw
    assert download.mimetype == "application/ld+json"
    assert download.headers["Content-Disposition"].endswith('.json"')
