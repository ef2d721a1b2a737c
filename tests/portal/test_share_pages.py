"""The employer's page is rendered once per outcome and minute, and a kept page is never stale.

Each case views a share (which keeps the page), changes what the page must show, views it again,
and compares that with a fresh render of the same moment: the bytes must be the same.
"""

from __future__ import annotations

import datetime

import pytest
from support.cli import run_cli
from support.demo import ISSUER
from support.demo import TITLE
from support.demo import demo_credential
from support.demo import seeded_app
from support.demo import share_demo_credential

from wallet.models import ShareLink
from wallet.models import StoredCredential
from wallet.models import User
from wallet.platform import caches
from wallet.platform import clock as app_clock
from wallet.platform.extensions import db
from wallet.portal import page_cache
from wallet.shares import store as share_store


@pytest.fixture
def app(make_app, tmp_path):
    return seeded_app(make_app, tmp_path)


@pytest.fixture
def clock(monkeypatch):
    """The portal's clock, stopped at half past a minute; ``clock.move(seconds)`` moves it."""

    class Clock:
        moment = datetime.datetime.now(datetime.UTC).replace(second=30, microsecond=0)

        def move(self, seconds: float) -> None:
            self.moment += datetime.timedelta(seconds=seconds)

    stopped = Clock()
    monkeypatch.setattr(app_clock, "now", lambda: stopped.moment)
    return stopped


@pytest.fixture
def renders(monkeypatch):
    """How many times the employer's page went through the templates."""
    count = {"renders": 0}
    real = page_cache.render_template

    def counting(*args, **kwargs):
        count["renders"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(page_cache, "render_template", counting)
    return count


def page(app, token: str, query: str = "") -> str:
    response = app.test_client().get(f"/v/{token}{query}", follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def fresh_page(app, token: str, query: str = "") -> str:
    caches.of(app).clear(page_cache.PAGES)
    return page(app, token, query)


def test_views_within_a_minute_render_the_page_once(app, clock, renders):
    token = share_demo_credential(app).token
    first = page(app, token)
    clock.move(20)
    assert page(app, token) == first
    assert renders["renders"] == 1
    clock.move(20)  # the next minute: the page says when it was checked, so it is new
    later = page(app, token)
    assert renders["renders"] == 2
    assert later != first


def test_each_language_is_its_own_page(app, clock):
    token = share_demo_credential(app).token
    swedish = page(app, token, "?lang=sv")
    english = page(app, token, "?lang=en")
    assert swedish != english
    assert english == fresh_page(app, token, "?lang=en")
    assert ('lang="sv"' in swedish, 'lang="en"' in english) == (True, True)


def change_credential(command: str):
    def change(app):
        credential = demo_credential(app).credential_id
        run_cli(app, "issuer", command, "--issuer", ISSUER, "--credential", credential)

    return change


def change_issuer(command: str):
    def change(app):
        run_cli(app, "trust", command, demo_credential(app).issuer_id)

    return change


def nothing(app):
    pass


def extend_link(app):
    with app.app_context():
        share = db.session.scalar(db.select(ShareLink))
        owner = db.session.get(User, share.owner_id)
        later = share.expires_at + datetime.timedelta(days=30)
        share_store.extend_share(share, owner, later, app_clock.now())


def delete_credential(app):
    with app.app_context():
        stored = db.session.scalar(db.select(StoredCredential).filter_by(title=TITLE))
        share_store.forget_credential(stored)
        db.session.delete(stored)
        db.session.commit()


@pytest.mark.parametrize(
    "earlier, change, shown",
    [
        (nothing, change_credential("revoke"), "check-status-revoked"),
        # Changes that leave the verdict as it was, and change only what the page says.
        (change_credential("suspend"), change_credential("revoke"), "check-status-revoked"),
        (change_issuer("suspend"), change_issuer("remove"), "which has been removed from our list"),
        (nothing, extend_link, "This link works until"),
        (nothing, delete_credential, "has since removed 1 credential from it"),
    ],
    ids=["revoked", "suspended-then-revoked", "issuer-suspended-then-removed", "extended", "gone"],
)
def test_a_change_shows_at_the_next_view_exactly_as_a_fresh_render(
    app, clock, earlier, change, shown
):
    token = share_demo_credential(app).token
    earlier(app)
    before = page(app, token, "?lang=en")
    change(app)
    after = page(app, token, "?lang=en")
    assert after != before
    assert shown in after
    assert after == fresh_page(app, token, "?lang=en")
