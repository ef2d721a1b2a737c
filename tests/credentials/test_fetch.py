"""HttpFetcher: https to public hosts only, loopback http only in test mode, capped and quick."""

from __future__ import annotations

import threading
import time

import pytest
from support.hostile import DrippingServer

from wallet.credentials import CredentialError
from wallet.credentials import HttpFetcher
from wallet.credentials import network_budget


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


@pytest.fixture
def dripping():
    server = DrippingServer(interval=0.1)
    yield server
    server.close()


def timed_failure(fetcher: HttpFetcher, url: str) -> tuple[CredentialError, float]:
    """The fetch's failure and how long it took, from a thread so a hang cannot stall the suite."""
    outcome: dict = {}

    def run() -> None:
        started = time.monotonic()
        try:
            fetcher(url)
        except CredentialError as error:
            outcome["error"] = error
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert "seconds" in outcome, "the fetch was still running after 10 s"
    assert "error" in outcome, "a dripping host must not give a document"
    return outcome["error"], outcome["seconds"]


def test_a_host_that_drips_its_headers_is_cut_off_at_the_deadline(dripping):
    fetcher = HttpFetcher(allow_insecure_localhost=True, timeout=1.0, failure_memory=0)
    error, seconds = timed_failure(fetcher, dripping.url())
    assert error.params["reason"] == "timeout"
    assert 0.9 < seconds < 1.6


def test_a_host_that_timed_out_is_not_asked_again_for_a_while(dripping):
    fetcher = HttpFetcher(allow_insecure_localhost=True, timeout=0.5)
    timed_failure(fetcher, dripping.url("/1/did.json"))
    error, seconds = timed_failure(fetcher, dripping.url("/2/status"))
    assert error.params["reason"] == "timeout" and seconds < 0.1
    assert dripping.connections == 1


def test_a_budget_bounds_every_fetch_together(dripping):
    fetcher = HttpFetcher(allow_insecure_localhost=True, timeout=1.0, failure_memory=0)
    started = time.monotonic()
    with network_budget(1.5, max_hosts=4):
        for number in range(4):
            with pytest.raises(CredentialError) as raised:
                fetcher(dripping.url(f"/{number}/did.json"))
            assert raised.value.params["reason"] == "timeout"
    assert time.monotonic() - started < 2.1


def test_a_budget_refuses_hosts_past_its_count(loopback, insecure):
    first = loopback.serve("/hamta/forsta.json", b"{}")
    other = f"http://127.0.0.1:{loopback.port}/hamta/forsta.json"  # same server, another name
    with network_budget(5.0, max_hosts=1):
        assert insecure(first) == b"{}" and insecure(first) == b"{}"
        assert failure(insecure, other).params["reason"] == "too_many_hosts"
    assert insecure(other) == b"{}"  # outside the budget, the same host is fine
