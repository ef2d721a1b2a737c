"""An OpenID4VP verifier on 127.0.0.1 for the wallet's answering tests.

``LoopbackVerifier()`` (a context manager: closed on leaving) serves request objects at
``/request/<n>`` and takes answers at ``/answer``; its addresses are written
``https://localhost:<port>`` as a real verifier's are, and the wallet's fetcher reaches loopback
over plain http in tests. ``ask(signer, ...)`` makes a request signed by a ``TestVerifier``
(``support.openid4vp``: by a DID or an X.509 chain for ``localhost``) and returns it with its
``openid4vp://`` link by reference; ``unsigned_link`` is a ``redirect_uri:`` request by value.
Every posted answer is kept in ``answers`` (its fields, decrypted for ``direct_post.jwt``) and
in ``forms`` (as posted); a second answer to one request is refused (400), as a verifier refuses
a replay. ``onward`` is the ``redirect_uri`` it answers with.
"""

from __future__ import annotations

import datetime
import http.server
import json
import threading
import urllib.parse
from typing import Any

from support.openid4vp import NAME_QUERY
from support.openid4vp import TestVerifier
from support.openid4vp import link
from support.openid4vp import unsigned_request

from wallet.credentials.openid4vp import VerifierRequest
from wallet.credentials.openid4vp import new_request
from wallet.credentials.openid4vp import request_link
from wallet.credentials.openid4vp import sign_request_object
from wallet.credentials.openid4vp.encrypted_answer import CONTENT_ENCRYPTIONS
from wallet.credentials.openid4vp.encrypted_answer import decrypt_answer


class LoopbackVerifier:
    def __init__(self) -> None:
        self.objects: dict[str, str] = {}  # path -> request object
        self.asked: list[VerifierRequest] = []
        self.answers: list[dict[str, Any]] = []
        self.forms: list[dict[str, str]] = []  # as posted, for the portal's own reader
        self.fetched: list[str] = []
        self.onward: str | None = None
        verifier = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                verifier.fetched.append(self.path)
                body = verifier.objects.get(self.path)
                status = 200 if body else 404
                self._answer(status, (body or "").encode(), "application/oauth-authz-req+jwt")

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                status, document = verifier.take(form)
                self._answer(status, json.dumps(document).encode(), "application/json")

            def _answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"https://localhost:{self._httpd.server_address[1]}"
        self.answer_uri = self.base + "/answer"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> LoopbackVerifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ask(
        self, signer: TestVerifier, query: dict = NAME_QUERY, *,
        now: datetime.datetime | None = None,
        lifetime: datetime.timedelta = datetime.timedelta(minutes=10),
        client_name: str | None = None, **options: Any,
    ) -> tuple[VerifierRequest, str]:
        """A request signed by ``signer``, served by reference, naming itself ``client_name``;
        ``options``: response_mode."""
        moment = now or datetime.datetime.now(datetime.UTC)
        asked = new_request(
            signer.client_id, self.answer_uri, query, moment, lifetime=lifetime, **options
        )
        path = f"/request/{len(self.asked)}"
        self.objects[path] = sign_request_object(
            asked, signer.key, kid=signer.header.get("kid"), x5c=signer.header.get("x5c"),
            client_name=client_name,
        )
        self.asked.append(asked)
        return asked, request_link(signer.client_id, self.base + path)

    def unsigned_link(self, query: dict = NAME_QUERY, **changes: Any) -> str:
        """A request by value from ``redirect_uri:`` this verifier's answer address."""
        changes = {"response_uri": self.answer_uri, **changes}
        params = unsigned_request(
            client_id=f"redirect_uri:{self.answer_uri}", dcql_query=query, **changes
        )
        return link(params)

    def take(self, form: dict[str, str]) -> tuple[int, dict]:
        self.forms.append(form)
        fields = self._opened(form)
        self.answers.append(fields)
        if "error" in fields:
            return 200, {}
        earlier = [a for a in self.answers[:-1] if a.get("state") == fields.get("state")]
        if any("vp_token" in a for a in earlier):
            return 400, {"error": "invalid_request", "error_description": "already answered"}
        return 200, ({"redirect_uri": self.onward} if self.onward else {})

    def _opened(self, form: dict[str, str]) -> dict[str, Any]:
        if "response" not in form:
            return {k: json.loads(v) if k == "vp_token" else v for k, v in form.items()}
        for asked in self.asked:
            try:
                return decrypt_answer(form["response"], asked.decryption_key, CONTENT_ENCRYPTIONS)
            except Exception:  # noqa: BLE001 (encrypted to another request's key)
                continue
        return {"undecryptable": form["response"]}
