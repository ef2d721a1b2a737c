"""No N+1: the wallet, the employer's page and the learner's share list cost the same number of
SQL queries however many credentials or shares they show."""

from __future__ import annotations

import datetime

from support.queries import counting_queries
from test_public import credential
from test_public import share

from wallet.models import StoredCredential
from wallet.models import User
from wallet.my_credentials.store import import_tokens
from wallet.platform.extensions import db
from wallet.shares import store as share_store


def queries_for(app, client, url: str) -> int:
    with counting_queries(app) as statements:
        response = client.get(url, follow_redirects=True)
    assert response.status_code == 200, response.status_code
    return len(statements)


def titles(first: int, count: int) -> list[str]:
    return [f"Micro-credential {number}" for number in range(first, first + count)]


def fill_wallet(app, user, names: list[str]) -> None:
    with app.app_context():
        import_tokens(db.session.get(User, user.id), [credential(name) for name in names])


def test_the_wallet_page_costs_the_same_queries_for_3_and_for_30_credentials(app, user):
    fill_wallet(app, user, titles(0, 3))
    few = queries_for(app, user.client, "/wallet")
    fill_wallet(app, user, titles(3, 27))
    many = queries_for(app, user.client, "/wallet")
    assert user.client.get("/wallet").get_data(as_text=True).count("Micro-credential") >= 30
    assert few == many


def test_the_employers_page_costs_the_same_queries_for_1_and_for_5_credentials(app, user):
    one = share(app, user, [credential(name) for name in titles(0, 1)])
    five = share(app, user, [credential(name) for name in titles(1, 5)])
    client = app.test_client()
    assert queries_for(app, client, f"/v/{one}") == queries_for(app, client, f"/v/{five}")


def make_shares(app, user, count: int) -> None:
    now = datetime.datetime.now(datetime.UTC)
    settings = share_store.ShareSettings(expires_at=now + datetime.timedelta(days=7))
    with app.app_context():
        owner = db.session.get(User, user.id)
        stored = list(db.session.scalars(db.select(StoredCredential).filter_by(owner_id=owner.id)))
        for _ in range(count):
            share_store.create_share(owner, stored, settings, now)


def test_the_share_list_costs_the_same_queries_for_1_and_for_5_shares(app, user):
    fill_wallet(app, user, titles(0, 2))
    make_shares(app, user, 1)
    one = queries_for(app, user.client, "/shares")
    make_shares(app, user, 4)
    five = queries_for(app, user.client, "/shares")
    assert one == five
