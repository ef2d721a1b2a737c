"""Fixtures for the learner's links: the issuer they trust and two credentials to share."""

from __future__ import annotations

import pytest
from support.registry import trust_in_file
from support.sharing import TRUSTED
from support.sharing import add_credential
from support.sharing import expired
from support.sharing import titled


@pytest.fixture(autouse=True)
def trust_list(app):
    trust_in_file(app, TRUSTED.did)


@pytest.fixture
def two(user, csrf_token):
    """Two credentials in the learner's wallet: a valid one and an expired one."""
    valid = add_credential(user.client, csrf_token, titled("Omvårdnadssvenska, grundnivå"))
    old = add_credential(user.client, csrf_token, expired())
    return valid, old
