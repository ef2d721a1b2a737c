"""The account pages: profile, backup export and import, deleting the account."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import json
import re
import struct
import zipfile

import pytest
from support.data_integrity import di_credential
from support.forms import AuthActions
from support.forms import post_large
from support.issuers import did_key_issuer
from support.issuers import split_token

from wallet.credentials.jose import b64url_encode
from wallet.models import ShareItem
from wallet.models import ShareLink
from wallet.models import StoredCredential
from wallet.models import User
from wallet.my_credentials.store import import_tokens
from wallet.platform.extensions import db
from wallet.verification import verifier

CREDENTIAL_COUNT = re.compile(r"<dt>Credentials in your wallet</dt>\s*<dd>(\d+)</dd>")
IMPORT_ERROR = re.compile(r'<div id="backup-error" role="alert"><p class="error">([^<]*)</p>')


def issue_tokens(count: int) -> list[str]:
    """Genuine credentials from a throwaway did:key issuer, each with its own id."""
    issuer = did_key_issuer("Ed25519")
    return [
        issuer.issue(issuer.credential(id=f"urn:uuid:backup-{n}"))
        for n in range(1, count + 1)
    ]


def tamper(token: str) -> str:
    """The same token with a changed title and the original signature."""
    payload = split_token(token)[1]
    payload["name"] = "Något annat"
    signature = token.rsplit(".", 1)[1]
    return ".".join([token.split(".")[0], b64url_encode(json.dumps(payload).encode()), signature])


def give(app, learner, tokens: list[str]) -> None:
    with app.app_context():
        import_tokens(db.session.get(User, learner.id), tokens)


def stored_tokens(app, learner) -> list[str]:
    with app.app_context():
        query = db.select(StoredCredential.raw).filter_by(owner_id=learner.id)
        return list(db.session.scalars(query.order_by(StoredCredential.id)))


def zip_of(files: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(learner, csrf_token, data: bytes, filename: str = "backup.zip"):
    token = csrf_token(learner.client, "/account/import")
    form = {"csrf_token": token, "backup": (io.BytesIO(data), filename)}
    return learner.client.post("/account/import", data=form, content_type="multipart/form-data")


def import_error(response) -> str:
    assert response.status_code == 422
    return IMPORT_ERROR.search(response.get_data(as_text=True))[1]


def test_profile_shows_the_learner_and_their_wallet_did(app, user):
    page = user.client.get("/account").get_data(as_text=True)
    with app.app_context():
        did = db.session.get(User, user.id).did
    assert user.name in page and user.email in page
    assert f"<code class=\"did\" aria-describedby=\"wallet-id-hint\">{did}</code>" in page
    assert "Give this to an issuer so they can issue credentials to you." in page
    for link in ("/account/export", "/account/import", "/account/delete"):
        assert f'href="{link}"' in page


ACCOUNT_PAGES = ["/account", "/account/export", "/account/import", "/account/delete"]


@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_account_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=")


def test_export_holds_the_tokens_exactly_as_issued_and_an_index(app, user):
    tokens = issue_tokens(2)
    give(app, user, tokens)
    response = user.client.get("/account/export")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert re.fullmatch(
        r"attachment; filename=kompetenspass-\d{4}-\d{2}-\d{2}\.zip",
        response.headers["Content-Disposition"],
    )
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = sorted(archive.namelist())
        assert names == ["credentials/1.jwt", "credentials/2.jwt", "index.json"]
        assert [archive.read(f"credentials/{n}.jwt").decode() for n in (1, 2)] == tokens
        index = json.loads(archive.read("index.json"))
    assert index["format_version"] == 1 and index["exported_at"]
    first = index["credentials"][0]
    assert first["file"] == "credentials/1.jwt"
    with app.app_context():
        stored = db.session.scalars(db.select(StoredCredential)).first()
    assert (first["title"], first["verdict"]) == (stored.title, stored.verdict)
    assert first["issuer"] == "Skellefteå kommun"
    assert first["sha256"] == hashlib.sha256(tokens[0].encode()).hexdigest()
    assert first["imported_at"] == stored.imported_at.isoformat()


def test_an_export_imports_into_another_wallet(app, user, other_user, csrf_token):
    tokens = issue_tokens(3)
    give(app, user, tokens)
    backup = user.client.get("/account/export").data
    response = upload(other_user, csrf_token, backup)
    assert response.status_code == 303
    assert response.headers["Location"] == "/wallet"
    assert "3 credentials imported." in other_user.client.get("/wallet").get_data(as_text=True)
    assert stored_tokens(app, other_user) == tokens
    assert stored_tokens(app, user) == tokens  # the original wallet is untouched


def test_importing_the_same_backup_twice_skips_what_is_there(app, user, csrf_token):
    give(app, user, issue_tokens(2))
    backup = user.client.get("/account/export").data
    upload(user, csrf_token, backup)
    page = user.client.get("/wallet").get_data(as_text=True)
    assert "0 credentials imported." in page and "2 were already in your wallet." in page
    assert len(stored_tokens(app, user)) == 2


def test_one_tampered_token_refuses_the_whole_backup(app, user, csrf_token):
    genuine, changed = issue_tokens(2)
    data = zip_of({"credentials/1.jwt": genuine, "credentials/2.jwt": tamper(changed)})
    message = import_error(upload(user, csrf_token, data))
    assert "credentials/2.jwt" in message and "Nothing was imported" in message
    assert "signature" in message.lower()
    assert stored_tokens(app, user) == []


@pytest.mark.parametrize(
    ("files", "filename", "expected"),
    [
        ({"credentials/1.jwt": b"A" * 50_000_000}, "bomb.zip", "credentials/1.jwt is too large"),
        ({f"credentials/{n}.jwt": b"x" for n in range(1001)}, "many.zip", "more than 1000 files"),
        ({"index.json": b"{}"}, "empty.zip", "no credentials"),
        ({"credentials/1.jwt": b"\xff\xfe not text"}, "binary.zip", "damaged or not a credential"),
        (None, "backup.zip", "not a wallet backup"),
        ({"credentials/1.jwt": b"x"}, "backup.txt", "not a wallet backup"),
    ],
)
def test_hostile_or_wrong_files_are_refused(app, user, csrf_token, files, filename, expected):
    data = b"just some text, not a zip" if files is None else zip_of(files)
    assert expected in import_error(upload(user, csrf_token, data, filename))
    assert stored_tokens(app, user) == []


def test_a_backup_too_large_to_read_shows_the_form_again_with_the_limit(app, user, csrf_token):
    form = {"csrf_token": csrf_token(user.client, "/account/import"),
            "backup": (io.BytesIO(b"a" * 7 * 1024 * 1024), "backup.zip")}
    response = post_large(user.client, "/account/import", form)
    assert response.status_code == 413
    assert IMPORT_ERROR.search(response.get_data(as_text=True))[1] == (
        "The backup is too large to import: a backup file may be at most 5 MB."
    )
    assert stored_tokens(app, user) == []


def test_an_entry_lying_about_its_size_is_refused(app, user, csrf_token):
    data = bytearray(zip_of({"credentials/1.jwt": b"B" * 1024 * 1024}))
    # Claim 100 bytes in the central directory; the real entry inflates to 1 MB.
    directory = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, 100)
    message = import_error(upload(user, csrf_token, bytes(data)))
    assert "credentials/1.jwt is damaged" in message
    assert stored_tokens(app, user) == []


def test_import_without_csrf_token_is_refused(app, user):
    form = {"backup": (io.BytesIO(zip_of({"credentials/1.jwt": issue_tokens(1)[0]})), "b.zip")}
    response = user.client.post("/account/import", data=form, content_type="multipart/form-data")
    assert response.status_code == 400
    assert stored_tokens(app, user) == []


def test_delete_needs_the_password(app, user, csrf_token):
    give(app, user, issue_tokens(1))
    form = {"csrf_token": csrf_token(user.client, "/account/delete"), "password": "wrong password"}
    response = user.client.post("/account/delete", data=form)
    assert response.status_code == 422
    assert "Nothing was deleted" in response.get_data(as_text=True)
    assert len(stored_tokens(app, user)) == 1


@pytest.mark.app_config(LOGIN_RATE_LIMIT="2 per minute")
def test_guessing_the_password_to_delete_is_throttled_on_the_delete_page(app, user, csrf_token):
    form = {"csrf_token": csrf_token(user.client, "/account/delete"), "password": "wrong password"}
    for _ in range(2):
        assert user.client.post("/account/delete", data=form).status_code == 422
    throttled = user.client.post("/account/delete", data=form)
    page = throttled.get_data(as_text=True)
    assert throttled.status_code == 429
    assert "Too many attempts. Wait a minute and try again." in page
    assert 'name="email"' not in page  # the error page, not the login form
    assert user.client.get("/account").status_code == 200  # still logged in, nothing deleted


def add_share(app, learner) -> None:
    """A share link of all the learner's credentials, as the sharing pages would store it."""
    with app.app_context():
        owner = db.session.get(User, learner.id)
        share = ShareLink(
            owner_id=owner.id,
            token_hash="a" * 64,
            token_sealed="sealed",
            code_hash="b" * 64,
            code_sealed="sealed",
            presentation_sealed="vp",
            expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7),
        )
        share.items = [ShareItem(credential=c, position=n) for n, c in enumerate(owner.credentials)]
        db.session.add(share)
        db.session.commit()


def test_delete_removes_the_account_and_everything_in_it(app, user, auth, csrf_token):
    give(app, user, issue_tokens(2))
    add_share(app, user)
    copied = user.client.get_cookie("session").value
    form = {"csrf_token": csrf_token(user.client, "/account/delete"), "password": user.password}
    response = user.client.post("/account/delete", data=form)
    assert response.status_code == 303
    assert response.headers["Location"] == "/register"
    with app.app_context():
        assert db.session.get(User, user.id) is None
        assert db.session.scalars(db.select(StoredCredential)).all() == []
        assert db.session.scalars(db.select(ShareLink)).all() == []  # shared links stop working
        assert db.session.scalars(db.select(ShareItem)).all() == []
    assert "Your account and all your credentials are deleted." in user.client.get(
        "/register"
    ).get_data(as_text=True)
    assert auth.login(email=user.email, password=user.password).status_code == 422
    replay = app.test_client()
    replay.set_cookie("session", copied)
    assert replay.get("/account").status_code == 303


def test_account_pages_show_only_your_own_data(app, user, other_user):
    give(app, user, issue_tokens(2))
    with app.app_context():
        user_did = db.session.get(User, user.id).did
    page = other_user.client.get("/account").get_data(as_text=True)
    assert user.email not in page and user_did not in page and user.name not in page
    assert CREDENTIAL_COUNT.search(page)[1] == "0"
    assert CREDENTIAL_COUNT.search(user.client.get("/account").get_data(as_text=True))[1] == "2"
    with zipfile.ZipFile(io.BytesIO(other_user.client.get("/account/export").data)) as archive:
        assert archive.namelist() == ["index.json"]
        assert json.loads(archive.read("index.json"))["credentials"] == []


def test_a_backup_import_stops_at_the_first_refused_credential(app, user, csrf_token, monkeypatch):
    """No more checking (and no more fetching from issuers) once the answer is "nothing"."""
    checked = []
    real_verify = verifier.verify
    monkeypatch.setattr(verifier, "verify", lambda raw: checked.append(raw) or real_verify(raw))
    forged, *genuine = issue_tokens(6)
    files = {"credentials/1.jwt": tamper(forged)}
    files |= {f"credentials/{n}.jwt": token for n, token in enumerate(genuine, start=2)}
    message = import_error(upload(user, csrf_token, zip_of(files)))
    assert "credentials/1.jwt" in message and "Nothing was imported" in message
    assert len(checked) == 1 and stored_tokens(app, user) == []


@pytest.mark.app_config(BULK_IMPORT_SECONDS=0.0)
def test_a_backup_that_takes_too_long_to_check_imports_nothing(app, user, csrf_token):
    files = {f"credentials/{n}.jwt": token for n, token in enumerate(issue_tokens(3), start=1)}
    message = import_error(upload(user, csrf_token, zip_of(files)))
    assert "Checking took too long, so nothing was imported." in message
    assert stored_tokens(app, user) == []


@pytest.mark.app_config(BACKUP_IMPORT_ACCOUNT_RATE_LIMIT="2 per minute")
def test_backup_imports_are_limited_per_account_on_every_device(app, user, csrf_token):
    data = zip_of({"credentials/1.jwt": "not a credential"})
    on_a_phone = dataclasses.replace(user, client=app.test_client())
    AuthActions(on_a_phone.client).login(user.email, user.password)
    answers = [upload(user, csrf_token, data).status_code for _ in range(2)]
    answers.append(upload(on_a_phone, csrf_token, data).status_code)
    assert answers == [422, 422, 429]


@pytest.mark.app_config(MAX_CREDENTIALS_PER_WALLET=2)
def test_a_backup_into_a_full_wallet_is_refused_before_any_checking(
    app, user, csrf_token, monkeypatch
):
    give(app, user, issue_tokens(2))
    checked = []
    real_verify = verifier.verify
    monkeypatch.setattr(verifier, "verify", lambda raw: checked.append(raw) or real_verify(raw))
    issuer = did_key_issuer("P-256", slot=2)
    files = {f"credentials/{n}.jwt": issuer.issue(issuer.credential(id=f"urn:uuid:new-{n}"))
             for n in range(3)}
    message = import_error(upload(user, csrf_token, zip_of(files)))
    assert "Your wallet is full: it holds at most 2 credentials" in message
    assert checked == [] and len(stored_tokens(app, user)) == 2


def test_a_json_ld_credential_travels_in_a_backup_as_json(app, user, other_user, csrf_token):
    tokens = [*issue_tokens(1), di_credential(did_key_issuer("Ed25519"))]
    give(app, user, tokens)
    backup = user.client.get("/account/export").data
    with zipfile.ZipFile(io.BytesIO(backup)) as archive:
        names = sorted(name for name in archive.namelist() if name != "index.json")
    assert [name.rsplit(".", 1)[1] for name in names] == ["jwt", "json"]
    assert upload(other_user, csrf_token, backup).status_code == 303
    assert stored_tokens(app, other_user) == tokens
