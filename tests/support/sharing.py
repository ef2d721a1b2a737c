"""A learner's links made through the real forms, for the tests of tests/shares/.

``add_credential`` imports a token through the import form and returns its id; ``titled`` and
``expired`` sign credentials from ``TRUSTED`` (trust it with ``trust_in_file``); ``make_share``
posts the create form (``post_share`` returns the response); ``share_row`` and ``update_share``
read and change the row behind a share; ``link_on_page`` reads the link from a share's page.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

from support.issuers import did_key_issuer

from wallet.models import ShareLink
from wallet.platform.extensions import db
from wallet.shares.links import open_secrets

TRUSTED = did_key_issuer("Ed25519", slot=8)
UNLISTED = did_key_issuer("P-256", slot=8)
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
LINK_FIELD = re.compile(r'id="share-link"[^>]*value="([^"]+)"')
CODE_TEXT = re.compile(r'class="share-code"[^>]*>([^<]+)<')


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
