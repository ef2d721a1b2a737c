"""The site's address: WALLET_BASE_URL, else where ``flask run`` serves (FLASK_RUN_HOST and
FLASK_RUN_PORT, as ``make run PORT=5001`` sets them); never the request's Host header. Links, QR
codes, the typed-code hint and the demo's status lists all name it."""

from __future__ import annotations

import io
import logging

import pytest
import zxingcpp
from PIL import Image
from support.demo import seeded_app
from support.demo import share_demo_credential
from support.forms import AuthActions

from wallet.credentials import parse_credential
from wallet.issuing import demo
from wallet.models import StoredCredential
from wallet.platform.config import served_address
from wallet.platform.extensions import db

SERVED = "http://127.0.0.1:5001"
WERKZEUG = {"SERVER_SOFTWARE": "Werkzeug/3.1.3"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("WALLET_BASE_URL", "FLASK_RUN_HOST", "FLASK_RUN_PORT"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("environment", "address"),
    [
        ({}, "http://127.0.0.1:5000"),  # flask run's own defaults
        ({"FLASK_RUN_PORT": "5001"}, SERVED),
        ({"FLASK_RUN_HOST": "0.0.0.0", "FLASK_RUN_PORT": "5001"}, SERVED),
        ({"FLASK_RUN_HOST": "192.168.1.20"}, "http://192.168.1.20:5000"),
        ({"FLASK_RUN_HOST": "::1", "FLASK_RUN_PORT": "5001"}, "http://[::1]:5001"),
    ],
)
def test_without_a_base_url_the_address_is_where_flask_run_serves(environment, address):
    assert served_address(environment) == address


def test_a_base_url_that_is_set_wins(make_app, monkeypatch):
    monkeypatch.setenv("FLASK_RUN_PORT", "5001")
    assert make_app().config["WALLET_BASE_URL"] == SERVED
    monkeypatch.setenv("WALLET_BASE_URL", "https://kompetenspass.se")
    assert make_app().config["WALLET_BASE_URL"] == "https://kompetenspass.se"


def test_a_demo_served_on_5001_links_and_checks_its_status_there(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_RUN_PORT", "5001")
    app = seeded_app(make_app, tmp_path)
    share = share_demo_credential(app)
    with app.app_context():
        query = db.select(StoredCredential.raw).filter_by(credential_id=share.credential_id)
        entries = parse_credential(db.session.scalar(query)).status_entries
        assert demo.signed_for_elsewhere() is None
    assert {entry["statusListCredential"].partition("/status/")[0] for entry in entries} == {SERVED}

    employer = app.test_client()
    answer = employer.get(f"/v/{share.token}.json", headers={"Host": "evil.example"}).get_json()
    assert [item["state"] for item in answer["credentials"]] == ["valid"]
    assert answer["links"]["receipt"].startswith(f"{SERVED}/v/{share.token}/")

    learner = app.test_client()
    assert AuthActions(learner).login(*demo.DEMO_LOGIN).status_code == 303
    page = learner.get(f"/shares/{share.share_id}").get_data(as_text=True)
    assert f"{SERVED}/v/{share.token}" in page
    assert f"{SERVED}/code" in page  # the hint for an employer with the typed code
    qr = learner.get(f"/shares/{share.share_id}/qr.png")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.data)))
    assert [result.text for result in decoded] == [f"{SERVED}/v/{share.token}"]


def test_seed_warns_when_the_demo_was_signed_for_another_address(make_app, tmp_path):
    app = seeded_app(make_app, tmp_path)  # for http://127.0.0.1:5000
    app.config["WALLET_BASE_URL"] = SERVED
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert "http://127.0.0.1:5000/status/" in result.output and "unknown" in result.output
    assert f"Open {SERVED} " in result.output


def test_the_dev_server_on_another_port_is_told_once(make_app, caplog):
    app = make_app(WALLET_DEMO=True)  # links name port 5000
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="wallet.platform.addresses"):
        for _ in range(2):
            client.get("/healthz", base_url=SERVED, environ_base=WERKZEUG)
    assert [record.getMessage().count("make run PORT=5001") for record in caplog.records] == [1]


@pytest.mark.parametrize(
    ("settings", "environ"),
    [
        ({"WALLET_BASE_URL": SERVED}, WERKZEUG),  # the same port
        ({}, {}),  # not Werkzeug's server: gunicorn's port is the Host header's
        ({"WALLET_BASE_URL": "https://demo.example.se"}, WERKZEUG),  # a tunnel's address
    ],
)
def test_nothing_is_said_when_the_port_cannot_be_wrong(make_app, caplog, settings, environ):
    app = make_app(WALLET_DEMO=True, **settings)
    with caplog.at_level(logging.WARNING, logger="wallet.platform.addresses"):
        app.test_client().get("/healthz", base_url=SERVED, environ_base=environ)
    assert not caplog.records
