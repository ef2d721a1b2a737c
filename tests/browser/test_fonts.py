"""Tigrinya pages draw every Ge'ez letter with an installed font that has it, never with a
web font or a font without the glyph (the empty boxes a phone shows when it has none).

The font stack in static/public.css names the fonts systems ship; `make chromium` installs
Debian's fonts-noto-core (Noto Sans Ethiopic) where it is missing, as a stock Android phone has it.
"""

from __future__ import annotations

import subprocess

import pytest
from support.screens import SMALL_PHONE
from support.sharing import TRUSTED
from support.sharing import add_credential
from support.sharing import employer_path
from support.sharing import make_share
from support.site import choose_language
from support.site import log_in

GEEZ = "[\u1200-\u137f]"
# Each shown element whose own text has Ge'ez letters (folded details opened), marked so DevTools
# can find it; returns how many letters each has.
MARK_GEEZ = """(pattern) => {
  document.querySelectorAll('details').forEach((folded) => { folded.open = true; });
  const geez = new RegExp(pattern, 'g');
  return [...document.querySelectorAll('body *')].map((element) => {
    const own = [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.data).join('');
    return [element, (own.match(geez) || []).length];
  }).filter(([element, count]) => count && element.checkVisibility())
    .map(([element, count], index) => { element.dataset.geez = index; return count; });
}"""


DESCRIBE = "(index) => document.querySelector(`[data-geez='${index}']`).outerHTML.slice(0, 60)"


def fonts_with_geez() -> set[str]:
    """The installed font families that have Ge'ez letters (fontconfig's own answer)."""
    listed = subprocess.run(
        ["fc-list", ":charset=1200", "family"], capture_output=True, text=True, check=True
    )
    families = {name.strip() for line in listed.stdout.splitlines() for name in line.split(",")}
    if not families - {""}:
        pytest.fail(
            "No font with Ge'ez letters is installed: run `make chromium`, which installs "
            "Debian's fonts-noto-core (Noto Sans Ethiopic)."
        )
    return families


def drawn_without_geez_font(page, ethiopic: set[str]) -> list[str]:
    """Elements whose Ge'ez letters were not all drawn by a font that has them."""
    counts = page.evaluate(MARK_GEEZ, GEEZ)
    assert counts, "no Ge'ez text on the page"
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    found = []
    for index, letters in enumerate(counts):
        node = session.send(
            "DOM.querySelector", {"nodeId": root, "selector": f'[data-geez="{index}"]'}
        )
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        drawn = sum(font["glyphCount"] for font in fonts if font["familyName"] in ethiopic)
        if drawn < letters or any(font["isCustomFont"] for font in fonts):
            where = page.evaluate(DESCRIBE, index)
            found.append(
                f"{where}: {letters} letters, fonts "
                f"{[(font['familyName'], font['glyphCount']) for font in fonts]}"
            )
    session.detach()
    return found


def test_tigrinya_pages_draw_geez_with_an_installed_font(
    app, browser, live_server, user, csrf_token
):
    ethiopic = fonts_with_geez()
    credential = add_credential(user.client, csrf_token, TRUSTED.issue())
    employer = employer_path(user.client, make_share(user.client, csrf_token, [credential]))
    context = browser.new_context(viewport=SMALL_PHONE, locale="ti")
    page = context.new_page()
    problems = {}
    for path in ("/login", "/verify", f"{employer}?lang=ti"):
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.lang") == "ti", path
        problems[path] = drawn_without_geez_font(page, ethiopic)
    log_in(page, live_server, user)
    choose_language(page, "ti")
    problems["/wallet"] = drawn_without_geez_font(page, ethiopic)
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}
