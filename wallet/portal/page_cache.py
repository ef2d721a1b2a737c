"""The employer's page, rendered once per outcome: repeated views of a link skip the templates.

Every view still verifies the share again (``share_view``): trust, validity and status are as
fresh as ever. Only turning that outcome into HTML is reused, under a key made of
everything the page shows, with times to the minute, as the page shows them. A revocation, a
registry change or a new minute makes a new key, so a kept page is never a stale one.
"""

from __future__ import annotations

import datetime
import hashlib

from flask import Flask
from flask import render_template

from wallet.platform import caches
from wallet.portal.share_view import ShareView
from wallet.verification.explained import CheckedCredential
from wallet.verification.messages import param_moment

PAGES = "portal.pages"


def init_app(app: Flask) -> None:
    # A key holds for a minute at most (the page shows the minute it was checked); ~45 KB a page.
    caches.of(app).add(PAGES, 60.0, 256)


def share_page_html(view: ShareView, locale: str) -> str:
    """``portal/share.html`` for ``view`` in ``locale`` (already the active locale)."""
    pages = caches.cache(PAGES)
    key = page_key(view, locale)
    html = pages.get(key)
    if html is None:
        html = render_template("portal/share.html", view=view)
        pages.put(key, html)
    return html


def page_key(view: ShareView, locale: str) -> str:
    """A digest of all the page shows; two views with the same key render the same bytes."""
    shown = (
        locale,
        view.share_id,
        view.token,
        view.ticket,
        str(view.verdict),
        view.holder_names,
        view.message,
        view.expires_at.isoformat(),
        view.removed_credentials,
        _minute(view.checked_at),
        tuple(_credential_shown(item) for item in view.credentials),
        (view.profile.slug, view.profile.in_use, view.profile.version) if view.profile else None,
    )
    return hashlib.sha256(repr(shown).encode("utf-8")).hexdigest()


def _credential_shown(item: CheckedCredential) -> tuple:
    """One credential's part: its bytes stand for its facts (read in the page's languages)."""
    result = item.result
    checks = tuple(
        (str(check.concern), str(check.status), check.code, _params_shown(check.params))
        for check in result.checks
    )
    return (
        item.sha256,
        item.position,
        item.binding,
        item.partly_disclosed,
        item.issuer,
        item.card_image,
        str(result.verdict),
        result.key,
        _minute(result.checked_at),
        checks,
    )


def _params_shown(params: dict) -> tuple:
    """A check's values; its dates as the sentences show them, to the minute."""
    return tuple(
        (key, _minute(moment) if (moment := param_moment(key, value)) else value)
        for key, value in sorted(params.items())
    )


def _minute(moment: datetime.datetime | None) -> str | None:
    return moment.replace(second=0, microsecond=0).isoformat() if moment else None
