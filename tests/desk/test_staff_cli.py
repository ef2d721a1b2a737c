"""``flask admin grant-issuer|revoke-issuer``: only a confirmed address gets the desk."""

from __future__ import annotations

from support.desk import SLUG
from support.desk import make_staff

from wallet.desk.staff import slugs_of


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def slugs(app, learner):
    with app.app_context():
        return slugs_of(learner.id)


def test_an_unconfirmed_address_is_refused(app, user):
    result = invoke(app, "admin", "grant-issuer", user.email, "--issuer", SLUG)
    assert result.exit_code == 1 and "is not confirmed yet" in result.output
    assert slugs(app, user) == []


def test_an_unknown_address_or_issuer_is_refused(app, user):
    result = invoke(app, "admin", "grant-issuer", "nobody@example.se", "--issuer", SLUG)
    assert result.exit_code == 1 and "No account with the address" in result.output
    result = invoke(app, "admin", "grant-issuer", user.email, "--issuer", "no-such-issuer")
    assert result.exit_code == 2 and "no-such-issuer" in result.output


def test_a_grant_is_given_and_taken_away(app, user):
    make_staff(app, user)
    make_staff(app, user)  # twice is once
    assert slugs(app, user) == [SLUG]
    result = invoke(app, "admin", "revoke-issuer", user.email, "--issuer", SLUG)
    assert result.exit_code == 0 and "may no longer issue" in result.output
    assert slugs(app, user) == []


def test_a_learner_is_never_staff_by_default(app, user):
    assert slugs(app, user) == []
    assert user.client.get("/issue").status_code == 403
