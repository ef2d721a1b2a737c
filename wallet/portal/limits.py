"""Rate limits on share URLs, per client: guessing tokens soon meets a 429, reading does not."""

from __future__ import annotations

from flask import Response
from flask import request

from wallet.platform.config import rate_limit
from wallet.platform.extensions import limiter
from wallet.portal import admission


def unknown_link(response: Response) -> bool:
    return response.status_code == 404


def known_link() -> bool:
    """Whether the URL's token names a share (found once per request, then reused by the view)."""
    return admission.find_share(request.view_args["token"]) is not None


# Misses per client over every share URL: guessing tokens soon meets a 429, while a token that
# names a share is never held up by misses, however many others made from the same address.
share_lookups = limiter.shared_limit(
    rate_limit("SHARE_LOOKUP"),
    scope="share-lookup",
    deduct_when=unknown_link,
    exempt_when=known_link,
)
# Every share URL per client, hits included: plenty for a person, not for a scraper.
share_views = limiter.shared_limit(rate_limit("SHARE_VIEW"), scope="share-view")
