"""``vci_app``: an app whose demo issuers have keys of their own and are trusted (registered)."""

from __future__ import annotations

import pytest

from wallet.issuing.demo import trust_demo_issuers


@pytest.fixture
def vci_app(make_app, tmp_path):
    app = make_app(DEMO_KEYS_DIR=str(tmp_path / "demo-keys"))
    with app.app_context():
        trust_demo_issuers()
    return app
