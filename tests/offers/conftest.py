from __future__ import annotations

import pytest
from support.issuers import LoopbackServer


@pytest.fixture
def files():
    """Canned documents on 127.0.0.1 (offers by reference, logos): ``files.serve(path, body)``."""
    server = LoopbackServer()
    yield server
    server.close()
