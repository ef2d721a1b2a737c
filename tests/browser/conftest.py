"""A live server and a real Chromium (Debian's), driven by Playwright at phone size."""

from __future__ import annotations

import os
import shutil

import pytest
from support.live import serving
from support.screens import PHONE



def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        # Never a skip: a browser test that did not run must not look like one that passed.
        pytest.fail("Chromium is not installed: run `make test`, which installs Debian's chromium.")
    return path


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the length of one test."""
    with serving(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized browser context; console CSP errors fail the test."""
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors
