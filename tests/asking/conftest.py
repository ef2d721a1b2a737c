"""Fixtures of the /ask tests; the helpers are in ``asking_helpers``."""

from __future__ import annotations

import pytest
from asking_helpers import HOLDER
from asking_helpers import StoppedClock
from support.sd_jwt import bound_learning_credential


@pytest.fixture
def clock_at(monkeypatch) -> StoppedClock:
    return StoppedClock(monkeypatch)


@pytest.fixture(scope="session")
def issued():
    return bound_learning_credential(HOLDER)
