"""Every page in each of the seven languages: direction, placeholders, translations used."""

from __future__ import annotations

import dataclasses
import html
import html.parser
import pathlib
import re

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext
from support.demo import TITLE as DEMO_TITLE
from support.demo import seeded_app
from support.demo import share_demo_credential
from support.forms import AuthActions
from support.forms import read_csrf_token

from wallet.issuing.demo import DEMO_LOGIN
from wallet.models import RegisteredIssuer
from wallet.models import StoredCredential
from wallet.platform.extensions import db
from wallet.platform.i18n import LANGUAGES
from wallet.platform.i18n import RTL_LANGUAGES

ROOT = pathlib.Path(__file__).resolve().parents[2]

LOCALES = list(LANGUAGES)
TRANSLATED = [locale for locale in LOCALES if locale != "en"]  # English is the source language
PLACEHOLDERS = ("%(", "{{", "{%", "%s")
HTML_TAG = re.compile(r'<html lang="([^"]*)" dir="([^"]*)">')
VOID_TAGS = {"input", "img", "meta", "link", "br", "hr", "source"}


@dataclasses.dataclass(frozen=True)
class DemoSite:
    app: Flask
    share_token: str
    credential_id: int
    share_id: int
    issuer_key: int
    issuer_slug: str

    def learner_pages(self) -> list[str]:
        wallet, share, issuer = self.credential_id, self.share_id, self.issuer_key
        return [
            "/wallet", "/wallet?sort=title&verdict=verified", "/wallet/import", f"/wallet/{wallet}",
            f"/wallet/{wallet}/delete", "/shares", f"/shares/new?credential={wallet}",
            f"/shares/{share}", f"/shares/{share}/revoke", "/account", "/account/delete",
            "/account/import", "/admin/issuers", "/admin/issuers/new", "/admin/issuers/history",
            f"/admin/issuers/{issuer}", f"/admin/issuers/{issuer}/edit", "/wallet/999999",
        ]

    def public_pages(self) -> list[str]:
        return [
            "/login", "/register", "/verify", "/code", f"/v/{self.share_token}",
            f"/v/{self.share_token}/receipt", f"/issuers/{self.issuer_slug}", "/v/no-such-link",
            "/no-such-page",
        ]


@pytest.fixture
def site(make_app, tmp_path) -> DemoSite:
    """The demo: its learner (an admin here), a credential, a share and a registered issuer."""
    app = seeded_app(make_app, tmp_path)
    shared = share_demo_credential(app)
    assert app.test_cli_runner().invoke(args=["admin", "grant", DEMO_LOGIN[0]]).exit_code == 0
    with app.app_context():
        stored = db.session.scalar(db.select(StoredCredential).filter_by(title=DEMO_TITLE))
        issuer = db.session.scalar(db.select(RegisteredIssuer).order_by(RegisteredIssuer.id))
        return DemoSite(app, shared.token, stored.id, shared.share_id, issuer.id, issuer.slug)


def demo_learner(site: DemoSite, locale: str):
    """A client logged in as the demo learner who chose ``locale`` with the switch."""
    client = site.app.test_client()
    AuthActions(client).login(*DEMO_LOGIN)
    token = read_csrf_token(client, "/wallet")
    response = client.post("/language", data={"language": locale, "next": "/wallet", "csrf_token": token})
    assert response.status_code == 303
    return client


def rendered_pages(site: DemoSite, locale: str) -> dict[str, str]:
    """Every page as a learner who chose ``locale`` sees it, and as a browser asking for it."""
    learner = demo_learner(site, locale)
    visitor = site.app.test_client()
    pages = {url: learner.get(url) for url in site.learner_pages()}
    asked = {"Accept-Language": locale}
    pages |= {url: visitor.get(url, headers=asked, follow_redirects=True) for url in site.public_pages()}
    for url, response in pages.items():
        assert response.status_code in (200, 404, 410), (url, response.status_code)
    return {url: response.get_data(as_text=True) for url, response in pages.items()}


class VisibleText(html.parser.HTMLParser):
    """Text a reader sees or hears, outside elements marked as another language (endonyms)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: set[str] = set()
        self.foreign: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag != "html" and "lang" in values and tag not in VOID_TAGS:
            self.foreign.append(tag)
        elif self.foreign and tag == self.foreign[-1]:
            self.foreign.append(tag)
        if not self.foreign:
            self.texts.update(values.get(name) or "" for name in ("aria-label", "title", "placeholder", "alt"))

    def handle_endtag(self, tag):
        if self.foreign and tag == self.foreign[-1]:
            self.foreign.pop()

    def handle_data(self, data):
        if not self.foreign:
            self.texts.add(" ".join(data.split()))


def translated_sources(locale: str) -> set[str]:
    """The English source texts that ``locale``'s catalogue translates differently."""
    with (ROOT / f"translations/{locale}/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    return {m.id for m in catalogue if isinstance(m.id, str) and m.id and m.id != m.string}


def visible_texts(page: str) -> set[str]:
    parser = VisibleText()
    parser.feed(page)
    return parser.texts


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_renders_in_each_language(site, locale):
    direction = "rtl" if locale in RTL_LANGUAGES else "ltr"
    pages = rendered_pages(site, locale)
    for url, page in pages.items():
        assert HTML_TAG.search(page).groups() == (locale, direction), url
        assert [mark for mark in PLACEHOLDERS if mark in page] == [], url
    for url in site.learner_pages():  # the switch there comes back to the same page
        assert f'name="next" value="{html.escape(url)}"' in pages[url], url


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_page_uses_the_translations(site, locale):
    """An empty msgstr would show the English source: every language is translated."""
    with site.app.test_request_context(), force_locale(locale):
        skip_link = gettext("Skip to content")
    assert skip_link != "Skip to content", f"no {locale} translation yet"
    sources = translated_sources(locale)
    for url, page in rendered_pages(site, locale).items():
        assert skip_link in page, url
        assert sorted(visible_texts(page) & sources) == [], url


def test_the_employer_page_sets_no_cookie_and_reads_right_to_left_in_arabic(site):
    visitor = site.app.test_client()
    response = visitor.get(f"/v/{site.share_token}?lang=ar", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
    assert '<html lang="ar" dir="rtl">' in page
    for code in LANGUAGES:
        assert re.search(f'href="\\?lang={code}&amp;view=[^"]+" hreflang="{code}"', page), code
    asked = visitor.get(f"/v/{site.share_token}", follow_redirects=True, headers={"Accept-Language": "uk, en;q=0.5"})
    assert '<html lang="uk" dir="ltr">' in asked.get_data(as_text=True)
