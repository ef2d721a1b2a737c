"""The demo (its two profiles, its learner and credentials) for the profile tests."""

from __future__ import annotations

import pytest
from support.cli import run_cli
from support.demo import seeded_app
from support.forms import read_csrf_token

from wallet.issuing.demo import DEMO_LOGIN


@pytest.fixture
def demo_app(make_app, tmp_path):
    return seeded_app(make_app, tmp_path)


@pytest.fixture
def learner(demo_app):
    """The demo learner, logged in on a client of their own."""
    client = demo_app.test_client()
    form = {"email": DEMO_LOGIN[0], "password": DEMO_LOGIN[1]}
    form["csrf_token"] = read_csrf_token(client, "/login")
    assert client.post("/login", data=form).status_code == 303
    return client


@pytest.fixture
def admin(demo_app, learner):
    """The demo learner, made a registry admin: manages profiles."""
    run_cli(demo_app, "admin", "grant", DEMO_LOGIN[0])
    return learner
