"""The registry's admin pages: only for admins, every change in the history, logos kept safe."""

from __future__ import annotations

import datetime
import hashlib
import html

import pytest
from support.registry import HTML_PAGE
from support.registry import ISSUER_FORM
from support.registry import SVG_WITH_SCRIPT
from support.registry import add_issuer
from support.registry import make_admin
from support.registry import png
from support.registry import submit

from wallet.models import IssuerChange
from wallet.models import RegisteredIssuer
from wallet.platform.extensions import db

# Sample values for the arguments of admin URL rules; a new argument must be added here.
RULE_ARGUMENTS = {"action": ("suspend", "reinstate", "remove")}


@pytest.fixture
def admin(app, user):
    make_admin(app, user)
    return user


def admin_urls(app, issuer_key: int) -> list[tuple[str, str]]:
    """(method, url) for every rule of the admin blueprint, each argument filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("registry_admin."):
            continue
        assert rule.arguments <= {"issuer_key", *RULE_ARGUMENTS}, rule
        for action in RULE_ARGUMENTS["action"] if "action" in rule.arguments else (None,):
            values = {"issuer_key": issuer_key, "action": action}
            path = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
            urls += [(method, path) for method in sorted(rule.methods & {"GET", "POST"})]
    return urls


def changes(app) -> list[IssuerChange]:
    with app.app_context():
        rows = db.session.scalars(db.select(IssuerChange).order_by(IssuerChange.id)).all()
        db.session.expunge_all()
        return rows


def issuer_row(app, key: int) -> RegisteredIssuer:
    with app.app_context():
        row = db.session.get(RegisteredIssuer, key)
        row.logo  # load the deferred column before the session closes
        db.session.expunge(row)
        return row


def test_only_admins_reach_any_admin_page(app, admin, other_user, csrf_token):
    key = add_issuer(admin.client)
    urls = admin_urls(app, key)
    assert len(urls) >= 10  # list, history, new, detail, edit, three status changes
    before = len(changes(app))
    visitor = app.test_client()
    token = csrf_token(visitor, "/login")
    learner_token = csrf_token(other_user.client, "/account")
    for method, url in urls:
        if method == "GET":
            anonymous, learner = visitor.get(url), other_user.client.get(url)
        else:
            anonymous = visitor.post(url, data={**ISSUER_FORM, "csrf_token": token})
            learner = other_user.client.post(url, data={**ISSUER_FORM, "csrf_token": learner_token})
        assert anonymous.status_code in (302, 303), (method, url)
        assert anonymous.headers["Location"].startswith("/login"), (method, url)
        assert learner.status_code == 403, (method, url)
        assert "You do not have access to this page." in learner.get_data(as_text=True)
    assert len(changes(app)) == before  # nothing was changed by anyone refused
    for method, url in urls:
        if method == "GET":
            assert admin.client.get(url).status_code in (200, 303), url


def test_the_menu_shows_the_registry_to_admins_only(app, admin, other_user):
    assert "/admin/issuers" in admin.client.get("/wallet").get_data(as_text=True)
    assert "/admin/issuers" not in other_user.client.get("/wallet").get_data(as_text=True)


def test_every_change_is_in_the_history_with_who_when_and_what(app, admin):
    started = datetime.datetime.now(datetime.UTC)
    key = add_issuer(admin.client)
    edited = submit(
        admin.client, f"/admin/issuers/{key}/edit", {**ISSUER_FORM, "name_en": "Skellefteå Council"}
    )
    assert edited.status_code == 303
    for action in ("suspend", "reinstate", "remove"):
        response = submit(admin.client, f"/admin/issuers/{key}/{action}", {})
        assert response.status_code == 303, action

    history = changes(app)
    actions = [change.action for change in history]
    assert actions == ["add", "edit", "suspend", "reinstate", "remove"]
    for change in history:
        assert (change.actor_id, change.actor_email, change.via) == (admin.id, admin.email, "admin")
        assert change.issuer_id == ISSUER_FORM["issuer_id"] and change.registered_issuer_id == key
        assert started <= change.made_at <= datetime.datetime.now(datetime.UTC)
    assert history[0].changes["name_sv"] == {"before": None, "after": "Skellefteå kommun"}
    assert history[0].changes["organisation_number"]["after"] == "212000-2817"
    assert history[1].changes == {
        "name_en": {"before": "Skellefteå Municipality", "after": "Skellefteå Council"}
    }
    assert history[2].changes == {"status": {"before": "active", "after": "suspended"}}
    assert history[4].changes == {"status": {"before": "active", "after": "removed"}}
    assert issuer_row(app, key).status == "removed"  # kept, with its history

    for page in (f"/admin/issuers/{key}", "/admin/issuers/history"):
        text = admin.client.get(page).get_data(as_text=True)
        for label in ("Added", "Edited", "Suspended", "Reinstated", "Removed"):
            assert label in text, (page, label)
        assert text.count(admin.email) == 5
        assert "Skellefteå Council" in text and "Name in English" in text


def test_an_edit_that_changes_nothing_records_nothing(app, admin):
    key = add_issuer(admin.client)
    response = submit(admin.client, f"/admin/issuers/{key}/edit", ISSUER_FORM)
    detail = admin.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nothing was changed" in detail
    assert [change.action for change in changes(app)] == ["add"]


def test_a_status_change_asks_first_and_is_made_once(app, admin):
    key = add_issuer(admin.client)
    question = admin.client.get(f"/admin/issuers/{key}/remove").get_data(as_text=True)
    assert "Remove Skellefteå kommun from the trusted issuers?" in question
    assert [change.action for change in changes(app)] == ["add"]  # asking changed nothing
    submit(admin.client, f"/admin/issuers/{key}/remove", {})
    again = submit(admin.client, f"/admin/issuers/{key}/remove", {}, token_page="/admin/issuers")
    assert again.status_code == 303
    assert [change.action for change in changes(app)] == ["add", "remove"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("issuer_id", "skelleftea", "Write the issuer's DID"),
        ("name_sv", "", "Write the Swedish name"),
        ("name_en", "x" * 201, "Write the English name"),
        ("slug", "Skellefteå kommun", "Use small letters a–z"),
        ("organisation_number", "12345", "Write a Swedish organisation number"),
        ("country", "Sverige", "Write a two-letter country code"),
        ("homepage", "javascript:alert(1)", "Write a web address that starts with https://"),
    ],
)
def test_a_wrong_field_shows_the_form_again_with_its_message(app, admin, field, value, message):
    response = submit(admin.client, "/admin/issuers/new", {**ISSUER_FORM, field: value})
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert message in text
    assert 'value="Vård och omsorg"' in text  # what was typed comes back
    assert changes(app) == []


def test_an_issuer_or_slug_already_registered_is_refused(app, admin):
    add_issuer(admin.client)
    twice = submit(admin.client, "/admin/issuers/new", ISSUER_FORM)
    assert twice.status_code == 422
    assert "This issuer is already in the registry." in twice.get_data(as_text=True)
    same_slug = {**ISSUER_FORM, "issuer_id": "did:web:other.se", "slug": "skelleftea-kommun"}
    taken = submit(admin.client, "/admin/issuers/new", same_slug)
    assert taken.status_code == 422
    assert "Another issuer has this address." in taken.get_data(as_text=True)
    assert len(changes(app)) == 1


def test_a_png_logo_is_kept_and_served_from_our_host(app, admin):
    logo = png()
    key = add_issuer(admin.client, files={"logo": (logo, "logga.png")})
    row = issuer_row(app, key)
    assert (row.logo, row.logo_type) == (logo, "image/png")
    page = app.test_client().get(f"/issuers/{row.slug}").get_data(as_text=True)
    assert f'src="/issuers/{row.slug}/logo?v=' in page
    served = app.test_client().get(f"/issuers/{row.slug}/logo")
    assert served.status_code == 200
    assert served.data == logo and served.mimetype == "image/png"
    assert changes(app)[0].changes["logo"] == {
        "before": None, "after": hashlib.sha256(logo).hexdigest()
    }


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (HTML_PAGE, "logo.png", "Choose a PNG, JPEG or SVG image."),
        (png(300, 300, noise=True), "big.png", "The logo is too large. The limit is 200 KB."),
        (png()[:40], "cut.png", "The image is damaged or not really an image."),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", "broken.svg", "damaged"),
    ],
    ids=["html-renamed-png", "oversized", "truncated-png", "malformed-svg"],
)
def test_a_logo_that_is_not_a_small_image_is_refused(app, admin, content, filename, message):
    response = submit(
        admin.client, "/admin/issuers/new", ISSUER_FORM, files={"logo": (content, filename)}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert changes(app) == []


def test_an_svg_logo_cannot_run_its_script(app, admin):
    key = add_issuer(admin.client, files={"logo": (SVG_WITH_SCRIPT, "logo.svg")})
    served = app.test_client().get(f"/issuers/{issuer_row(app, key).slug}/logo")
    assert served.mimetype == "image/svg+xml"
    policy = served.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy and "script" not in policy
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "set-cookie" not in {name.lower() for name in served.headers.keys()}


def test_a_logo_can_be_replaced_and_removed(app, admin):
    key = add_issuer(admin.client, files={"logo": (png(), "a.png")})
    url = f"/admin/issuers/{key}/edit"
    submit(admin.client, url, ISSUER_FORM, files={"logo": (SVG_WITH_SCRIPT, "b.svg")})
    assert issuer_row(app, key).logo_type == "image/svg+xml"
    submit(admin.client, url, {**ISSUER_FORM, "drop_logo": "1"})
    row = issuer_row(app, key)
    assert row.logo is None
    assert app.test_client().get(f"/issuers/{row.slug}/logo").status_code == 404
    assert [c.action for c in changes(app)] == ["add", "edit", "edit"]
