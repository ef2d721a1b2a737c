"""The audit trail records who did what and when, and never a secret (ASVS 16.2.5, 16.3, 16.4.1)."""

from __future__ import annotations

import logging
import re

import pytest
from support.issuers import did_key_issuer
from support.registry import trust_in_file

from wallet.models import User
from wallet.platform import audit
from wallet.platform.extensions import db

TRUSTED = did_key_issuer("Ed25519", slot=9)
LINK_FIELD = re.compile(r'id="share-link"[^>]*value="([^"]+)"')
CODE_TEXT = re.compile(r'class="share-code"[^>]*>([^<]+)<')
AUDIT_LINE = re.compile(r"^audit event=(\S+) at=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z( \S+=\S+)*$")


@pytest.fixture(autouse=True)
def trust_list(app):
    trust_in_file(app, TRUSTED.did)


def post(client, csrf_token, url: str, form: dict, token_page: str | None = None):
    return client.post(url, data={**form, "csrf_token": csrf_token(client, token_page or url)})


def full_run(app, client, auth, csrf_token) -> dict[str, str]:
    """Register, fail a login, log in, import, share, open the link, revoke, log out."""
    assert auth.register().status_code == 303
    assert auth.logout().status_code == 303
    assert auth.login(password="not the password at all").status_code == 422
    assert auth.login().status_code == 303
    token = TRUSTED.issue()
    imported = post(client, csrf_token, "/wallet/import", {"credential": token})
    credential_id = imported.headers["Location"].rsplit("/", 1)[1]
    form = {"credential_ids": [credential_id], "expires_in_days": "7"}
    made = post(client, csrf_token, "/shares", form, f"/shares/new?credential_ids={credential_id}")
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    link, code = LINK_FIELD.search(page)[1], CODE_TEXT.search(page)[1].strip()
    share_token = link.rsplit("/v/", 1)[1]
    assert app.test_client().get(f"/v/{share_token}", follow_redirects=True).status_code == 200
    revoke_url = made.headers["Location"] + "/revoke"
    assert post(client, csrf_token, revoke_url, {}).status_code == 303
    session_cookie = client.get_cookie("session").value
    assert auth.logout().status_code == 303
    return {"jwt": token, "share token": share_token, "code": code, "cookie": session_cookie}


def test_a_full_run_logs_every_event_and_no_secret(app, client, auth, csrf_token, caplog):
    caplog.set_level(logging.DEBUG)
    secrets = full_run(app, client, auth, csrf_token)
    logged = caplog.text
    for name, secret in secrets.items():
        assert secret not in logged, f"the {name} is in the log"
    assert "eyJ" not in logged
    assert "blåbär" not in logged and "not the password" not in logged
    assert "learner@example.se" not in logged
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("audit ")]
    assert all(AUDIT_LINE.match(line) for line in lines), lines
    events = [AUDIT_LINE.match(line)[1] for line in lines]
    for event in ("account.created", "login.failed", "login.succeeded", "import.accepted",
                  "share.created", "share.revoked", "logout"):
        assert event in events
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id))
    assert all(f"user_id={user_id}" in line for line in lines if "login.failed" not in line)


def test_logged_values_cannot_forge_lines_or_fields(app, caplog):
    caplog.set_level(logging.INFO)
    with app.app_context():
        forged = "x\r\naudit event=login.succeeded user_id=2"
        audit.record("import.refused", user_id=1, reason=forged)
    (message,) = [r.getMessage() for r in caplog.records]
    assert "\n" not in message and "\r" not in message
    keys = [field.split("=", 1)[0] for field in message.split(" ")[1:]]
    assert keys == ["event", "at", "user_id", "reason"]


def test_secret_field_names_are_refused(app):
    with app.app_context(), pytest.raises(ValueError):
        audit.record("login.failed", password="hunter2")
