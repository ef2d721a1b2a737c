"""Open Badges 2.0: an assertion with its badge class (``badge``) and the badge class's issuer
profile (``badge.issuer``) in place, as the verification fetched them:

  learner              recipient.type as a Recipient ("email", "url", "telephone", "id"): a
                       page says what the badge was issued to, never the address itself
  title / description  badge.name / badge.description
  awarding_body        issuer.name, issuer.id
  issued_on            issuedOn (ISO 8601, or a Unix timestamp)
  learning_outcomes    targetName of each badge.alignment[] naming an ESCO skill

  Summary fields: image (the assertion's image, else the badge class's), criteria
  (badge.criteria.narrative), alignments (badge.alignment[]), tags (badge.tags[]). An OB 2.0
  badge states no workload, level, country, assessment or quality assurance.
"""

from __future__ import annotations

import datetime
from typing import Any

from .facts import MicroCredentialFacts
from .facts import Recipient
from .facts import facts_from
from .reading import Paths
from .reading import alignments_of
from .reading import calendar_date
from .reading import first_dict
from .reading import image_url
from .reading import is_esco
from .reading import language_tag

# The recipient kinds OB 2.0 names; anything else is shown as an identifier.
_RECIPIENT_KINDS = ("email", "url", "telephone")


def describe_open_badge_2(
    document: dict[str, Any], languages: tuple[str, ...]
) -> MicroCredentialFacts:
    badge = first_dict(document.get("badge"))
    roots = {"assertion": document, "badge": badge, "issuer": first_dict(badge.get("issuer"))}
    paths = Paths(roots, languages)
    alignments = alignments_of(paths, badge.get("alignment"))
    values = {
        "learner": _recipient(document.get("recipient")),
        "title": paths.text("badge.name"),
        "awarding_body": paths.text("issuer.name", "issuer.id"),
        "issued_on": _issued_on(document.get("issuedOn")),
        "learning_outcomes": tuple(a.name for a in alignments if a.name and is_esco(a)),
    }
    return facts_from(
        values,
        title=values["title"],
        description=paths.text("badge.description"),
        image=paths.first(image_url, "assertion.image", "badge.image"),
        learner_name=None,
        achievement_type=None,
        criteria=paths.text("badge.criteria.narrative"),
        alignments=alignments,
        results=(),
        credits=None,
        source="open_badges_2",
        language=paths.first(language_tag, "badge.@language", "assertion.@language"),
        tags=paths.texts_of(badge.get("tags")) or (),
    )


def _recipient(recipient: Any) -> Recipient | None:
    if not isinstance(recipient, dict) or not isinstance(recipient.get("identity"), str):
        return None
    kind = recipient.get("type")
    return Recipient(kind if kind in _RECIPIENT_KINDS else "id")


def _issued_on(value: Any) -> datetime.date | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**33:
        return datetime.datetime.fromtimestamp(value, datetime.UTC).date()
    return calendar_date(value)
