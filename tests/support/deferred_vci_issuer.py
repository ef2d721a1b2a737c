"""``VciIssuer`` with deferred issuance (OpenID4VCI 1.0 section 9), for the wallet's tests.

Its credential endpoint checks the request and the proof as ``VciIssuer`` does, then answers
202 with a ``transaction_id`` and ``interval`` instead of the credential; its deferred
endpoint answers 202 again until ``ready`` is set, then the credential made at the request,
once. ``forget()`` drops every transaction (then it answers ``invalid_transaction_id``).
``deferred_requests`` lists what the wallet sent there, with its Authorization header.
"""

from __future__ import annotations

import json
import secrets

from support.vci_issuer import VciIssuer


class DeferredVciIssuer(VciIssuer):
    def __init__(self, *args, interval: int = 5, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.interval = interval
        self.ready = False
        self.transactions: dict[str, dict] = {}  # transaction_id -> the credential response
        self.deferred_requests: list[tuple[dict, str]] = []

    def metadata(self) -> dict:
        return super().metadata() | {"deferred_credential_endpoint": f"{self.url}/deferred"}

    def credential(self, request: dict) -> tuple[int, dict]:
        status, document = super().credential(request)
        if status != 200:
            return status, document
        transaction_id = secrets.token_urlsafe(12)
        self.transactions[transaction_id] = document
        return 202, {"transaction_id": transaction_id, "interval": self.interval}

    def post(self, path: str, body: bytes, authorization: str) -> tuple[int, dict]:
        if path != "/deferred":
            return super().post(path, body, authorization)
        request = json.loads(body)
        self.deferred_requests.append((request, authorization))
        if authorization.removeprefix("Bearer ") not in self.tokens:
            return 401, {"error": "invalid_token"}
        transaction_id = request.get("transaction_id")
        if transaction_id not in self.transactions:
            return 400, {"error": "invalid_transaction_id"}
        if not self.ready:
            return 202, {"transaction_id": transaction_id, "interval": self.interval}
        return 200, self.transactions.pop(transaction_id)

    def forget(self) -> None:
        self.transactions.clear()
