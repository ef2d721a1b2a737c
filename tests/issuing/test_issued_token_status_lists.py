"""The demo issuers' IETF Token Status Lists: the SD-JWT VC the desk issues has a status there,
which the desk's revoke, suspend and reinstate change for our verifier at the next view and for
an independent reader (@sd-jwt/jwt-status-list from npm, by node, over real HTTP)."""

from __future__ import annotations

import pytest
from support.data_integrity import run_node
from support.desk import SLUG
from support.desk import act
from support.desk import collect
from support.desk import desk_app
from support.desk import issue_on_desk
from support.desk import make_staff
from support.desk import only_offer
from support.desk import template_id
from support.live import serving
from support.sharing import add_credential

from wallet.credentials import parse_credential
from wallet.credentials.jose import decode_compact
from wallet.issuing import status_lists

SD_JWT_VC = "LearningCredential_sd_jwt"
# What the desk does, and the value the token list then holds (0 valid, 1 invalid, 2 suspended).
CHANGES = [("suspend", 2), ("revoke", 1), ("reinstate", 0)]
SHOWN = {  # what the learner's card says for each value
    0: "The issuer has not withdrawn the credential.",
    1: "Nordiska Textilakademin has withdrawn this credential.",
    2: "Nordiska Textilakademin has paused this credential.",
}


@pytest.fixture
def app(make_app, tmp_path):
    return desk_app(make_app, tmp_path)


def issued_sd_jwt_vc(app, staff, client) -> str:
    """The EU Learning Credential a wallet collects from an offer ``staff`` make at the desk."""
    make_staff(app, staff)
    page = issue_on_desk(staff.client, template_id(app))
    return collect(app, client, page, SD_JWT_VC)


def test_the_sd_jwt_vc_points_at_the_issuers_token_status_list(app, other_user, client):
    credential = parse_credential(issued_sd_jwt_vc(app, other_user, client))
    status = credential.claims["status"]["status_list"]
    with app.test_request_context():
        assert status["uri"] == status_lists.list_url(SLUG, status_lists.TOKEN)
    assert isinstance(status["idx"], int) and only_offer(app).credential_ids
    response = client.get(f"/status/{SLUG}/token")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/statuslist+jwt"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response.headers
    header, claims = decode_compact(response.get_data(as_text=True))
    assert header["typ"] == "statuslist+jwt" and header["kid"] == credential.header["kid"]
    assert claims["sub"] == status["uri"] and claims["status_list"]["bits"] == 2
    assert claims["exp"] - claims["iat"] == status_lists.VALID_FOR.total_seconds()
    assert claims["ttl"] == status_lists.TTL.total_seconds()


def test_no_token_list_before_the_issuer_signed_anything(client):
    assert client.get(f"/status/{SLUG}/token").status_code == 404
    assert client.get("/status/nobody/token").status_code == 404


def test_the_learner_sees_each_change_the_desk_makes_at_the_next_view(
    app, other_user, user, csrf_token
):
    staff, learner = other_user, user.client
    credential_id = add_credential(learner, csrf_token, issued_sd_jwt_vc(app, staff, learner))
    card = f"/wallet/{credential_id}"
    assert SHOWN[0] in learner.get(card).get_data(as_text=True)
    for action, value in CHANGES:
        assert act(staff.client, only_offer(app).id, action).status_code == 303
        page = learner.get(card).get_data(as_text=True)
        assert [said for said in SHOWN.values() if said in page] == [SHOWN[value]], action


def test_an_independent_reader_finds_the_status_the_desk_set(app, other_user, client):
    staff = other_user
    with serving(app) as base_url:
        app.config["WALLET_BASE_URL"] = base_url  # the status list's address in the credential
        credential = issued_sd_jwt_vc(app, staff, client)
        read = run_node("token_status_list.mjs", {"credential": credential})
        assert read["content_type"] == "application/statuslist+jwt"
        assert read["header"]["typ"] == "statuslist+jwt" and read["sub"] == read["uri"]
        assert (read["bits"], read["status"]) == (2, 0)
        for action, value in CHANGES:
            act(staff.client, only_offer(app).id, action)
            assert run_node("token_status_list.mjs", {"credential": credential})["status"] == value
