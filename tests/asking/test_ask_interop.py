"""Interoperability: Animo's @openid4vc/openid4vp holder (npm, with @sd-jwt and dcql) reads a
request made through our /ask form, answers it, and our page shows its answer.

In process: the request object is fetched from our request_uri with the test client and handed
to the holder (its fetch callback serves it), and the form the holder posted to our
response_uri is posted there with the test client (``support.openid4vp_holder``)."""

from __future__ import annotations

import datetime

import pytest
from asking_helpers import RequestObject
from asking_helpers import ask
from support.issuers import did_key_issuer
from support.openid4vp_holder import node_holder_answer
from support.sd_jwt import learning_credential


# The library takes only https:// addresses: the site's address, as a real portal's is.
@pytest.mark.app_config(WALLET_BASE_URL="https://portal.example")
def test_an_npm_holder_answers_a_request_made_through_the_ask_pages(client, csrf_token,
                                                                   clock_at):
    clock_at.now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    key = ask(client, csrf_token, claims=["given_name", "family_name"])
    request = RequestObject.fetch(client, key)
    issuer = did_key_issuer("P-256", slot=2)
    payload = {k: v for k, v in learning_credential(issuer.did).items() if isinstance(k, str)}
    payload |= {"given_name": "Anna", "family_name": "Andersson", "assessment_grade": "Godkänd"}
    frame = {"_sd": ["given_name", "family_name", "assessment_grade"]}
    now = clock_at.move(seconds=5)
    holder = node_holder_answer(request.link, request.token, issuer, payload, frame, now)
    assert holder["client"] == {"prefix": "decentralized_identifier",
                                "effective": request.claims["client_id"]}
    assert holder["posted_to"] == request.claims["response_uri"]
    assert set(holder["form"]) == {"response"}  # direct_post.jwt
    response = client.post(request.response_path, data=holder["form"])
    assert (response.status_code, response.get_json()) == (200, {})
    document = client.get(f"/ask/{key}", headers={"Accept": "application/json"}).get_json()
    [credential] = document["credentials"]
    assert credential["holder_binding"] == "subject"
    assert credential["facts"] and document["holder"]["name"] == "Anna Andersson"
    assert credential["checks"][-1]["code"] == "request.matched"
    page = client.get(f"/ask/{key}").get_data(as_text=True)
    assert "Shared by the person it was issued to." in page and "Godkänd" not in page
