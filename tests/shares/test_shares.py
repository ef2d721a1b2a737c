"""The learner's shares: choose credentials, make a link for one employer, manage the links."""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import logging
import re
import uuid

import pytest
import zxingcpp
from PIL import Image
from support.issuers import split_token
from support.sharing import CODE_TEXT
from support.sharing import STOCKHOLM
from support.sharing import UNLISTED
from support.sharing import add_credential
from support.sharing import link_on_page
from support.sharing import make_share
from support.sharing import now
from support.sharing import post_share
from support.sharing import share_count
from support.sharing import share_row
from support.sharing import signed_presentation
from support.sharing import titled
from support.sharing import update_share

from wallet.models import ShareItem
from wallet.models import ShareLink
from wallet.models import StoredCredential
from wallet.models import User
from wallet.platform.extensions import db
from wallet.shares.store import ShareSettings
from wallet.shares.store import create_share
from wallet.shares.tokens import open_token

# Creating


@pytest.mark.parametrize("days", [1, 7, 30, 90])
def test_each_lifetime_sets_when_the_link_stops_working(app, user, csrf_token, two, days, caplog):
    caplog.set_level(logging.INFO)
    before = now()
    share_id = make_share(user.client, csrf_token, two, expires_in_days=str(days), label="ICA Maxi")
    expires_at = share_row(app, share_id).expires_at
    assert (
        before + datetime.timedelta(days=days)
        <= expires_at
        <= now() + datetime.timedelta(days=days)
    )
    page = user.client.get(f"/shares/{share_id}").get_data(as_text=True)
    assert "The link works until" in page and "ICA Maxi" in page
    assert "event=share.created at=" in caplog.text
    assert f"user_id={user.id} share_id={share_id}" in caplog.text
    assert link_on_page(page).rsplit("/", 1)[1] not in caplog.text


def test_a_chosen_last_day_ends_the_link_at_the_end_of_that_day(app, user, csrf_token, two):
    last_day = now().astimezone(STOCKHOLM).date() + datetime.timedelta(days=10)
    share_id = make_share(user.client, csrf_token, two, expires_on=last_day.isoformat())
    local = share_row(app, share_id).expires_at.astimezone(STOCKHOLM)
    assert (local.date(), local.hour, local.minute) == (last_day, 23, 59)


def days_from_today(days: int) -> str:
    """The ISO date ``days`` after today where the learner lives."""
    return (now().astimezone(STOCKHOLM).date() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (lambda: {"expires_on": days_from_today(-1)}, "expires_on", "That day has passed"),
        (lambda: {"expires_on": days_from_today(366)}, "expires_on", "at most one year"),
        (lambda: {"expires_on": "30/5/2026"}, "expires_on", "year-month-day"),
        (lambda: {"expires_in_days": "365"}, "expires_in_days", "Choose 1, 7, 30 or 90 days"),
        (lambda: {"expires_in_days": ""}, "expires_in_days", "Choose 1, 7, 30 or 90 days"),
        (lambda: {"max_views": "0"}, "max_views", "whole number from 1"),
        (lambda: {"label": "x" * 201}, "label", "at most 200 characters"),
        (lambda: {"language": "de"}, "language", "Choose Swedish, English"),
    ],
    ids=[
        "past",
        "over-a-year",
        "not-iso",
        "odd-days",
        "no-lifetime",
        "zero-views",
        "long-label",
        "language",
    ],
)
def test_bad_fields_are_refused_with_the_message_by_the_field(
    app, user, csrf_token, two, fields, field, message
):
    response = post_share(user.client, csrf_token, two, **fields())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert f'id="{field}-error"' in page and f'href="#{field}"' in page
    assert share_count(app) == 0


def test_the_last_allowed_day_is_a_year_from_today(app, user, csrf_token, two):
    assert (
        post_share(user.client, csrf_token, two, expires_on=days_from_today(365)).status_code == 303
    )


def test_too_many_credentials_in_one_link_is_refused(app, user, csrf_token):
    ids = [add_credential(user.client, csrf_token, titled(f"Kurs {n}")) for n in range(21)]
    response = post_share(user.client, csrf_token, ids)
    assert response.status_code == 422
    assert "at most 20 credentials" in response.get_data(as_text=True)
    assert share_count(app) == 0


def test_a_learner_with_fifty_working_links_must_end_one_first(app, user, csrf_token, two):
    with app.test_request_context():
        learner = db.session.get(User, user.id)
        credential = db.session.get(StoredCredential, two[0])
        for _ in range(50):
            create_share(
                learner, [credential], ShareSettings(now() + datetime.timedelta(days=1)), now()
            )
    response = post_share(user.client, csrf_token, two)
    assert response.status_code == 422
    assert "You already have 50 links that work" in response.get_data(as_text=True)
    assert share_count(app) == 50


def test_the_create_form_lists_the_choice_in_order_and_says_what_the_employer_will_see(
    user, csrf_token, two
):
    valid, old = two
    unlisted = add_credential(user.client, csrf_token, UNLISTED.issue())
    url = f"/shares/new?credential_ids={old}&credential_ids={valid}&credential_ids={unlisted}"
    page = user.client.get(url).get_data(as_text=True)
    assert page.index("Hjullastare, grund") < page.index("Omvårdnadssvenska, grundnivå")
    assert "The employer will see that this credential is not valid:" in page
    assert "The credential stopped being valid on" in page
    assert "The employer will see a warning for this credential:" in page
    assert "not on our list of trusted issuers" in page
    assert "The credential is valid until" in page
    assert "The link works until" not in page  # link expiry is never worded as validity
    move_up = (
        f"/shares/new?credential_ids={valid}&amp;credential_ids={old}&amp;credential_ids={unlisted}"
    )
    assert f'href="{move_up}"' in page


def test_the_share_keeps_the_chosen_order_in_its_signed_presentation(app, user, csrf_token, two):
    valid, old = two
    share_id = make_share(
        user.client, csrf_token, [old, valid], message="För operatörsjobbet", language="en"
    )
    share = share_row(app, share_id)
    with app.app_context():
        raws = [db.session.get(StoredCredential, i).raw for i in (old, valid)]
        did = db.session.get(User, user.id).did
        positions = (
            db.session.execute(
                db.select(ShareItem.credential_id)
                .filter_by(share_id=share_id)
                .order_by(ShareItem.position)
            )
            .scalars()
            .all()
        )
    assert positions == [old, valid]
    header, claims = split_token(signed_presentation(app, share))
    link = link_on_page(user.client.get(f"/shares/{share_id}").get_data(as_text=True))
    assert claims["vp"]["verifiableCredential"] == raws
    assert (claims["iss"], claims["aud"], claims["exp"]) == (
        did,
        link,
        int(share.expires_at.timestamp()),
    )
    assert (share.message, share.language) == ("För operatörsjobbet", "en")


def test_a_double_submit_with_the_same_request_id_makes_one_share(app, user, csrf_token, two):
    request_id = str(uuid.uuid4())
    first = post_share(user.client, csrf_token, two, request_id=request_id)
    second = post_share(user.client, csrf_token, two, request_id=request_id)
    assert first.headers["Location"] == second.headers["Location"]
    assert share_count(app) == 1
    post_share(user.client, csrf_token, two, request_id=str(uuid.uuid4()))
    assert share_count(app) == 2


def test_creating_without_a_csrf_token_is_refused(app, user, two):
    response = user.client.post(
        "/shares", data={"credential_ids": [str(i) for i in two], "expires_in_days": "7"}
    )
    assert response.status_code == 400
    assert share_count(app) == 0


def test_another_learners_credential_cannot_be_shared(app, user, other_user, csrf_token, two):
    response = post_share(other_user.client, csrf_token, [two[0]])
    assert response.status_code == 404
    assert other_user.client.get(f"/shares/new?credential_ids={two[0]}").status_code == 404
    assert share_count(app) == 0


# The link, its secrets and the QR code


def test_tokens_are_long_random_and_never_stored_in_plain_text(app, user, csrf_token, two):
    share_id = make_share(user.client, csrf_token, two)
    page = user.client.get(f"/shares/{share_id}").get_data(as_text=True)
    token = link_on_page(page).rsplit("/", 1)[1]
    code = CODE_TEXT.search(page)[1].strip()
    assert len(token) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    with app.app_context():
        row = db.session.execute(db.select(ShareLink.__table__).filter_by(id=share_id)).one()
    stored = " ".join(str(value) for value in row)
    for secret in (token, code, code.replace("-", "")):
        assert secret not in stored
    # Nor hidden in base64url, as inside a JWT whose audience is the link (any alignment).
    link = app.config["WALLET_BASE_URL"].rstrip("/") + "/v/" + token
    for shift in range(3):
        encoded = base64.urlsafe_b64encode(("x" * shift + link).encode()).decode().rstrip("=")
        assert encoded[4 + shift :][:24] not in stored
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_the_sealed_token_opens_to_the_link_on_the_page(app, user, csrf_token, two):
    share_id = make_share(user.client, csrf_token, two)
    link = link_on_page(user.client.get(f"/shares/{share_id}").get_data(as_text=True))
    token = open_token(share_row(app, share_id).token_sealed, app.config["SECRET_KEY"])
    assert link == app.config["WALLET_BASE_URL"].rstrip("/") + "/v/" + token


def test_the_qr_code_decodes_to_the_link(app, user, csrf_token, two):
    share_id = make_share(user.client, csrf_token, two)
    page = user.client.get(f"/shares/{share_id}").get_data(as_text=True)
    png = user.client.get(f"/shares/{share_id}/qr.png")
    assert png.headers["Content-Type"] == "image/png"
    assert "attachment; filename=kompetenspass-qr.png" in png.headers["Content-Disposition"]
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))
    assert [barcode.text for barcode in decoded] == [link_on_page(page)]
    svg = user.client.get(f"/shares/{share_id}/qr.svg")
    assert svg.headers["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.data
    assert "<svg" in page  # shown inline as well


# Listing, extending, revoking


def test_the_list_is_empty_at_first_and_explains_sharing(user):
    page = user.client.get("/shares").get_data(as_text=True)
    assert "You have no shared links yet" in page
    assert "In your wallet, tick the credentials for one employer" in page


def test_the_list_shows_each_links_status_and_views(app, user, csrf_token, two):
    ids = {
        name: make_share(user.client, csrf_token, two, label=name)
        for name in ("Aktiv", "Gammal", "Slut", "Sedd")
    }
    update_share(
        app, ids["Aktiv"], view_count=3, last_viewed_at=now() - datetime.timedelta(hours=1)
    )
    update_share(app, ids["Gammal"], expires_at=now() - datetime.timedelta(days=1))
    update_share(app, ids["Slut"], revoked_at=now())
    update_share(app, ids["Sedd"], max_views=1, view_count=1, last_viewed_at=now())
    page = user.client.get("/shares").get_data(as_text=True)
    rows = {name: page[page.index(f">{name}<") :] for name in ids}
    assert "Link active: 7 days left" in rows["Aktiv"].split("</li>")[0]
    assert "Opened 3 times, last on" in rows["Aktiv"].split("</li>")[0]
    assert "Link expired" in rows["Gammal"].split("</li>")[0]
    assert "Link ended by you" in rows["Slut"].split("</li>")[0]
    assert "Link view limit reached" in rows["Sedd"].split("</li>")[0]
    assert "Omvårdnadssvenska, grundnivå, Hjullastare, grund" in rows["Aktiv"].split("</li>")[0]


def test_extending_moves_the_end_and_signs_the_presentation_again(app, user, csrf_token, two):
    share_id = make_share(user.client, csrf_token, two, expires_in_days="1")
    token = csrf_token(user.client, f"/shares/{share_id}")
    response = user.client.post(
        f"/shares/{share_id}/extend", data={"expires_in_days": "30", "csrf_token": token}
    )
    assert response.status_code == 303
    share = share_row(app, share_id)
    assert share.expires_at > now() + datetime.timedelta(days=29)
    assert split_token(signed_presentation(app, share))[1]["exp"] == int(share.expires_at.timestamp())


@pytest.mark.parametrize(
    "form, message",
    [
        (lambda: {"expires_in_days": "1"}, "already works longer"),
        (lambda: {"expires_on": days_from_today(400)}, "at most one year"),
    ],
    ids=["shorter", "over-a-year"],
)
def test_extending_refuses_a_shorter_or_too_long_life(app, user, csrf_token, two, form, message):
    share_id = make_share(user.client, csrf_token, two, expires_in_days="7")
    before = share_row(app, share_id).expires_at
    token = csrf_token(user.client, f"/shares/{share_id}")
    response = user.client.post(f"/shares/{share_id}/extend", data={**form(), "csrf_token": token})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert share_row(app, share_id).expires_at == before


def test_revoking_asks_first_then_ends_the_link_at_once(app, user, csrf_token, two, caplog):
    caplog.set_level(logging.INFO)
    share_id = make_share(user.client, csrf_token, two)
    link = link_on_page(user.client.get(f"/shares/{share_id}").get_data(as_text=True))
    confirm = user.client.get(f"/shares/{share_id}/revoke")
    assert confirm.status_code == 200 and share_row(app, share_id).revoked_at is None
    token = csrf_token(user.client, f"/shares/{share_id}/revoke")
    done = user.client.post(f"/shares/{share_id}/revoke", data={"csrf_token": token})
    assert done.status_code == 303
    assert share_row(app, share_id).revoked_at is not None
    assert "event=share.revoked at=" in caplog.text
    assert f"user_id={user.id} share_id={share_id}" in caplog.text
    page = user.client.get(f"/shares/{share_id}").get_data(as_text=True)
    assert "Link ended by you" in page and 'id="share-link"' not in page
    assert (
        app.test_client().get(link.removeprefix(app.config["WALLET_BASE_URL"])).status_code == 410
    )
    retry = user.client.post(
        f"/shares/{share_id}/extend", data={"expires_in_days": "30", "csrf_token": token}
    )
    assert retry.status_code == 422
    assert "You ended this link, so it stays ended." in retry.get_data(as_text=True)
    assert share_row(app, share_id).revoked_at is not None


def test_a_link_stops_at_its_view_limit(app, user, csrf_token, two):
    share_id = make_share(user.client, csrf_token, two, max_views="2")
    link = link_on_page(user.client.get(f"/shares/{share_id}").get_data(as_text=True))
    path = link.removeprefix(app.config["WALLET_BASE_URL"])
    employer = app.test_client()
    visits = [employer.get(path, follow_redirects=True).status_code for _ in range(3)]
    assert visits == [200, 200, 410]
    page = user.client.get("/shares").get_data(as_text=True)
    assert "Link view limit reached" in page and "Opened 2 times" in page


def test_revoking_without_a_csrf_token_is_refused(app, user, csrf_token, two):
    share_id = make_share(user.client, csrf_token, two)
    assert user.client.post(f"/shares/{share_id}/revoke").status_code == 400
    assert share_row(app, share_id).revoked_at is None


def test_one_learner_cannot_see_revoke_or_extend_anothers_share(
    app, user, other_user, csrf_token, two
):
    share_id = make_share(user.client, csrf_token, two, label="Skellefteå Kraft")
    before = share_row(app, share_id)
    intruder = other_user.client
    for url in ("", "/qr.png", "/qr.svg", "/revoke"):
        assert intruder.get(f"/shares/{share_id}{url}").status_code == 404
    token = csrf_token(intruder, "/shares/new")
    assert (
        intruder.post(f"/shares/{share_id}/revoke", data={"csrf_token": token}).status_code == 404
    )
    extend = {"expires_in_days": "90", "csrf_token": token}
    assert intruder.post(f"/shares/{share_id}/extend", data=extend).status_code == 404
    after = share_row(app, share_id)
    assert (after.revoked_at, after.expires_at) == (before.revoked_at, before.expires_at)
    assert "Skellefteå Kraft" not in intruder.get("/shares").get_data(as_text=True)


# Deleting a credential


def test_deleting_a_credential_removes_it_from_the_share_and_the_page_says_so(
    app, user, csrf_token, two
):
    valid, old = two
    share_id = make_share(user.client, csrf_token, two)
    token = csrf_token(user.client, f"/wallet/{old}/delete")
    assert user.client.post(f"/wallet/{old}/delete", data={"csrf_token": token}).status_code == 303
    share = share_row(app, share_id)
    assert share.removed_credentials == 1
    with app.app_context():
        left = db.session.scalars(
            db.select(ShareItem.credential_id).filter_by(share_id=share_id)
        ).all()
        raw = db.session.get(StoredCredential, valid).raw
    assert left == [valid]
    assert split_token(signed_presentation(app, share))[1]["vp"]["verifiableCredential"] == [raw]
    page = user.client.get(f"/shares/{share_id}").get_data(as_text=True)
    assert (
        "1 credential was removed from this share because you deleted it from your wallet." in page
    )


# The wallet's selection


def test_the_wallet_page_lets_credentials_be_ticked_for_sharing(user, two):
    page = user.client.get("/wallet").get_data(as_text=True)
    assert '<form id="share-selection" action="/shares/new" method="get"' in page
    for credential_id in two:
        assert f'name="credential_ids" value="{credential_id}"' in page
    assert page.count('<label class="card-select">') == 2
    assert 'id="selection-bar"' in page


def test_the_selection_bar_answers_htmx_with_a_fragment_and_others_with_the_page(user, two, htmx):
    url = "/shares/selection?" + "&".join(f"credential_ids={i}" for i in two)
    fragment = user.client.get(url, headers=htmx.swap)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "2 selected" in body
    assert "HX-Request" in fragment.headers["Vary"]
    page = user.client.get(url).get_data(as_text=True)
    assert "<html" in page and 'action="/shares"' in page
    boosted = user.client.get(url, headers=htmx.boosted)
    assert "<html" in boosted.get_data(as_text=True)


def test_filtering_the_wallet_keeps_the_ticked_cards(user, two, htmx):
    valid, old = two
    page = user.client.get(f"/wallet?verdict=&credential_ids={old}", headers=htmx.swap)
    body = page.get_data(as_text=True)
    assert f'value="{old}" checked' in body and f'value="{valid}" checked' not in body
    assert "1 selected" in body


def test_reordering_answers_htmx_with_only_the_list(user, two, htmx):
    valid, old = two
    response = user.client.get(
        f"/shares/new?credential_ids={old}&credential_ids={valid}", headers=htmx.swap
    )
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="chosen-credentials"')
    assert body.index(f'value="{old}"') < body.index(f'value="{valid}"')


@pytest.mark.app_config(MAX_CREDENTIALS_PER_SHARE=1)
def test_the_credentials_per_link_limit_is_configuration(app, user, csrf_token, two):
    response = post_share(user.client, csrf_token, two)
    assert response.status_code == 422
    assert "at most 1 credential." in response.get_data(as_text=True)
    assert share_count(app) == 0


def test_share_limits_are_read_from_the_environment(make_app, monkeypatch):
    monkeypatch.setenv("MAX_ACTIVE_SHARES", "3")
    monkeypatch.setenv("MAX_CREDENTIALS_PER_SHARE", "5")
    app = make_app()
    assert (app.config["MAX_ACTIVE_SHARES"], app.config["MAX_CREDENTIALS_PER_SHARE"]) == (3, 5)
