"""A wallet with something on every page, and the list of those pages, for whole-site checks.

- ``build_site(app, user, csrf_token)``: trusted, unlisted and expired credentials, an active share
  of two of them, an ended share, a registry issuer, the learner made an admin, and an
  occupational profile (``PROFILE``) with a link shared for it, and the learner's mailed links.
  Returns the values the page templates below need (``credential``, ``other``, ``share``,
  ``token``, the ended share's ``gone`` and ``gone_token``, ``issuer``, ``slug``, ``profile``,
  ``profile_token``, ``confirm_token``, ``reset_token``).
- ``LEARNER_PAGES``, ``ADMIN_PAGES``, ``PUBLIC_PAGES``: every page a GET can reach.
- ``ERROR_STATES``: (start page, action) pairs that leave a form showing its errors; each action
  takes the Playwright page.
- ``visit(browser, live_server, site, readers, paths, error_states, user=None)``: open each page
  and error state for each reader; yields (where, language, Playwright page).
- ``problems_on_every_page(check, *visit_arguments, user=None)``: ``{where: problems}`` for the
  pages where ``check(page, language)`` finds any.
- ``log_in(page, live_server, user)``, ``choose_language(page, code)``.
"""

from __future__ import annotations

import json
import pathlib
import re
import tempfile

from support.cli import run_cli
from support.forms import LEARNER_PASSWORD
from support.issuers import did_key_issuer
from support.registry import add_issuer
from support.registry import make_admin
from support.registry import trust_in_file

from wallet.accounts import one_time_links
from wallet.models import User
from wallet.platform.extensions import db

TRUSTED = did_key_issuer("Ed25519", slot=12)
UNLISTED = did_key_issuer("P-256", slot=12)
# Owned by the issuer the site adds to the registry (support/registry.py's ISSUER_FORM); the
# learner's credential from TRUSTED meets its first requirement, the second is missing.
PROFILE = {
    "slug": "underskoterska",
    "name": {"sv": "Undersköterska", "en": "Assistant nurse"},
    "owner": "did:web:skelleftea.se",
    "description": {"sv": "Vård och omsorg i kommunen."},
    "requires": [
        {"title": {"sv": "Omvårdnadssvenska, grundnivå"}, "issuers": [TRUSTED.did],
         "must_be_valid": True},
        {"title": {"sv": "Förflyttningsteknik"}, "issuers": [TRUSTED.did]},
    ],
}
SHARE_LINK = re.compile(r'id="share-link"[^>]*value="[^"]*/v/([A-Za-z0-9_-]+)"')

LEARNER_PAGES = [
    "/wallet",
    "/wallet?issuer=did:example:nobody",
    "/wallet/import",
    "/wallet/{credential}",
    "/wallet/{credential}/delete",
    "/wallet/999999",
    "/account",
    "/account/import",
    "/account/delete",
    "/account/address",
    "/account/recovery-codes",
    "/account/passkeys",
    "/shares",
    "/shares/new?credential_ids={credential}&credential_ids={other}",
    "/shares/{share}",
    "/shares/{share}/card",
    "/shares/{share}/revoke",
    "/shares/{gone}",
    "/shares/new?profile={profile}",
]
ADMIN_PAGES = [
    "/admin/issuers",
    "/admin/issuers/history",
    "/admin/issuers/new",
    "/admin/issuers/{issuer}",
    "/admin/issuers/{issuer}/edit",
    "/admin/issuers/{issuer}/suspend",
    "/admin/profiles",
    "/admin/profiles/{profile}/remove",
]
PUBLIC_PAGES = [
    "/login",
    "/register",
    "/register/sent",
    "/confirm/{confirm_token}",
    "/confirm/a-link-that-no-longer-works",
    "/reset",
    "/reset/sent",
    "/reset/{reset_token}",
    "/login/recovery-code",
    "/code",
    "/verify",
    "/v/{token}",
    "/v/{token}/receipt",
    "/v/{gone_token}",
    "/v/unknown-token-000000000",
    "/issuers/{slug}",
    "/profiles",
    "/profiles/{profile}",
    "/v/{profile_token}",
    "/no-such-page",
]


def build_site(app, user, csrf_token) -> dict:
    """Fill the wallet through the app's own forms; returns the values the page paths use."""
    trust_in_file(app, TRUSTED.did)
    expired = TRUSTED.credential(
        valid_from="2020-01-01T00:00:00Z", valid_until="2021-01-01T00:00:00Z", id="urn:uuid:1"
    )
    ids = []
    for token in (TRUSTED.issue(), UNLISTED.issue(), TRUSTED.issue(expired)):
        form = {"credential": token, "csrf_token": csrf_token(user.client, "/wallet/import")}
        added = user.client.post("/wallet/import", data=form).headers["Location"]
        ids.append(int(added.rsplit("/", 1)[1]))
    share, token = share_credentials(user, csrf_token, ids[:2])
    gone, gone_token = share_credentials(user, csrf_token, ids[2:])
    token_for_revoke = csrf_token(user.client, f"/shares/{gone}")
    user.client.post(f"/shares/{gone}/revoke", data={"csrf_token": token_for_revoke})
    make_admin(app, user)
    issuer = add_issuer(user.client)
    profile_token = share_for_profile(app, user, csrf_token)
    confirm_token, reset_token = mailed_links(app, user)
    return {
        "credential": ids[0], "other": ids[1], "share": share, "token": token,
        "gone": gone, "gone_token": gone_token, "issuer": issuer, "slug": "skelleftea-kommun",
        "profile": PROFILE["slug"], "profile_token": profile_token,
        "confirm_token": confirm_token, "reset_token": reset_token,
    }


def mailed_links(app, user) -> tuple[str, str]:
    """A confirmation and a reset link that work, as the mails would carry them (opening
    their pages uses neither up)."""
    with app.app_context():
        learner = db.session.get(User, user.id)
        links = [one_time_links.issue(learner, purpose, learner.email)
                 for purpose in (one_time_links.CONFIRM, one_time_links.RESET)]
        db.session.commit()
    return links[0], links[1]


def share_for_profile(app, user, csrf_token) -> str:
    """Import ``PROFILE`` (owned by the registry's issuer) and share the learner's credential
    that meets it, for it; returns the employer's link token."""
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "profile.json"
        path.write_text(json.dumps(PROFILE, ensure_ascii=False))
        run_cli(app, "profile", "import", str(path))
    wanted = f"/shares/new?profile={PROFILE['slug']}"
    chosen = re.findall(r'name="credential_ids" value="(\d+)"', user.client.get(wanted).get_data(as_text=True))
    form = {"credential_ids": chosen, "expires_in_days": "7", "profile": PROFILE["slug"],
            "csrf_token": csrf_token(user.client, wanted)}
    share_url = user.client.post("/shares", data=form).headers["Location"]
    return SHARE_LINK.search(user.client.get(share_url).get_data(as_text=True))[1]


def share_credentials(user, csrf_token, ids: list[int]) -> tuple[str, str]:
    """Share ``ids`` for 7 days; returns the share's id and the employer's link token."""
    form = {
        "credential_ids": ids, "expires_in_days": "7", "label": "Ansökan", "message": "Hej!",
        "csrf_token": csrf_token(user.client, f"/shares/new?credential_ids={ids[0]}"),
    }
    share_url = user.client.post("/shares", data=form).headers["Location"]
    page = user.client.get(share_url).get_data(as_text=True)
    return share_url.rsplit("/", 1)[1], SHARE_LINK.search(page)[1]


def visit(browser, live_server: str, site: dict, readers, paths, error_states, user=None):
    """For each reader (browser locale, page language, context options): every page, every error."""
    for locale, language, options in readers:
        reader = f"{language} {options.get('color_scheme', 'light')}"
        context = browser.new_context(locale=locale, **options)
        try:
            page = context.new_page()
            if user:
                log_in(page, live_server, user)
                choose_language(page, language)
            for template in paths:
                page.goto(live_server + template.format(**site))
                yield f"{reader} {template}", language, page
            for template, act in error_states:
                page.goto(live_server + template.format(**site))
                act(page)
                yield f"{reader} {template} ({act.__name__})", language, page
        finally:
            context.close()


def problems_on_every_page(check, *places, user=None) -> dict:
    found = {where: check(page, language) for where, language, page in visit(*places, user=user)}
    return {where: problems for where, problems in found.items() if problems}


def log_in(page, live_server: str, user) -> None:
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", user.password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/wallet")


def choose_language(page, code: str) -> None:
    """Use the footer's language switch, as a learner would; it is remembered in the profile."""
    page.locator(f".language-switch button[value={code}]").click()
    page.wait_for_load_state()


def submit_empty(page) -> None:
    page.locator("main form.stack button[type=submit]").last.click()
    page.wait_for_load_state()


def type_wrong_code(page) -> None:
    page.fill("#code", "AAAA-BBBB-CCCCC")
    submit_empty(page)


def paste_garbage(page) -> None:
    page.fill("#credential", "not a credential")
    submit_empty(page)


def import_garbage(page) -> None:
    """The wallet's import form is swapped in place by htmx; wait for its error."""
    page.fill("#credential", "not a credential")
    page.locator("#import-form button[type=submit]").click()
    page.locator("#import-error .error").wait_for()


def make_recovery_codes(page) -> None:
    """The page that shows the ten new codes, once."""
    page.fill("#password", LEARNER_PASSWORD)
    submit_empty(page)


def refuse_share(page) -> None:
    page.fill("#max_views", "-1")
    submit_empty(page)


# Forms showing their errors: the page to start on and what the person does there.
PUBLIC_ERROR_STATES = [
    ("/register", submit_empty),
    ("/login", submit_empty),
    ("/code", type_wrong_code),
    ("/verify", paste_garbage),
    ("/reset/{reset_token}", submit_empty),
    ("/login/recovery-code", submit_empty),
]
LEARNER_ERROR_STATES = [
    ("/wallet/import", import_garbage),
    ("/shares/new?credential_ids={credential}", refuse_share),
    ("/admin/issuers/new", submit_empty),
    ("/account/delete", submit_empty),
    ("/account/address", submit_empty),
    ("/account/recovery-codes", submit_empty),
    ("/account/recovery-codes", make_recovery_codes),
]
