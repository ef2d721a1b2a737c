"""A small, suspicious HTTP client: GET for DID documents, JWKS, status lists and credential
images, POST for the OpenID4VCI token, nonce and credential endpoints.

https only, public hosts only, no redirects, a capped body, and one deadline for the whole
exchange (``deadlines.Deadline``): a host that answers and then drips bytes is cut off when the
deadline passes, whatever it sends. A host that timed out or could not be reached is not asked
again for a while, and inside ``deadlines.network_budget`` fetches share one verification's
budget.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any
from typing import NamedTuple

from . import jose
from .deadlines import Deadline
from .deadlines import current_budget
from .errors import CredentialError

Fetcher = Callable[[str], bytes]


class HttpAnswer(NamedTuple):
    """A POST's status and its body (at most the fetcher's ``max_bytes``)."""

    status: int
    body: bytes


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1"})
_CHUNK = 8192
_MAX_REMEMBERED_HOSTS = 1024
# Failures that say something about the host, not about one of its URLs.
_HOST_FAILURES = frozenset({"timeout", "unreachable"})


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The system's certificate authorities, loaded once per process (about 20 ms each time);
    a context only verifies, so every fetcher may share it."""
    return ssl.create_default_context()


class HttpFetcher:
    """Fetch a URL's body; everything that is not a plain 200 from a public https host fails.

    With ``allow_insecure_localhost`` (tests and local demos only) loopback hosts are
    fetched over plain http, because local test servers have no certificate.
    """

    def __init__(
        self,
        allow_insecure_localhost: bool = False,
        timeout: float = 3.0,
        max_bytes: int = 65536,
        failure_memory: float = 30.0,
        accept: str = "application/json",
    ) -> None:
        """``timeout`` bounds each fetch as a whole; a failed host rests ``failure_memory`` s."""
        self.allow_insecure_localhost = allow_insecure_localhost
        self.accept = accept
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.failure_memory = failure_memory
        self._tls = _tls_context()
        self._failed_hosts: dict[str, tuple[float, str]] = {}  # host -> (retry after, reason)
        self._lock = threading.Lock()

    def __call__(self, url: str) -> bytes:
        """GET ``url``: at most ``max_bytes`` of body, or raise resolution.fetch_failed."""
        return self._guarded(url, lambda deadline: self._get(url, deadline))

    def post(
        self,
        url: str,
        *,
        form: dict[str, str] | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> HttpAnswer:
        """POST a form or a JSON body under the same guards as a GET.

        Unlike a GET, an answer other than 200 is returned with its (capped) body, because
        OAuth endpoints explain refusals in a 400's JSON; a redirect still fails.
        """
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            body = json.dumps(json_body if json_body is not None else {}).encode()
            content_type = "application/json"
        sent = {**(headers or {}), "Content-Type": content_type}
        return self._guarded(url, lambda deadline: self._post(url, deadline, body, sent))

    def _guarded(self, url: str, exchange: Callable[[Deadline], Any]) -> Any:
        """One exchange with a resting-host check, one deadline, the budget, and failures
        mapped to resolution.fetch_failed."""
        host = (urllib.parse.urlsplit(url).hostname or "").lower()
        self._refuse_resting_host(host, url)
        deadline = Deadline(self.timeout)
        budget = current_budget()
        if budget is not None:
            budget.admit(host, url)
            deadline.shorten_to(budget.remaining())
        try:
            return exchange(deadline)
        except CredentialError as error:
            self._remember(host, error.params.get("reason"), deadline)
            raise
        except (OSError, http.client.HTTPException, ValueError) as error:
            timed_out = deadline.expired or isinstance(error, TimeoutError)
            reason = "timeout" if timed_out else "unreachable"
            self._remember(host, reason, deadline)
            raise CredentialError("resolution.fetch_failed", url=url, reason=reason) from error
        finally:
            deadline.cancel()

    def _refuse_resting_host(self, host: str, url: str) -> None:
        with self._lock:
            failed = self._failed_hosts.get(host)
        if failed is not None and failed[0] > time.monotonic():
            # A dead or dripping host costs one timeout, not one per URL it is named in.
            raise CredentialError("resolution.fetch_failed", url=url, reason=failed[1])

    def _remember(self, host: str, reason: str | None, deadline: Deadline) -> None:
        if reason not in _HOST_FAILURES or self.failure_memory <= 0 or deadline.shortened:
            return  # a fetch cut short by the verification's budget says nothing of the host
        now = time.monotonic()
        with self._lock:
            if len(self._failed_hosts) >= _MAX_REMEMBERED_HOSTS:
                self._failed_hosts = {h: f for h, f in self._failed_hosts.items() if f[0] > now}
            if len(self._failed_hosts) < _MAX_REMEMBERED_HOSTS:
                self._failed_hosts[host] = (now + self.failure_memory, reason)

    def _get(self, url: str, deadline: Deadline) -> bytes:
        status, body = self._exchange(url, deadline, "GET", None, {})
        if status != 200:
            raise CredentialError("resolution.fetch_failed", url=url, status=status)
        return body

    def _post(self, url: str, deadline: Deadline, body: bytes, headers: dict) -> HttpAnswer:
        return HttpAnswer(*self._exchange(url, deadline, "POST", body, headers))

    def _exchange(
        self, url: str, deadline: Deadline, method: str, body: bytes | None, headers: dict
    ) -> tuple[int, bytes]:
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").lower()
        loopback = self.allow_insecure_localhost and host in LOOPBACK_HOSTS
        if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
            raise CredentialError("resolution.fetch_failed", url=url, reason="scheme")
        if parts.username or parts.password:
            raise CredentialError("resolution.fetch_failed", url=url, reason="userinfo")
        port = parts.port or (443 if parts.scheme == "https" and not loopback else 80)
        connection = self._connection(host, port, tls=not loopback, url=url, deadline=deadline)
        try:
            sent = {"Accept": self.accept, **headers}
            connection.request(method, _path(parts), body=body, headers=sent)
            with connection.getresponse() as response:
                if 300 <= response.status < 400 or response.status < 200:
                    # Redirects included: following them could lead anywhere.
                    raise CredentialError(
                        "resolution.fetch_failed", url=url, status=response.status
                    )
                if method == "GET" and response.status != 200:
                    return response.status, b""  # an error page's body is not worth reading
                return response.status, self._read_capped(response, url, deadline)
        finally:
            connection.close()

    def _connection(
        self, host: str, port: int, *, tls: bool, url: str, deadline: Deadline
    ) -> http.client.HTTPConnection:
        """A connection already opened to a vetted address (TLS checked against ``host``)."""
        sock = _connect(host, port, deadline.remaining(), allow_loopback=not tls, url=url)
        deadline.watch(sock)
        try:
            if tls:
                sock = self._tls.wrap_socket(sock, server_hostname=host)
                deadline.watch(sock)
        except OSError:
            sock.close()
            raise
        connection_class = http.client.HTTPSConnection if tls else http.client.HTTPConnection
        connection = connection_class(host, port, timeout=deadline.remaining())
        connection.sock = sock
        return connection

    def _read_capped(
        self, response: http.client.HTTPResponse, url: str, deadline: Deadline
    ) -> bytes:
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise CredentialError("resolution.fetch_failed", url=url, reason="too_large")
        body = bytearray()
        while chunk := response.read1(_CHUNK):
            body += chunk
            if len(body) > self.max_bytes:
                raise CredentialError("resolution.fetch_failed", url=url, reason="too_large")
        if deadline.expired:
            # Cut off at the deadline, the read ended early: what arrived is not the document.
            raise CredentialError("resolution.fetch_failed", url=url, reason="timeout")
        return bytes(body)


def fetch_json(fetcher: Fetcher | None, url: str) -> Any:
    """Fetch and strictly parse JSON; offline or unusable gives resolution.fetch_failed."""
    if fetcher is None:
        raise CredentialError("resolution.fetch_failed", url=url, reason="offline")
    body = fetcher(url)
    try:
        return jose.load_json(body)
    except CredentialError as error:
        raise CredentialError("resolution.fetch_failed", url=url, reason="not_json") from error


def _path(parts: urllib.parse.SplitResult) -> str:
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _connect(
    host: str, port: int, timeout: float, *, allow_loopback: bool, url: str
) -> socket.socket:
    """Resolve once, vet every address, then connect to a vetted address (no DNS rebinding)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
        if not (ip.is_global or (allow_loopback and ip.is_loopback)):
            raise CredentialError("resolution.fetch_failed", url=url, reason="private_address")
    error: OSError = OSError("no address")
    for family, kind, proto, _, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
            return sock
        except OSError as failure:
            sock.close()
            error = failure
    raise error
