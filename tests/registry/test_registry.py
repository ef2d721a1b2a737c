"""The issuer registry as the source of trust: verdicts follow it, pages show it, files seed it."""

from __future__ import annotations

import datetime
import json

import pytest
from support.cli import run_cli
from support.issuers import did_key_issuer
from support.registry import add_issuer
from support.registry import make_admin
from support.registry import submit

from wallet import create_app
from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.models import IssuerChange
from wallet.models import RegisteredIssuer
from wallet.models import User
from wallet.my_credentials.store import import_token
from wallet.platform.extensions import db
from wallet.shares import store as share_store
from wallet.shares.tokens import open_token

REGISTERED = did_key_issuer("Ed25519", slot=13)
UNREGISTERED = did_key_issuer("P-256", slot=13)


@pytest.fixture(autouse=True)
def portal(app, tmp_path):
    app.config["PORTAL_KEY_PATH"] = str(tmp_path / "portal-key.pem")


def register(app, issuer=REGISTERED, slug="skelleftea-kommun"):
    run_cli(app, "trust", "add", issuer.did, "--name", "Skellefteå kommun", "--name-en",
        "Skellefteå Municipality", "--slug", slug, "--organisation-number", "212000-2817",
        "--homepage", "https://skelleftea.se", "--sector", "Vård och omsorg")


def share(app, user, raw: str) -> tuple[int, str]:
    """Import ``raw`` into the learner's wallet and share it: (credential id, link token)."""
    now = datetime.datetime.now(datetime.UTC)
    with app.app_context():
        owner = db.session.get(User, user.id)
        stored = import_token(owner, raw)[0]
        settings = share_store.ShareSettings(expires_at=now + datetime.timedelta(days=7))
        made = share_store.create_share(owner, [stored], settings, now)
        return stored.id, open_token(made.token_sealed, app.config["SECRET_KEY"])


def verdicts(app, user, credential_id: int, token: str) -> tuple[str, str]:
    """The verdict the learner's wallet and the employer's page show now."""
    wallet = user.client.get(f"/wallet/{credential_id}").get_data(as_text=True)
    employer = app.test_client().get(f"/v/{token}", follow_redirects=True).get_data(as_text=True)
    return badge(wallet), badge(employer)


def badge(page: str) -> str:
    return next(v for v in ("verified", "warning", "failed") if f"badge badge-{v}" in page)


@pytest.mark.parametrize("via", ["cli", "another app server"])
def test_suspending_or_removing_an_issuer_changes_the_verdict_at_the_next_view(app, user, via):
    register(app)
    credential_id, token = share(app, user, REGISTERED.issue())
    # A second app on the same database, as a second server would be: it caches nothing shared.
    other = create_app({key: app.config[key] for key in ("TESTING", "SECRET_KEY", "TRUST_LIST",
                                                          "SQLALCHEMY_DATABASE_URI")})
    operator = other if via == "another app server" else app
    assert verdicts(app, user, credential_id, token) == ("verified", "verified")
    run_cli(operator, "trust", "suspend", REGISTERED.did)
    assert verdicts(app, user, credential_id, token) == ("warning", "warning")
    employer = app.test_client().get(f"/v/{token}", follow_redirects=True).get_data(as_text=True)
    assert "which is suspended from our list of trusted issuers" in employer
    run_cli(operator, "trust", "reinstate", REGISTERED.did)
    assert verdicts(app, user, credential_id, token) == ("verified", "verified")
    run_cli(operator, "trust", "remove", REGISTERED.did)
    assert verdicts(app, user, credential_id, token) == ("warning", "warning")
    employer = app.test_client().get(f"/v/{token}", follow_redirects=True).get_data(as_text=True)
    assert "has been removed from our list" in employer
    with other.app_context():
        db.engine.dispose()


def test_the_employer_page_names_a_registered_issuer_and_links_its_page(app, user):
    register(app)
    _, token = share(app, user, REGISTERED.issue())
    english = app.test_client().get(f"/v/{token}?lang=en", follow_redirects=True).get_data(as_text=True)
    assert "Issued by Skellefteå Municipality, which is on our list of trusted issuers." in english
    assert 'href="/issuers/skelleftea-kommun?lang=en"' in english
    swedish = app.test_client().get(f"/v/{token}?lang=sv", follow_redirects=True).get_data(as_text=True)
    assert "Skellefteå kommun" in swedish and 'href="/issuers/skelleftea-kommun?lang=sv"' in swedish
    assert "Anyone can make a credential" not in english


def test_the_employer_page_warns_about_an_issuer_not_in_the_registry(app, user):
    document = UNREGISTERED.credential()
    document["issuer"] = {"id": UNREGISTERED.did, "type": ["Profile"], "name": "Kommunen AB"}
    _, token = share(app, user, UNREGISTERED.issue(document))
    page = app.test_client().get(f"/v/{token}", follow_redirects=True).get_data(as_text=True)
    assert "badge badge-warning" in page
    assert "calls itself Kommunen AB. It is not on our list of trusted issuers." in page
    assert "Anyone can make a credential and sign it under any name." in page
    assert "Treat the name above as a claim, not a fact." in page
    assert "/issuers/" not in page


def test_the_public_issuer_page_shows_what_the_registry_knows(app):
    register(app)
    response = app.test_client().get("/issuers/skelleftea-kommun?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Skellefteå Municipality</h1>" in page
    for fact in ("Skellefteå kommun", "212000-2817", "<dd>Sweden</dd>", "Vård och omsorg", REGISTERED.did):
        assert fact in page
    assert '<a href="https://skelleftea.se" rel="noreferrer">' in page
    assert "On our list of trusted issuers." in page
    assert "In the registry since" in page
    assert "set-cookie" not in {name.lower() for name in response.headers.keys()}
    run_cli(app, "trust", "suspend", REGISTERED.did)
    suspended = app.test_client().get("/issuers/skelleftea-kommun?lang=en").get_data(as_text=True)
    assert "Suspended from our list of trusted issuers." in suspended


def test_an_unknown_issuer_page_is_not_found(app):
    response = app.test_client().get("/issuers/finns-inte")
    assert response.status_code == 404
    assert "set-cookie" not in {name.lower() for name in response.headers.keys()}
    assert app.test_client().get("/issuers/finns-inte/logo").status_code == 404


def test_issuers_in_the_trust_list_file_stay_trusted_until_the_registry_says_otherwise(app, user):
    path = app.config["TRUST_LIST"]
    TrustList([TrustedIssuer(REGISTERED.did, "Skellefteå kommun (file)")]).save(path)
    credential_id, token = share(app, user, REGISTERED.issue())
    assert verdicts(app, user, credential_id, token) == ("verified", "verified")
    make_admin(app, user)
    listing = user.client.get("/admin/issuers").get_data(as_text=True)
    assert "Also trusted through the trust list file" in listing and REGISTERED.did in listing
    run_cli(app, "trust", "import", path)
    run_cli(app, "trust", "suspend", REGISTERED.did)  # the registry outranks the file
    assert verdicts(app, user, credential_id, token) == ("warning", "warning")


def test_admin_grant_and_revoke(app, user):
    assert user.client.get("/admin/issuers").status_code == 403
    run_cli(app, "admin", "confirm", user.email)  # only a confirmed address (tests/accounts)
    assert "is now an admin" in run_cli(app, "admin", "grant", user.email.upper())
    assert user.client.get("/admin/issuers").status_code == 200
    run_cli(app, "admin", "revoke", user.email)
    assert user.client.get("/admin/issuers").status_code == 403
    unknown = app.test_cli_runner().invoke(args=["admin", "grant", "nobody@example.se"])
    assert unknown.exit_code != 0 and "No account with the address" in unknown.output


def registry_rows(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.scalars(db.select(RegisteredIssuer).order_by(RegisteredIssuer.issuer_id))
        return [
            (r.issuer_id, r.slug, r.name_sv, r.name_en, r.organisation_number, r.country,
             r.homepage, r.sector, r.status)
            for r in rows
        ]


def test_export_then_import_gives_the_same_registry(app, make_app, user, tmp_path):
    make_admin(app, user)
    register(app)
    add_issuer(user.client, issuer_id="https://textil.example.se", name_sv="Textilakademin",
               name_en="Textile Academy", organisation_number="", country="NO", homepage="",
               sector="Textil")
    run_cli(app, "trust", "add", UNREGISTERED.did, "--name", "Avstängd AB")
    run_cli(app, "trust", "suspend", UNREGISTERED.did)
    exported = tmp_path / "export.json"
    assert "Exported 2 trusted issuers" in run_cli(app, "trust", "export", str(exported))
    assert UNREGISTERED.did not in json.loads(exported.read_text())["issuers"]  # not trusted now

    trusted = [row for row in registry_rows(app) if row[-1] == "active"]
    fresh = make_app()  # an empty database of its own (on PostgreSQL, its own schema)
    assert "Imported 2 issuers" in run_cli(fresh, "trust", "import", str(exported))
    assert registry_rows(fresh) == trusted
    again = tmp_path / "again.json"
    run_cli(fresh, "trust", "export", str(again))
    assert again.read_text() == exported.read_text()
    with fresh.app_context():
        imported = db.session.scalars(db.select(IssuerChange)).all()
        assert {(c.action, c.via) for c in imported} == {("add", "cli")}


def test_an_import_with_a_bad_entry_imports_nothing(app, tmp_path):
    source = tmp_path / "trust.json"
    source.write_text(json.dumps({"issuers": {
        REGISTERED.did: {"name": "Skellefteå kommun"},
        UNREGISTERED.did: {"name": "Fel AB", "homepage": "http://insecure.example"},
    }}))
    result = app.test_cli_runner().invoke(args=["trust", "import", str(source)])
    assert result.exit_code != 0
    assert "homepage: Write a web address that starts with https://" in result.output
    assert registry_rows(app) == []


def test_an_admin_change_applies_on_the_next_view(app, user):
    make_admin(app, user)
    key = add_issuer(user.client, issuer_id=REGISTERED.did)
    credential_id, token = share(app, user, REGISTERED.issue())
    assert verdicts(app, user, credential_id, token) == ("verified", "verified")
    submit(user.client, f"/admin/issuers/{key}/suspend", {})
    assert verdicts(app, user, credential_id, token) == ("warning", "warning")


def test_demo_issuers_are_registered_with_their_sector_and_names(make_app, tmp_path):
    demo = make_app(DEMO_KEYS_DIR=str(tmp_path / "demo-keys"))
    run_cli(demo, "demo", "seed")
    rows = {row[1]: row for row in registry_rows(demo)}
    assert len(rows) == 7 and "snabbcertifikat" not in rows
    assert rows["skelleftea-kommun"][2:4] == ("Skellefteå kommun", "Skellefteå Municipality")
    assert {row[7] for row in rows.values()} == {
        "Vård och omsorg", "Textil", "Energi", "Bredband", "Arbetsmarknad", "Handel", "Forskning"
    }
    page = demo.test_client().get("/issuers/rise?lang=sv").get_data(as_text=True)
    assert "Forskning" in page
