"""Fixtures for answering verifiers: a verifier on 127.0.0.1, who signs its requests, and the
learner's Learning Credential (an SD-JWT bound to their wallet key) in their wallet."""

from __future__ import annotations

import pytest
from support.openid4vp import did_verifier
from support.presenting import add_learning_credential
from support.vp_verifier import LoopbackVerifier


@pytest.fixture
def verifier():
    with LoopbackVerifier() as verifier:
        yield verifier


@pytest.fixture
def by_did():
    """A verifier that signs its requests with a key of its did:key."""
    return did_verifier("P-256", slot=9)


@pytest.fixture
def learning(app, user, csrf_token) -> int:
    """The learner's Learning Credential, in their wallet: its id."""
    return add_learning_credential(app, user, csrf_token)
