"""OpenID4VCI 1.0 for the demo issuers: metadata, the offer command and the token endpoint."""

from __future__ import annotations

import datetime
import urllib.parse

import pytest
from support.vci import GRANT
from support.vci import TestWallet
from support.vci import issuer_id
from support.vci import offer

from wallet.platform import clock

SLUG = "nordiska-textilakademin"


@pytest.fixture
def wallet(vci_app):
    return TestWallet(vci_app.test_client(), vci_app, SLUG)


def test_credential_issuer_metadata_lists_each_format_with_display(vci_app):
    client = vci_app.test_client()
    response = client.get(f"/.well-known/openid-credential-issuer/vci/{SLUG}")
    metadata = response.json
    identifier = issuer_id(vci_app, SLUG)
    assert metadata["credential_issuer"] == identifier
    assert metadata["credential_endpoint"] == f"{identifier}/credential"
    assert metadata["nonce_endpoint"] == f"{identifier}/nonce"
    assert {d["locale"]: d["name"] for d in metadata["display"]} == {
        "sv": "Nordiska Textilakademin", "en": "Nordic Textile Academy",
    }
    configurations = metadata["credential_configurations_supported"]
    formats = {c["format"] for c in configurations.values()}
    assert formats == {"jwt_vc_json", "dc+sd-jwt", "ldp_vc"}
    for configuration in configurations.values():
        algorithms = configuration["proof_types_supported"]["jwt"]["proof_signing_alg_values_supported"]
        assert {"ES256", "EdDSA"} <= set(algorithms)
        locales = {d["locale"] for d in configuration["credential_metadata"]["display"]}
        assert locales == {"sv", "en"}
    sd_jwt = configurations["LearningCredential_sd_jwt"]
    assert sd_jwt["vct"] == "urn:eu.europa.ec.eudi:learning:credential:1"
    assert sd_jwt["credential_signing_alg_values_supported"] == ["ES256"]  # a P-256 issuer
    assert configurations["OpenBadgeCredential_ldp"]["credential_signing_alg_values_supported"] == [
        "ecdsa-rdfc-2019"
    ]
    assert "Set-Cookie" not in response.headers


def test_authorization_server_metadata_allows_anonymous_pre_authorized_codes(vci_app):
    metadata = vci_app.test_client().get(
        f"/.well-known/oauth-authorization-server/vci/{SLUG}"
    ).json
    assert metadata["issuer"] == issuer_id(vci_app, SLUG)
    assert metadata["token_endpoint"] == f"{issuer_id(vci_app, SLUG)}/token"
    assert metadata["pre-authorized_grant_anonymous_access_supported"] is True
    assert GRANT in metadata["grant_types_supported"]


def test_unknown_issuer_has_no_metadata_and_no_endpoints(vci_app):
    client = vci_app.test_client()
    assert client.get("/.well-known/openid-credential-issuer/vci/nobody").status_code == 404
    assert client.post("/vci/nobody/nonce").status_code == 404
    assert client.post("/vci/nobody/token", data={"grant_type": GRANT}).json["error"] == "not_found"


def test_offer_command_prints_an_offer_then_the_transaction_code(vci_app):
    body, code, tx_code = offer(vci_app, SLUG, "--tx-code")
    assert body["credential_issuer"] == issuer_id(vci_app, SLUG)
    assert body["credential_configuration_ids"] == [
        "OpenBadgeCredential_jwt", "LearningCredential_sd_jwt", "OpenBadgeCredential_ldp",
    ]
    grant = body["grants"][GRANT]
    assert grant["tx_code"] == {"input_mode": "numeric", "length": 6}
    assert tx_code.isdigit() and len(tx_code) == 6 and len(code) >= 22  # 128 bits
    one, _, none = offer(vci_app, SLUG, "--configuration", "LearningCredential_sd_jwt")
    assert one["credential_configuration_ids"] == ["LearningCredential_sd_jwt"]
    assert "tx_code" not in one["grants"][GRANT] and none is None


def test_offer_link_by_value_is_url_encoded_json(vci_app):
    result = vci_app.test_cli_runner().invoke(
        args=["issuer", "offer", "--issuer", SLUG, "--by-value", "examples/credential.json"]
    )
    link = result.stdout.splitlines()[0]
    assert link.startswith("openid-credential-offer://?credential_offer=%7B")
    assert urllib.parse.unquote(link.partition("=")[2]).startswith('{"credential_issuer"')


def test_offer_command_refuses_what_is_not_a_credential(vci_app, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = vci_app.test_cli_runner().invoke(args=["issuer", "offer", "--issuer", SLUG, str(broken)])
    assert result.exit_code != 0 and "not JSON" in result.output
    broken.write_text('{"type": ["VerifiableCredential"]}')
    result = vci_app.test_cli_runner().invoke(args=["issuer", "offer", "--issuer", SLUG, str(broken)])
    assert result.exit_code != 0 and "credentialSubject" in result.output


def test_the_right_code_gives_a_bearer_token_once(vci_app, wallet):
    _, code, _ = offer(vci_app, SLUG)
    response = wallet.token(code)
    assert response.status_code == 200
    assert response.json["token_type"] == "Bearer" and response.json["expires_in"] > 0
    assert response.headers["Cache-Control"] == "no-store"
    assert len(response.json["access_token"]) >= 40
    again = wallet.token(code)
    assert again.status_code == 400 and again.json["error"] == "invalid_grant"


def test_wrong_code_or_grant_type_is_refused(vci_app, wallet):
    assert wallet.token("not-a-code").json["error"] == "invalid_grant"
    assert wallet.token(None).json["error"] == "invalid_request"
    assert wallet.token("x", grant="authorization_code").json["error"] == "unsupported_grant_type"
    assert wallet.token("x", grant="").json["error"] == "invalid_request"


def test_an_expired_code_is_refused(vci_app, wallet, monkeypatch):
    _, code, _ = offer(vci_app, SLUG)
    later = clock.now() + datetime.timedelta(hours=25)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = wallet.token(code)
    assert response.status_code == 400 and response.json["error"] == "invalid_grant"


def test_offers_last_as_long_as_configured(make_app, tmp_path, monkeypatch):
    app = make_app(DEMO_KEYS_DIR=str(tmp_path / "keys"), CREDENTIAL_OFFER_HOURS=1)
    _, code, _ = offer(app, SLUG)
    later = clock.now() + datetime.timedelta(minutes=61)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert TestWallet(app.test_client(), app, SLUG).token(code).json["error"] == "invalid_grant"


def test_a_transaction_code_is_required_and_checked(vci_app, wallet):
    _, code, tx_code = offer(vci_app, SLUG, "--tx-code")
    missing = wallet.token(code)
    assert missing.status_code == 400 and missing.json["error"] == "invalid_request"
    wrong = "0" * 6 if tx_code != "0" * 6 else "1" * 6
    assert wallet.token(code, wrong).json["error"] == "invalid_grant"
    assert wallet.token(code, tx_code).status_code == 200


def test_guessing_the_transaction_code_spends_the_offer(vci_app, wallet):
    _, code, tx_code = offer(vci_app, SLUG, "--tx-code")
    wrong = "0" * 6 if tx_code != "0" * 6 else "1" * 6
    for _ in range(5):
        assert wallet.token(code, wrong).json["error"] == "invalid_grant"
    assert wallet.token(code, tx_code).json["error"] == "invalid_grant"


def test_a_withdrawn_offer_gives_no_token_and_its_token_stops_working(vci_app, wallet):
    _, code, _ = offer(vci_app, SLUG)
    _, later_code, _ = offer(vci_app, SLUG)
    runner = vci_app.test_cli_runner()
    assert "withdrawn" in runner.invoke(args=["issuer", "withdraw-offer", "1"]).output
    assert wallet.token(code).json["error"] == "invalid_grant"
    access = wallet.access(later_code)
    runner.invoke(args=["issuer", "withdraw-offer", "2"])
    response = wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": []})
    assert response.status_code == 401 and response.json["error"] == "invalid_token"
    unknown = runner.invoke(args=["issuer", "withdraw-offer", "99"])
    assert unknown.exit_code != 0 and "no offer 99" in unknown.output


def test_nonce_endpoint_gives_a_fresh_nonce_each_time(wallet):
    response = wallet.client.post(f"{wallet.path}/nonce")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.json["c_nonce"] != wallet.nonce()


def test_the_endpoints_are_rate_limited_per_client(make_app, tmp_path):
    app = make_app(DEMO_KEYS_DIR=str(tmp_path / "keys"), VCI_RATE_LIMIT="2 per minute")
    client = app.test_client()
    answers = [client.post(f"/vci/{SLUG}/nonce").status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_the_machine_endpoints_set_no_cookie(vci_app, wallet):
    _, code, _ = offer(vci_app, SLUG)
    for response in (wallet.token(code), wallet.client.post(f"{wallet.path}/nonce")):
        assert "Set-Cookie" not in response.headers
