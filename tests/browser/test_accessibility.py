"""Every page, learner, admin and public, meets WCAG 2.1 AA on phones, in Swedish, Arabic and
Persian.

Two checks per page, each on its own pass through the site:
- axe-core's WCAG 2.1 A/AA rules at 320 px, in the light and the dark colour scheme, and the
  page's own language and direction (Arabic and Persian are right to left);
- the layout: nothing overflows at 320, 390 or 1280 px or at 320 px with text at 200 %, nothing
  is cut off, and targets are 44×44 px at 360 px (tests/support/layout.py).
Pages include forms showing their errors (after a full-page submit or an htmx swap), the admin's
registry pages, an ended link (410), the employer's receipt and the learner's printable card.
"""

from __future__ import annotations

import pytest
from support.axe import axe_violations
from support.layout import PHONE
from support.layout import layout_problems
from support.site import ADMIN_PAGES
from support.site import LEARNER_ERROR_STATES
from support.site import LEARNER_PAGES
from support.site import PUBLIC_ERROR_STATES
from support.site import PUBLIC_PAGES
from support.site import build_site
from support.site import problems_on_every_page

from wallet.platform.i18n import RTL_LANGUAGES

NARROW = {"width": 320, "height": 640}
LANGUAGES = (("sv-SE", "sv"), ("ar", "ar"), ("fa", "fa"))  # (browser locale, page language)


def audit(page, language: str) -> list[str]:
    """axe's violations, plus a wrong language or direction on the page itself."""
    found = axe_violations(page)
    shown = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
    if shown != [language, "rtl" if language in RTL_LANGUAGES else "ltr"]:
        found.append(f"page language and direction are {shown}")
    return found


# Each check with its readers: (browser locale, page language, browser context options).
CHECKS = {
    "axe": (audit, [
        (locale, language, {"viewport": NARROW, "color_scheme": scheme})
        for scheme in ("light", "dark") for locale, language in LANGUAGES
    ]),
    "layout": (layout_problems, [(locale, code, {"viewport": PHONE}) for locale, code in LANGUAGES]),
}


@pytest.fixture
def site(app, user, csrf_token):
    return build_site(app, user, csrf_token)


@pytest.mark.parametrize("check", CHECKS)
def test_learner_and_admin_pages(check, live_server, browser, user, site):
    inspect, readers = CHECKS[check]
    paths = LEARNER_PAGES + ADMIN_PAGES
    places = (browser, live_server, site, readers, paths, LEARNER_ERROR_STATES)
    assert problems_on_every_page(inspect, *places, user=user) == {}


@pytest.mark.parametrize("check", CHECKS)
def test_public_pages(check, live_server, browser, site):
    inspect, readers = CHECKS[check]
    places = (browser, live_server, site, readers, PUBLIC_PAGES, PUBLIC_ERROR_STATES)
    assert problems_on_every_page(inspect, *places) == {}
