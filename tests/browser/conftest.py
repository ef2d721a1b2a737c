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


BROWSER_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]


@pytest.fixture(scope="session")
def playwright_session():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_session):
    browser = playwright_session.chromium.launch(
        executable_path=chromium_path(), args=BROWSER_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def browser(chromium, monkeypatch):
    """The shared Chromium; any CSP error in the console of any page of the test fails it."""
    blocked = _watch_csp(chromium, monkeypatch)
    yield chromium
    assert blocked == []


@pytest.fixture
def launch_chromium(playwright_session, monkeypatch):
    """``launch_chromium(*flags)``: a Chromium of the test's own with more flags (a fake camera),
    watched for CSP errors like ``browser`` and closed after the test."""
    launched = []

    def launch(*flags: str):
        browser = playwright_session.chromium.launch(
            executable_path=chromium_path(), args=[*BROWSER_ARGS, *flags]
        )
        launched.append((browser, _watch_csp(browser, monkeypatch)))
        return browser

    yield launch
    for browser, blocked in launched:
        browser.close()
        assert blocked == []


def _watch_csp(browser, monkeypatch) -> list[str]:
    blocked: list[str] = []
    new_context = browser.new_context

    def watched_context(**options):
        context = new_context(**options)
        context.on("console", lambda msg: blocked.append(msg.text) if _is_csp_error(msg) else None)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    return blocked


def _is_csp_error(message) -> bool:
    return message.type == "error" and "Content Security Policy" in message.text


@pytest.fixture
def phone(browser):
    """A fresh phone-sized browser context (Swedish, 360×740)."""
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    yield context.new_page()
    context.close()
