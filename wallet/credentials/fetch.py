"""A small, suspicious HTTP GET for DID documents and JWKS: https only, public hosts, capped."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from . import jose
from .errors import CredentialError

Fetcher = Callable[[str], bytes]

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1"})
_CHUNK = 8192


class HttpFetcher:
    """Fetch a URL's body; everything that is not a plain 200 from a public https host fails.

    With ``allow_insecure_localhost`` (tests and local demos only) loopback hosts are
    fetched over plain http, because local test servers have no certificate.
    """

    def __init__(
        self, allow_insecure_localhost: bool = False, timeout: float = 3.0, max_bytes: int = 65536
    ) -> None:
        self.allow_insecure_localhost = allow_insecure_localhost
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._tls = ssl.create_default_context()

    def __call__(self, url: str) -> bytes:
        """GET ``url``: at most ``max_bytes`` of body, or raise resolution.fetch_failed."""
        try:
            return self._get(url)
        except CredentialError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as error:
            raise CredentialError("resolution.fetch_failed", url=url) from error

    def _get(self, url: str) -> bytes:
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").lower()
        loopback = self.allow_insecure_localhost and host in LOOPBACK_HOSTS
        if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
            raise CredentialError("resolution.fetch_failed", url=url, reason="scheme")
        if parts.username or parts.password:
            raise CredentialError("resolution.fetch_failed", url=url, reason="userinfo")
        deadline = time.monotonic() + self.timeout
        port = parts.port or (443 if parts.scheme == "https" and not loopback else 80)
        connection = self._connection(host, port, tls=not loopback, url=url)
        try:
            connection.request("GET", _path(parts), headers={"Accept": "application/json"})
            with connection.getresponse() as response:
                if response.status != 200:
                    # Redirects included: following them could lead anywhere.
                    raise CredentialError(
                        "resolution.fetch_failed", url=url, status=response.status
                    )
                return self._read_capped(response, deadline, url)
        finally:
            connection.close()

    def _connection(
        self, host: str, port: int, *, tls: bool, url: str
    ) -> http.client.HTTPConnection:
        """A connection already opened to a vetted address (TLS checked against ``host``)."""
        sock = _connect(host, port, self.timeout, allow_loopback=not tls, url=url)
        try:
            if tls:
                sock = self._tls.wrap_socket(sock, server_hostname=host)
        except OSError:
            sock.close()
            raise
        connection_class = http.client.HTTPSConnection if tls else http.client.HTTPConnection
        connection = connection_class(host, port, timeout=self.timeout)
        connection.sock = sock
        return connection

    def _read_capped(self, response: http.client.HTTPResponse, deadline: float, url: str) -> bytes:
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise CredentialError("resolution.fetch_failed", url=url, reason="too_large")
        body = bytearray()
        while chunk := response.read1(_CHUNK):
            body += chunk
            if len(body) > self.max_bytes:
                raise CredentialError("resolution.fetch_failed", url=url, reason="too_large")
            if time.monotonic() > deadline:
                # A server dripping bytes must not hold a request open for long.
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
