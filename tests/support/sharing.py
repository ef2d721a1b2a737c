"""A learner's links made through the real forms, for the tests of tests/shares/.

``add_credential`` imports a token through the import form and returns its id; ``titled`` and
``expired`` sign credentials from ``TRUSTED`` (trust it with ``trust_in_file``); ``make_share``
posts the create form (``post_share`` returns the response); ``share_row`` and ``update_share``
read and change the row behind a share; ``link_on_page`` reads the link from a share's page,
``employer_path`` the path of its employer page.
``learners_sd_jwt(app, user_id, issuer)`` is a Learning Credential bound (``cnf``) to the
learner's wallet key (``wallet_key``), with a date of birth (``BIRTH_DATE``) to keep back.
"""

from __future__ import annotations

import datetime
import re
import urllib.parse
import zoneinfo

from support.issuers import Issuer
from support.issuers import did_key_issuer
from support.sd_jwt import IssuedSdJwt
from support.sd_jwt import Sd
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential

from wallet.credentials import open_private_key
from wallet.models import ShareLink
from wallet.models import User
from wallet.platform.extensions import db
from wallet.shares.links import open_secrets

TRUSTED = did_key_issuer("Ed25519", slot=8)
UNLISTED = did_key_issuer("P-256", slot=8)
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
LINK_FIELD = re.compile(r'id="share-link"[^>]*value="([^"]+)"')
CODE_TEXT = re.compile(r'class="share-code"[^>]*>([^<]+)<')
BIRTH_DATE = "1988-04-12"


def signed_presentation(app, share) -> str:
    with app.app_context():
        return open_secrets(share).presentation


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def add_credential(client, csrf_token, token: str) -> int:
    form = {"credential": token, "csrf_token": csrf_token(client, "/wallet/import")}
    response = client.post("/wallet/import", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def titled(title: str, **changes) -> str:
    """A credential from the trusted issuer with its own title (so each one is distinct)."""
    document = TRUSTED.credential(name=title, **changes)
    document["credentialSubject"]["achievement"]["name"] = title
    return TRUSTED.issue(document)


def expired(title: str = "Hjullastare, grund") -> str:
    return titled(title, valid_from="2020-01-01T00:00:00Z", valid_until="2021-01-01T00:00:00Z")


def post_share(client, csrf_token, ids, **fields):
    form = {"credential_ids": [str(i) for i in ids], "expires_in_days": "7", **fields}
    form["csrf_token"] = csrf_token(
        client, "/shares/new?" + "&".join(f"credential_ids={i}" for i in ids)
    )
    return client.post("/shares", data=form)


def make_share(client, csrf_token, ids, **fields) -> int:
    response = post_share(client, csrf_token, ids, **fields)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def share_row(app, share_id: int) -> ShareLink:
    with app.app_context():
        share = db.session.get(ShareLink, share_id)
        db.session.expunge(share)
        return share


def update_share(app, share_id: int, **values) -> None:
    with app.app_context():
        db.session.execute(db.update(ShareLink).filter_by(id=share_id).values(**values))
        db.session.commit()


def share_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(ShareLink.id)))


def link_on_page(page: str) -> str:
    match = LINK_FIELD.search(page)
    assert match, "no link on the share page"
    return match[1]


def employer_path(client, share_id: int) -> str:
    """The path of a share's employer page, to open on a live server (the link names the site)."""
    page = client.get(f"/shares/{share_id}").get_data(as_text=True)
    return urllib.parse.urlsplit(link_on_page(page)).path


def wallet_key(app, user_id: int):
    """A learner's wallet key, opened with the app's secret: what an issuer binds (cnf) to."""
    with app.app_context():
        sealed = db.session.get(User, user_id).wallet_key_sealed
        return open_private_key(sealed, app.config["SECRET_KEY"])


def learners_sd_jwt(app, user_id: int, issuer: Issuer) -> IssuedSdJwt:
    """A Learning Credential from ``issuer`` bound to the learner's wallet key, with a date of
    birth among the claims the learner may keep back."""
    payload = learning_credential(issuer.did, holder=wallet_key(app, user_id))
    payload[Sd("birth_date")] = BIRTH_DATE
    return issue_sd_jwt(payload, issuer.key, header={"kid": issuer.kid})
