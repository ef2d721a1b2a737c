"""HttpFetcher.post: the OpenID4VCI endpoints are asked under the same guards as a GET (https or
test loopback only, public addresses, one deadline, a size cap, no redirects)."""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest
from support.hostile import DrippingServer

from wallet.credentials import CredentialError
from wallet.credentials import HttpFetcher


class EchoServer:
    """POST answers: /echo returns what was sent; /redirect a 302; /big a large body; /refuse a
    400 with an OAuth error."""

    def __init__(self) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, answer, headers = 200, b"", {}
                if self.path == "/echo":
                    answer = json.dumps({"body": body.decode(), "type": self.headers["Content-Type"],
                                         "auth": self.headers.get("Authorization")}).encode()
                elif self.path == "/redirect":
                    status, headers = 302, {"Location": "http://localhost/elsewhere"}
                elif self.path == "/big":
                    answer = b"x" * 5000
                elif self.path == "/refuse":
                    status, answer = 400, b'{"error": "invalid_grant"}'
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(answer))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://localhost:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture(scope="module")
def server():
    server = EchoServer()
    yield server
    server.close()


@pytest.fixture
def insecure() -> HttpFetcher:
    return HttpFetcher(allow_insecure_localhost=True, timeout=0.5, max_bytes=1024)


def refusal(fetcher: HttpFetcher, url: str, **body) -> CredentialError:
    with pytest.raises(CredentialError) as raised:
        fetcher.post(url, **body)
    assert raised.value.code == "resolution.fetch_failed"
    return raised.value


def test_a_form_is_sent_url_encoded(server, insecure):
    answer = insecure.post(f"{server.base}/echo", form={"grant_type": "x y", "tx_code": "12&3"})
    sent = json.loads(answer.body)
    assert answer.status == 200
    assert sent["type"] == "application/x-www-form-urlencoded"
    assert sent["body"] == "grant_type=x+y&tx_code=12%263"


def test_a_json_body_is_sent_with_its_headers(server, insecure):
    answer = insecure.post(f"{server.base}/echo", json_body={"a": 1},
                           headers={"Authorization": "Bearer t"})
    sent = json.loads(answer.body)
    assert (sent["type"], json.loads(sent["body"]), sent["auth"]) == (
        "application/json", {"a": 1}, "Bearer t")


def test_an_error_answer_is_returned_with_its_body(server, insecure):
    answer = insecure.post(f"{server.base}/refuse", form={})
    assert (answer.status, json.loads(answer.body)) == (400, {"error": "invalid_grant"})


def test_a_redirect_is_not_followed(server, insecure):
    assert refusal(insecure, f"{server.base}/redirect", form={}).params["status"] == 302


def test_a_body_over_the_cap_is_refused(server, insecure):
    assert refusal(insecure, f"{server.base}/big", form={}).params["reason"] == "too_large"


def test_loopback_is_refused_outside_test_mode(server):
    assert refusal(HttpFetcher(), f"{server.base}/echo", form={}).params["reason"] == "scheme"


def test_plain_http_to_the_internet_is_refused(insecure):
    assert refusal(insecure, "http://example.org/token", form={}).params["reason"] == "scheme"


def test_a_private_address_is_refused(insecure):
    problem = refusal(insecure, "https://10.0.0.1/token", form={})
    assert problem.params["reason"] == "private_address"


def test_a_dripping_endpoint_is_cut_off_at_the_deadline(insecure):
    dripping = DrippingServer(interval=0.1)
    try:
        started = time.monotonic()
        assert refusal(insecure, dripping.url("/token"), form={}).params["reason"] == "timeout"
        assert time.monotonic() - started < 2.0
        # The host rests afterwards: a GET to it is refused at once, as after a GET's timeout.
        with pytest.raises(CredentialError):
            insecure(dripping.url("/other"))
    finally:
        dripping.close()
