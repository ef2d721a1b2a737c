"""HttpFetcher: https to public hosts only, loopback http only in test mode, capped and quick."""

from __future__ import annotations

import time

import pytest

from wallet.credentials import CredentialError
from wallet.credentials import HttpFetcher


def failure(fetcher: HttpFetcher, url: str) -> CredentialError:
    with pytest.raises(CredentialError) as raised:
        fetcher(url)
    assert raised.value.code == "resolution.fetch_failed"
    assert raised.value.params["url"] == url
    return raised.value


@pytest.fixture
def insecure() -> HttpFetcher:
    return HttpFetcher(allow_insecure_localhost=True, timeout=0.5, max_bytes=1024)


def test_loopback_document_in_insecure_mode(loopback, insecure):
    url = loopback.serve("/hamta/ok.json", b'{"ok": true}')
    assert insecure(url) == b'{"ok": true}'


def test_https_url_to_loopback_is_fetched_over_http_in_insecure_mode(loopback, insecure):
    loopback.serve("/hamta/tls.json", b"{}")
    assert insecure(f"https://localhost:{loopback.port}/hamta/tls.json") == b"{}"


def test_loopback_http_is_refused_by_default(loopback):
    url = loopback.serve("/hamta/standard.json", b"{}")
    before = len(loopback.requests)
    assert failure(HttpFetcher(), url).params["reason"] == "scheme"
    assert len(loopback.requests) == before


def test_loopback_https_is_a_private_address_by_default(loopback):
    url = f"https://127.0.0.1:{loopback.port}/hamta/standard.json"
    assert failure(HttpFetcher(), url).params["reason"] == "private_address"


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.7/did.json",
        "https://192.168.1.1/.well-known/did.json",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/did.json",
        "https://[::ffff:10.0.0.7]/did.json",
        "https://100.64.0.1/did.json",
        "https://0.0.0.0/did.json",
    ],
)
def test_private_and_link_local_targets_are_refused_before_connecting(url):
    assert failure(HttpFetcher(), url).params["reason"] == "private_address"


@pytest.mark.parametrize(
    "url",
    ["http://example.se/did.json", "ftp://example.se/did.json", "file:///etc/passwd", "did.json"],
)
def test_only_https(url):
    assert failure(HttpFetcher(allow_insecure_localhost=True), url).params["reason"] == "scheme"


def test_http_to_other_hosts_stays_refused_in_insecure_mode():
    url = "http://10.0.0.7/did.json"
    assert failure(HttpFetcher(allow_insecure_localhost=True), url).params["reason"] == "scheme"


def test_user_info_is_refused(loopback, insecure):
    url = f"http://user:pass@localhost:{loopback.port}/hamta/ok.json"
    assert failure(insecure, url).params["reason"] == "userinfo"


def test_oversized_body_by_content_length(loopback, insecure):
    url = loopback.serve("/hamta/stor.json", b"x" * 2048)
    assert failure(insecure, url).params["reason"] == "too_large"


def test_oversized_body_without_content_length_is_cut_while_reading(loopback, insecure):
    # HTTP/1.0 style: no length, the body ends when the connection closes.
    url = loopback.serve("/hamta/odeklarerad.json", b"x" * 4096, headers={"Content-Length": ""})
    assert failure(insecure, url).params["reason"] == "too_large"


def test_slow_server_times_out(loopback, insecure):
    url = loopback.serve("/hamta/langsam.json", b"{}", delay=2.0)
    started = time.monotonic()
    failure(insecure, url)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("target", ["https://attacker.example/did.json", "/hamta/ok.json"])
def test_redirects_are_not_followed(loopback, insecure, target):
    loopback.serve("/hamta/ok.json", b"{}")
    url = loopback.serve("/hamta/flyttad.json", b"", status=302, headers={"Location": target})
    assert failure(insecure, url).params["status"] == 302


def test_not_found(loopback, insecure):
    assert failure(insecure, f"http://localhost:{loopback.port}/finns-inte").params["status"] == 404


def test_nothing_listening(insecure):
    failure(insecure, "http://127.0.0.1:9/did.json")
