"""Going through the real forms in tests: learners' details, the CSRF token, log in and out."""

from __future__ import annotations

import dataclasses
import re
import urllib.parse

from flask.testing import FlaskClient
from werkzeug.test import EnvironBuilder

LEARNER_NAME = "Lina Lärande"
LEARNER_EMAIL = "learner@example.se"
LEARNER_PASSWORD = "blåbär i november 1987"
OTHER_NAME = "Olle Annan"
OTHER_EMAIL = "other@example.se"
OTHER_PASSWORD = "lingonsylt på vinden 42"

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def read_csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the forms on ``url``, as a browser would find it."""
    return csrf_token_in(client.get(url, follow_redirects=True).get_data(as_text=True), url)


def csrf_token_in(page: str, where: str) -> str:
    """The CSRF token in a page's HTML, however it was fetched; ``where`` names it on failure."""
    match = CSRF_INPUT.search(page)
    assert match, f"no CSRF token on {where}"
    return match[1]


@dataclasses.dataclass
class AuthActions:
    """Register, log in and log out through the real forms, CSRF token included."""

    client: FlaskClient

    def register(self, name=LEARNER_NAME, email=LEARNER_EMAIL, password=LEARNER_PASSWORD):
        form = {"name": name, "email": email, "password": password}
        return self.post("/register", form)

    def login(self, email=LEARNER_EMAIL, password=LEARNER_PASSWORD, next=None):
        query = "" if next is None else "?" + urllib.parse.urlencode({"next": next})
        return self.post("/login" + query, {"email": email, "password": password})

    def logout(self):
        return self.post("/logout", {}, token_page="/account")

    def post(self, url: str, form: dict, token_page: str | None = None):
        token = read_csrf_token(self.client, token_page or url)
        return self.client.post(url, data={**form, "csrf_token": token})


def post_large(client: FlaskClient, path: str, form: dict):
    """POST ``form`` as multipart; the test client spools a big body to a file, closed here."""
    request = EnvironBuilder(path=path, method="POST", data=form).get_request()
    try:
        return client.open(request)
    finally:
        request.environ["wsgi.input"].close()
