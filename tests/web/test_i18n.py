"""Swedish is the default and complete; English is the source language."""

from __future__ import annotations

import pathlib

import pytest
from babel.messages import checkers
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

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
