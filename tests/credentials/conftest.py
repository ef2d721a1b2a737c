"""Fixtures for the domain-core tests: throwaway issuers, a loopback did:web host, verifiers.

Builders live in ``tests/support/issuers.py`` so that web and browser tests can reuse them.
"""

from __future__ import annotations

import pytest
from support.issuers import NOW
from support.issuers import LoopbackServer
from support.issuers import did_key_issuer
from support.issuers import did_web_issuer

from wallet.credentials import HttpFetcher
from wallet.credentials import KeyResolver
from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.credentials import verify_credential


@pytest.fixture(scope="session")
def loopback() -> LoopbackServer:
    """One local HTTP server for the whole session; tests add the routes they need."""
    server = LoopbackServer()
    yield server
    server.close()


@pytest.fixture
def resolver(loopback: LoopbackServer) -> KeyResolver:
    """A resolver that may fetch did:web documents from the loopback server (test mode)."""
    return KeyResolver(HttpFetcher(allow_insecure_localhost=True, timeout=2.0))


@pytest.fixture
def issuer():
    """An Ed25519 did:key issuer."""
    return did_key_issuer("Ed25519")


@pytest.fixture
def web_issuer(loopback: LoopbackServer):
    """A P-256 did:web issuer served on localhost."""
    return did_web_issuer(loopback)


@pytest.fixture
def verify(resolver: KeyResolver):
    """verify(token, now=NOW, trusted=()) with the test resolver and a trust list of ``trusted``."""

    def run(token: str, now=NOW, trusted=(), **options):
        trust = TrustList(TrustedIssuer(id=i, name=f"Utfärdare {i[-6:]}") for i in trusted)
        return verify_credential(token, now, trust, resolver, **options)

    return run
