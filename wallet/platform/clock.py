"""The one clock: every "now" in the app comes from here, so one patch stops time everywhere.

Callers write ``clock.now()`` (never ``from … import now``), so a test or benchmark that
replaces ``wallet.platform.clock.now`` moves every part of the app at once. The domain core
never reads a clock: it is handed this one's answer.
"""

from __future__ import annotations

import datetime


def now() -> datetime.datetime:
    """The current moment, timezone-aware, in UTC."""
    return datetime.datetime.now(datetime.UTC)
