"""The issuing desk's pages: who may see them, issuing an offer, and the list of what was
issued with its actions (withdraw, suspend, revoke, reinstate) on the issuer's status lists."""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest
from support.desk import OTHER_SLUG
from support.desk import SLUG
from support.desk import act
from support.desk import collect
from support.desk import issue_on_desk
from support.desk import make_staff
from support.desk import offer_in
from support.desk import only_offer
from support.desk import template_id
from support.vci import TestWallet

from wallet.credentials import Concern
from wallet.models import CredentialOffer
from wallet.platform.extensions import db
from wallet.verification import verifier


def desk_pages(app, slug: str = SLUG) -> list[str]:
    base = f"/issue/{slug}"
    return [base, f"{base}/templates/{template_id(app, slug)}", f"{base}/issued"]


def status_of(app, credential: str) -> str:
    with app.test_request_context():
        return verifier.verify(credential).check(Concern.STATUS).code


def test_a_visitor_is_sent_to_log_in(app, client):
    for path in ["/issue", *desk_pages(app)]:
        response = client.get(path)
        assert response.status_code == 303 and "/login" in response.headers["Location"]


def test_a_learner_without_a_grant_gets_403(app, user):
    for path in ["/issue", *desk_pages(app)]:
        assert user.client.get(path).status_code == 403


def test_another_organisations_staff_get_404(app, staff, other_user):
    make_staff(app, other_user, OTHER_SLUG)
    issue_on_desk(staff.client, template_id(app))
    offer = only_offer(app)
    for path in desk_pages(app):
        assert other_user.client.get(path).status_code == 404
    # Their own template's id under this organisation's address is no way in either.
    theirs = f"/issue/{SLUG}/templates/{template_id(app, OTHER_SLUG)}"
    assert other_user.client.get(theirs).status_code == 404
    assert act(other_user.client, offer.id, "withdraw", OTHER_SLUG).status_code == 404
    their_list = other_user.client.get(f"/issue/{OTHER_SLUG}/issued").get_data(as_text=True)
    assert "Amina Hassan" not in their_list


def test_staff_see_their_organisation_and_its_templates(app, staff):
    index = staff.client.get("/issue").get_data(as_text=True)
    assert "Nordic Textile Academy" in index and "Skellefteå Kraft" not in index
    page = staff.client.get(f"/issue/{SLUG}/templates/{template_id(app)}").get_data(as_text=True)
    for fact in ("Clothing repair – basics", "Replaces zips", "40 hours", "1.5 ECTS credits",
                 "EQF level 2", "Practical test", "On site", "Internal review"):
        assert fact in page


def test_issuing_makes_a_one_time_offer_with_a_code(app, staff):
    page = issue_on_desk(staff.client, template_id(app))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    link, code, tx_code = offer_in(staff.client, page)
    assert link.startswith("openid-credential-offer://?credential_offer_uri=http")
    assert len(tx_code) == 6 and "<svg" in text and "<script" not in text.split("<main", 1)[1]
    # By reference the QR code is version 6 at most: 41 modules and the quiet zone of 4 a side,
    # large enough for a cheap phone's camera (the whole offer by value made about 85).
    modules = int(re.search(r'desk-qr"><svg[^>]*viewBox="0 0 (\d+) ', text)[1])
    assert modules <= 41 + 2 * 4
    offer = only_offer(app)
    assert (offer.learner_name, offer.template_id, offer.issued_by_id) == (
        "Amina Hassan", template_id(app), staff.id
    )
    assert code not in str(offer.code_hash) and tx_code not in str(offer.tx_code_hash)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"learner_name": "  "}, "Write the learner's full name"),
        ({"completed": "31/5"}, "Write the date the learner finished"),
        ({"completed": "2999-01-01"}, "It cannot be in the future"),
        ({"result": "x" * 61}, "Write the result in at most 60 characters"),
    ],
)
def test_a_wrong_field_is_explained_and_nothing_is_lost(app, staff, fields, message):
    response = issue_on_desk(staff.client, template_id(app), **fields)
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html.unescape(text)
    assert 'value="Amina Hassan"' in text or "learner_name" in fields
    assert 'value="VG"' in text or "result" in fields
    with app.app_context():
        assert db.session.scalar(db.select(CredentialOffer)) is None


def test_the_form_needs_its_csrf_token(app, staff):
    url = f"/issue/{SLUG}/templates/{template_id(app)}"
    response = staff.client.post(url, data={"learner_name": "A B", "completed": "2026-01-01"})
    assert response.status_code == 400


def test_a_waiting_offer_is_withdrawn_and_its_code_stops_working(app, staff, client):
    page = issue_on_desk(staff.client, template_id(app))
    link, code, tx_code = offer_in(client, page)
    listed = staff.client.get(f"/issue/{SLUG}/issued").get_data(as_text=True)
    assert "Amina Hassan" in listed and "Waiting for the learner" in listed
    response = act(staff.client, only_offer(app).id, "withdraw")
    assert response.status_code == 303
    listed = staff.client.get(f"/issue/{SLUG}/issued").get_data(as_text=True)
    assert "Withdrawn" in listed and "The offer is withdrawn" in listed
    assert TestWallet(client, app, SLUG).token(code, tx_code).json["error"] == "invalid_grant"
    offer_uri = urllib.parse.urlsplit(link.split("credential_offer_uri=")[1])
    assert client.get(offer_uri.path).status_code == 404
    again = act(staff.client, only_offer(app).id, "withdraw")  # a page left open
    listed = staff.client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Nothing was changed" in listed


def test_the_credential_carries_the_template_and_revoking_shows_in_the_status_list(
    app, staff, client
):
    page = issue_on_desk(staff.client, template_id(app))
    credential = collect(app, client, page)
    with app.test_request_context():
        outcome = verifier.verify(credential)
    assert outcome.verdict == "verified", outcome.checks
    assert outcome.credential.issuer_name == "Nordiska Textilakademin"
    subject = outcome.credential.document["credentialSubject"]
    assert subject["achievement"]["name"] == "Reparationssömnad – grund"
    assert subject["result"][0]["value"] == "VG" and subject["id"].startswith("did:")
    assert subject["identifier"][0]["identityHash"] == "Amina Hassan"
    assert only_offer(app).credential_ids
    listed = staff.client.get(f"/issue/{SLUG}/issued").get_data(as_text=True)
    assert "Collected by the learner" in listed and "Withdraw the offer" not in listed
    assert act(staff.client, only_offer(app).id, "suspend").status_code == 303
    assert status_of(app, credential) == "status.suspended"
    assert act(staff.client, only_offer(app).id, "revoke").status_code == 303
    listed = staff.client.get(f"/issue/{SLUG}/issued").get_data(as_text=True)
    assert "Revoked" in listed
    assert status_of(app, credential) == "status.revoked"
    assert act(staff.client, only_offer(app).id, "reinstate").status_code == 303
    assert status_of(app, credential) == "status.ok"


def test_an_expired_offer_is_listed_as_expired(app, staff, monkeypatch):
    issue_on_desk(staff.client, template_id(app))
    with app.app_context():
        offer = db.session.scalar(db.select(CredentialOffer))
        offer.expires_at = offer.created_at
        db.session.commit()
    listed = staff.client.get(f"/issue/{SLUG}/issued").get_data(as_text=True)
    assert "Expired, not collected" in listed and "Withdraw the offer" not in listed


def test_the_menu_shows_the_desk_to_staff_only(app, user):
    assert 'href="/issue"' not in user.client.get("/wallet").get_data(as_text=True)
    make_staff(app, user)
    assert 'href="/issue"' in user.client.get("/wallet").get_data(as_text=True)
