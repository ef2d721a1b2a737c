"""The learner's answered requests, listed on the shares page beside their links.

The shares page does not import this feature: it includes the partial
``presenting/_answered.html``, which calls ``answered_requests()``, a function this blueprint
puts in every template's context (as the wallet page's pending cards are). The query runs only
when a page includes the partial.
"""

from __future__ import annotations

import dataclasses

from flask_login import current_user

from wallet.presenting.choices import path_label
from wallet.presenting.models import PresentationMade
from wallet.presenting.store import presentations_of
from wallet.presenting.views import bp


@dataclasses.dataclass(frozen=True)
class SentCredential:
    title: str
    claims: tuple[str, ...] | None  # the claims sent, in plain words; None: all of it


@dataclasses.dataclass(frozen=True)
class AnsweredRequest:
    made: PresentationMade
    sent: tuple[SentCredential, ...]


@bp.app_context_processor
def answered_requests_source():
    return {"answered_requests": lambda: [_answered(m) for m in presentations_of(current_user.id)]}


def _answered(made: PresentationMade) -> AnsweredRequest:
    sent = tuple(
        SentCredential(
            item["title"],
            None if item["claims"] is None else tuple(
                dict.fromkeys(path_label(path) for path in item["claims"] if path_label(path))
            ),
        )
        for item in made.disclosed
    )
    return AnsweredRequest(made, sent)
