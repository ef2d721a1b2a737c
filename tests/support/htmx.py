"""The headers htmx sends, so tests say which kind of htmx request they make.

- ``HtmxHeaders.swap``: an htmx request that swaps a fragment (``hx-get``/``hx-post``).
- ``HtmxHeaders.boosted``: an ``hx-boost`` navigation, which wants the whole page.
- ``HtmxHeaders.history_restore``: htmx restoring a page from history, which wants it whole too.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class HtmxHeaders:
    swap: dict = dataclasses.field(default_factory=lambda: {"HX-Request": "true"})
    boosted: dict = dataclasses.field(
        default_factory=lambda: {"HX-Request": "true", "HX-Boosted": "true"}
    )
    history_restore: dict = dataclasses.field(
        default_factory=lambda: {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
