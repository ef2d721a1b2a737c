"""Offers by reference: ``flask issuer offer`` (and the issuing desk) print a short link with a
``credential_offer_uri`` on our issuer, where a wallet fetches the offer while it waits."""

from __future__ import annotations

import datetime
import urllib.parse

import pytest
from support.vci import GRANT
from support.vci import TestWallet
from support.vci import issuer_id
from support.vci import offer_lines

from wallet.models import CredentialOffer
from wallet.platform import clock
from wallet.platform.extensions import db

SLUG = "nordiska-textilakademin"
LINK_START = "openid-credential-offer://?credential_offer_uri="


def offer_path(link: str) -> str:
    """The path of the offer's address, for the test client."""
    return urllib.parse.urlsplit(link.removeprefix(LINK_START)).path


def test_the_offer_command_prints_a_link_by_reference_then_the_transaction_code(vci_app):
    link, tx_code = offer_lines(vci_app, SLUG, "--tx-code")
    assert link.startswith(f"{LINK_START}{vci_app.config['WALLET_BASE_URL']}/vci/offers/")
    assert tx_code.isdigit() and len(tx_code) == 6
    response = vci_app.test_client().get(offer_path(link))
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in response.headers
    assert response.json["credential_issuer"] == issuer_id(vci_app, SLUG)
    grant = response.json["grants"][GRANT]
    assert grant["pre-authorized_code"] == link.rsplit("/", 1)[1]
    assert grant["tx_code"] == {"input_mode": "numeric", "length": 6}


def test_the_offer_is_there_while_it_waits_and_gone_once_collected(vci_app):
    [link] = offer_lines(vci_app, SLUG)
    client = vci_app.test_client()
    code = client.get(offer_path(link)).json["grants"][GRANT]["pre-authorized_code"]
    assert client.get(offer_path(link)).status_code == 200  # a wallet may look twice
    TestWallet(client, vci_app, SLUG).access(code)
    gone = client.get(offer_path(link))
    assert gone.status_code == 404 and gone.json["error"] == "not_found"
    assert gone.headers["Cache-Control"] == "no-store"


def test_a_withdrawn_offer_is_gone(vci_app):
    [link] = offer_lines(vci_app, SLUG)
    with vci_app.app_context():
        offer_id = db.session.scalar(db.select(CredentialOffer.id))
    vci_app.test_cli_runner().invoke(args=["issuer", "withdraw-offer", str(offer_id)])
    assert vci_app.test_client().get(offer_path(link)).status_code == 404


def test_an_expired_offer_is_gone(vci_app, monkeypatch):
    [link] = offer_lines(vci_app, SLUG)
    later = clock.now() + datetime.timedelta(hours=25)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert vci_app.test_client().get(offer_path(link)).status_code == 404


@pytest.mark.parametrize("path", ["/vci/offers/not-a-code", "/vci/offers/"])
def test_an_unknown_offer_is_not_found(vci_app, path):
    assert vci_app.test_client().get(path).status_code == 404


def test_the_offer_address_is_rate_limited_per_client(make_app, tmp_path):
    app = make_app(DEMO_KEYS_DIR=str(tmp_path / "keys"), VCI_RATE_LIMIT="2 per minute")
    client = app.test_client()
    answers = [client.get("/vci/offers/guess").status_code for _ in range(3)]
    assert answers == [404, 404, 429]
