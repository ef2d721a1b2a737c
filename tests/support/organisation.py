"""An organisation's OpenID provider for tests: oidc-provider-mock, an independent
implementation, on 127.0.0.1 in a thread.

``running_provider()`` yields its issuer URL; ``settings(issuer)`` are the app's ``OIDC_*`` for
it; ``person(issuer, subject, **claims)`` sets what the provider says about a subject.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import oidc_provider_mock
import requests


@contextlib.contextmanager
def running_provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as server:
        yield f"http://127.0.0.1:{server.server_port}"


def settings(issuer: str) -> dict:
    return {"OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": "kompetenspass",
            "OIDC_CLIENT_SECRET": "hemlighet", "OIDC_NAME": "Skellefteå kommun"}


def person(issuer: str, subject: str, **claims) -> str:
    assert requests.put(f"{issuer}/users/{subject}", json=claims, timeout=5).status_code == 204
    return subject
