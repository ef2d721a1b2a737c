"""A learner using the wallet over real HTTP (requests), as a browser would: forms and CSRF.

``WebLearner.register(base_url, name, email, password)`` signs up and logs in;
``WebLearner.login(base_url, email, password)`` logs in through the form.
``import_credential(token)`` and ``create_share(ids, request_id)`` post the real forms and
return the response without following redirects; ``clone(base_url)`` is a second browser tab
with the same cookies (one per thread), on the same or another app server.
"""

from __future__ import annotations

import dataclasses

import requests
from support.forms import csrf_token_in

TIMEOUT = 30


@dataclasses.dataclass
class WebLearner:
    base_url: str
    session: requests.Session
    csrf_token: str

    @classmethod
    def register(cls, base_url: str, name: str, email: str, password: str) -> WebLearner:
        session = requests.Session()
        learner = cls(base_url, session, "")
        form = {"name": name, "email": email, "password": password}
        response = learner.post("/register", form, token_page="/register")
        assert response.status_code == 303, response.text
        return cls.login(base_url, email, password)

    @classmethod
    def login(cls, base_url: str, email: str, password: str) -> WebLearner:
        learner = cls(base_url, requests.Session(), "")
        form = {"email": email, "password": password}
        response = learner.post("/login", form, token_page="/login")
        assert response.status_code == 303, response.text
        learner.csrf_token = learner.read_csrf_token("/wallet/import")
        return learner

    def clone(self, base_url: str | None = None) -> WebLearner:
        session = requests.Session()
        session.cookies.update(self.session.cookies)
        return WebLearner(base_url or self.base_url, session, self.csrf_token)

    def read_csrf_token(self, path: str) -> str:
        page = self.get(path)
        return csrf_token_in(page.text, f"{path}: {page.status_code}")

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.base_url + path, timeout=TIMEOUT, allow_redirects=False)

    def post(self, path: str, form: dict, token_page: str | None = None) -> requests.Response:
        token = self.read_csrf_token(token_page) if token_page else self.csrf_token
        data = {**form, "csrf_token": token}
        url = self.base_url + path
        return self.session.post(url, data=data, timeout=TIMEOUT, allow_redirects=False)

    def import_credential(self, token: str) -> requests.Response:
        return self.post("/wallet/import", {"credential": token})

    def create_share(self, credential_ids: list[int], request_id: str) -> requests.Response:
        form = {"credential_ids": credential_ids, "expires_in_days": "7", "request_id": request_id}
        return self.post("/shares", form)


def created_id(response: requests.Response) -> int:
    """The id at the end of the redirect after a successful create."""
    assert response.status_code == 303, (response.status_code, response.text[:500])
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
