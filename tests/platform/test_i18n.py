"""Swedish is the default and complete; English is the source language; seven languages in all."""

from __future__ import annotations

import datetime
import html
import pathlib
import re

import pytest
from babel.messages import checkers
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask import render_template_string
from support.forms import CSRF_INPUT
from support.forms import AuthActions
from support.forms import read_csrf_token
from support.issuers import did_key_issuer

from wallet.credentials.display import Workload
from wallet.platform.i18n import LANGUAGES
from wallet.platform.i18n import RTL_LANGUAGES
from wallet.platform.i18n import format_day
from wallet.platform.i18n import format_moment
from wallet.verification.facts import format_fact

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}


def read_catalogue(path: pathlib.Path):
    with path.open("rb") as handle:
        return read_po(handle)


def extracted_messages() -> set[str]:
    """Every message the code and templates ask for, as `make translations` extracts them."""
    method_map = [("wallet/**.py", "python"), ("templates/**.html", "jinja2")]
    found = extract_from_dir(str(ROOT), method_map, keywords=KEYWORDS | {"ngettext": (1, 2)})
    messages = set()
    for _, _, message, _, _ in found:
        messages.add(message[0] if isinstance(message, tuple) else message)
    return messages


def test_swedish_catalogue_exists():
    assert ROOT / "translations/sv/LC_MESSAGES/messages.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_is_complete_and_not_fuzzy(path):
    catalogue = read_catalogue(path)
    missing = [m.id for m in catalogue if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_covers_every_message_in_the_code(path):
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_catalogue(path) if m.id}
    assert sorted(extracted_messages() - known) == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_placeholders_survive_translation(path):
    catalogue = read_catalogue(path)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        for checker in (checkers.python_format,):
            try:
                checker(catalogue, message)
            except Exception as error:  # babel raises TranslationError with the reason
                problems.append((message.id, str(error)))
    assert problems == []


def test_pages_are_swedish_by_default_and_english_on_request(client):
    swedish = client.get("/login", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    english = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    unknown = client.get("/login", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert 'lang="sv"' in swedish and "Logga in" in swedish
    assert 'lang="en"' in english and "Log in" in english
    assert 'lang="sv"' in unknown


def test_language_switch_keeps_the_page_and_is_remembered(client, csrf_token):
    token = csrf_token(client, "/register")
    response = client.post("/language", data={"language": "en", "next": "/register", "csrf_token": token})
    assert response.status_code in (302, 303) and response.headers["Location"].endswith("/register")
    page = client.get("/register", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert 'lang="en"' in page


def test_language_switch_refuses_other_sites(client, csrf_token):
    token = csrf_token(client, "/register")
    response = client.post("/language", data={"language": "en", "next": "//evil.example", "csrf_token": token})
    assert "evil.example" not in response.headers["Location"]


# --- The switch, the saved choice and the cookie ----------------------------------------------

NEXT_INPUT = re.compile(r'name="next" value="([^"]*)"')


def switch(client, language: str, page: str):
    """Press a language button on ``page``, as the form there posts it."""
    text = client.get(page).get_data(as_text=True)
    next_page = html.unescape(NEXT_INPUT.search(text)[1])
    form = {"language": language, "next": next_page, "csrf_token": CSRF_INPUT.search(text)[1]}
    return client.post("/language", data=form)


def test_the_switch_offers_seven_languages_each_named_in_itself(client):
    page = client.get("/login").get_data(as_text=True)
    for code, name in LANGUAGES.items():
        assert f'value="{code}" lang="{code}"' in page and f">{name}</button>" in page
    assert 'value="ar" lang="ar" dir="rtl"' in page and 'value="fa" lang="fa" dir="rtl"' in page
    assert [code for code in LANGUAGES if f'lang="{code}" dir="rtl"' in page] == ["ar", "fa"]


def test_switching_keeps_the_page_and_its_query(user):
    response = switch(user.client, "uk", "/wallet?sort=title&verdict=verified")
    assert response.status_code == 303
    assert response.headers["Location"] == "/wallet?sort=title&verdict=verified"
    page = user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="uk" dir="ltr">' in page


def test_a_learner_keeps_the_chosen_language_after_logging_in_again(app, user, auth):
    switch(user.client, "ar", "/account")
    auth.logout()
    elsewhere = app.test_client()  # another phone: no cookie, a browser asking for English
    AuthActions(elsewhere).login()
    page = elsewhere.get("/wallet").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_a_visitor_cookie_holds_only_the_language_code(client):
    response = switch(client, "so", "/register")
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("lang=")]
    assert len(cookies) == 1 and cookies[0].split(";")[0] == "lang=so"
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
    assert '<html lang="so" dir="ltr">' in client.get("/register").get_data(as_text=True)


def test_an_unknown_language_changes_nothing(client):
    response = switch(client, "xx", "/register")
    assert "lang=" not in " ".join(response.headers.getlist("Set-Cookie"))
    assert response.headers["Location"] == "/register"


def test_verify_follows_the_browser_in_any_of_the_seven_languages(client):
    for code in LANGUAGES:
        page = client.get("/verify", headers={"Accept-Language": code}).get_data(as_text=True)
        assert f'<html lang="{code}" dir="{"rtl" if code in RTL_LANGUAGES else "ltr"}">' in page
    assert "Set-Cookie" not in client.get("/verify?lang=ar").headers


# --- Credential content in the reader's language ----------------------------------------------

MULTILINGUAL = did_key_issuer("Ed25519", slot=11)
TITLES = {"sv": "Hygien i vården", "en": "Hygiene in care", "ar": "النظافة في الرعاية"}


def multilingual_credential() -> str:
    document = MULTILINGUAL.credential()
    document["name"] = TITLES
    document["credentialSubject"]["achievement"]["name"] = TITLES
    return MULTILINGUAL.issue(document)


@pytest.mark.parametrize("locale", ["ar", "sv", "en", "uk"])
def test_a_language_map_shows_the_readers_language_first(client, locale):
    form = {"credential": multilingual_credential(), "csrf_token": read_csrf_token(client, "/verify")}
    page = client.post("/verify", data=form, headers={"Accept-Language": locale}).get_data(as_text=True)
    shown = TITLES.get(locale) and locale or "sv"  # no Ukrainian name: Swedish, then English
    # Marked as the language it is in, so an Arabic page reads a Swedish title left to right.
    assert f'dir="auto" lang="{shown}">{TITLES[shown]}</h2>' in page


def test_the_wallet_shows_an_arabic_reader_the_arabic_name(user):
    form = {"credential": multilingual_credential(), "csrf_token": read_csrf_token(user.client, "/wallet/import")}
    imported = user.client.post("/wallet/import", data=form)
    switch(user.client, "ar", "/account")
    page = user.client.get(imported.headers["Location"]).get_data(as_text=True)
    assert f">{TITLES['ar']}</h1>" in page and TITLES["sv"] not in page


def test_english_dates_are_written_as_in_europe(app):
    """Readers are in Sweden and Europe: "3 December 2026", never "December 3, 2026"."""
    moment = datetime.datetime(2026, 12, 3, 8, 12, tzinfo=datetime.UTC)  # 09:12 in Stockholm
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert format_moment(moment) == "3 December 2026 at 09:12"
        assert format_day(datetime.date(2026, 5, 1)) == "1 May 2026"
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert format_day(datetime.date(2026, 5, 1)) == "1 maj 2026"


@pytest.mark.parametrize(
    "workload, english, swedish",
    [
        (Workload(None, 1, None), "1 hour", "1 timme"),
        (Workload(None, 40, None), "40 hours", "40 timmar"),
        (Workload(None, 1.5, None), "1.5 hours", "1,5 timmar"),
        (Workload(1, None, None), "1 hp (1 ECTS credit)", "1 hp (1 ECTS-poäng)"),
        (Workload(7.5, None, None), "7.5 hp (7.5 ECTS credits)", "7,5 hp (7,5 ECTS-poäng)"),
    ],
)
def test_numbers_agree_with_their_nouns(app, workload, english, swedish):
    for language, expected in (("en", english), ("sv", swedish)):
        with app.test_request_context(headers={"Accept-Language": language}):
            assert format_fact(workload) == expected


def test_a_country_is_named_alike_in_a_credential_and_in_the_issuer_register(app):
    for language, name in (("sv", "Sverige"), ("en", "Sweden"), ("ar", "السويد")):
        with app.test_request_context(headers={"Accept-Language": language}):
            rendered = render_template_string("{{ 'SE' | country }}")
            assert rendered == format_fact("SE") == name
