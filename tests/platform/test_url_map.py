"""Complete mediation (ASVS 8.2.1): every route is on the public allowlist or needs a login."""

from __future__ import annotations

import pytest
from support.registry import make_admin
from werkzeug.routing import IntegerConverter

from wallet.platform.security import PUBLIC_ENDPOINTS


def sample_value(converter):
    """A value that fits the URL converter; the login check must answer before any lookup."""
    choices = sorted(getattr(converter, "items", ()))  # any(...) takes one of its words
    if choices:
        return choices[0]
    return 1 if isinstance(converter, IntegerConverter) else "x"


def sample_url(app, rule) -> str:
    values = {name: sample_value(converter) for name, converter in rule._converters.items()}
    with app.test_request_context():
        return app.url_for(rule.endpoint, **values)


def asks_to_log_in(response) -> bool:
    if response.status_code in (401, 403):
        return True
    return response.status_code in (302, 303) and "/login" in response.headers["Location"]


def unprotected_endpoints(app) -> set[str]:
    """Endpoints off the allowlist that answer an anonymous visitor with anything but a login."""
    client = app.test_client()
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(sample_url(app, rule), method=method)
        if not asks_to_log_in(response):
            found.add(rule.endpoint)
    return found


@pytest.mark.app_config(WTF_CSRF_ENABLED=False)  # so a POST meets the login check, not CSRF
def test_every_route_is_public_by_name_or_needs_a_login(app):
    assert unprotected_endpoints(app) == set()


@pytest.mark.app_config(WTF_CSRF_ENABLED=False)
def test_a_new_unlisted_public_route_is_caught(app):
    @app.get("/leak/<int:credential_id>")
    def leak(credential_id):
        return "everyone's credentials"

    assert unprotected_endpoints(app) == {"leak"}


def test_the_allowlist_names_only_real_endpoints(app):
    assert PUBLIC_ENDPOINTS <= {rule.endpoint for rule in app.url_map.iter_rules()}


@pytest.mark.parametrize("url", ["/healthz", "/login", "/verify", "/code", "/robots.txt"])
def test_public_pages_answer_without_a_login(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("too_large", [2**31, 10**30], ids=["past-integer", "30-digits"])
@pytest.mark.app_config(WTF_CSRF_ENABLED=False)
def test_an_id_too_large_for_the_database_is_not_found(app, user, too_large):
    """Every route with a number in it answers 404 for one no database row can have, never 500."""
    make_admin(app, user)
    answers = {}
    for rule in app.url_map.iter_rules():
        kinds = rule._converters.items()
        numbers = [name for name, kind in kinds if isinstance(kind, IntegerConverter)]
        if not numbers:
            continue
        values = {name: sample_value(converter) for name, converter in rule._converters.items()}
        path = sample_url(app, rule).replace(f"/{values[numbers[0]]}", f"/{too_large}", 1)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            answers[(method, path)] = user.client.open(path, method=method).status_code
    assert len(answers) >= 15  # wallet, shares, card, QR codes, admin pages, downloads
    assert set(answers.values()) == {404}, answers
