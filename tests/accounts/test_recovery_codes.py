"""Recovery codes: ten, shown once, kept only as hashes; each logs in once instead of the
password."""

from __future__ import annotations

import re

import pytest
from support.forms import LEARNER_EMAIL
from support.forms import read_csrf_token

from wallet.accounts.recovery_codes import normalise
from wallet.models import RecoveryCode
from wallet.platform.extensions import db

CODE = re.compile(r"<code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})</code>")


def make_codes(learner, password=None):
    form = {"password": password or learner.password,
            "csrf_token": read_csrf_token(learner.client, "/account/recovery-codes")}
    return learner.client.post("/account/recovery-codes", data=form)


def log_in_with_code(client, code: str, email=LEARNER_EMAIL):
    token = read_csrf_token(client, "/login/recovery-code")
    form = {"email": email, "code": code, "csrf_token": token}
    return client.post("/login/recovery-code", data=form)


def test_ten_codes_are_shown_once_and_kept_only_as_hashes(app, user):
    assert "You have no recovery codes" in user.client.get("/account").get_data(as_text=True)
    wrong = make_codes(user, "not my password")
    assert wrong.status_code == 422 and not CODE.findall(wrong.get_data(as_text=True))
    codes = CODE.findall(make_codes(user).get_data(as_text=True))
    assert len(set(codes)) == 10
    assert "You have 10 recovery codes left" in user.client.get("/account").get_data(as_text=True)
    assert not CODE.findall(user.client.get("/account/recovery-codes").get_data(as_text=True))
    with app.app_context():
        kept = [row.code_sha256 for row in db.session.scalars(db.select(RecoveryCode))]
    assert len(kept) == 10 and not set(codes) & set(kept)


def test_a_code_logs_in_once_and_says_how_many_are_left(app, user, auth):
    first, second, *_ = CODE.findall(make_codes(user).get_data(as_text=True))
    auth.logout()
    typed = first.upper().replace("-", " ")  # as a person might copy it from paper
    response = log_in_with_code(user.client, typed)
    assert (response.status_code, response.headers["Location"]) == (303, "/wallet")
    assert "You have 9 codes left" in user.client.get("/wallet").get_data(as_text=True)
    auth.logout()
    again = log_in_with_code(user.client, first)
    assert again.status_code == 422
    assert "Wrong email or recovery code" in again.get_data(as_text=True)
    assert log_in_with_code(user.client, second, "other@example.se").status_code == 422
    assert log_in_with_code(user.client, "0000-0000-0000").status_code == 422
    assert log_in_with_code(user.client, second).status_code == 303


def test_new_codes_end_the_old_ones(app, user, auth):
    old = CODE.findall(make_codes(user).get_data(as_text=True))
    new = CODE.findall(make_codes(user).get_data(as_text=True))
    auth.logout()
    assert log_in_with_code(user.client, old[0]).status_code == 422
    assert log_in_with_code(user.client, new[0]).status_code == 303


@pytest.mark.parametrize("typed, code", [
    ("7k3m-q9xp-2hfa", "7k3m-q9xp-2hfa"),
    (" 7K3M Q9XP 2HFA ", "7k3m-q9xp-2hfa"),
    ("7k3mq9xp2hfa", "7k3m-q9xp-2hfa"),
    ("7k3m-q9xp-2hfO", "7k3m-q9xp-2hf0"),  # an o is read as the zero it looks like
    ("7k3m-q9xp-2hf", None),
    ("7k3m-q9xp-2hfu", None),  # never in a code
])
def test_codes_are_read_however_they_are_typed(typed, code):
    assert normalise(typed) == code
