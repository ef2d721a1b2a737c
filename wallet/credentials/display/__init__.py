"""EU micro-credential facts (Council Recommendation 2022/C 243/02, Annex I) from a credential.

``describe_credential`` shows only values present in the signed document and never infers:
a missing element is ``stated=False, value=None``. Values are plain text (templates escape
them) without control or bidi-override characters, capped at MAX_TEXT characters; lists are
capped at MAX_ITEMS. A text may be a string, a language map ``{"sv": …, "en": …}``, a list of
``{"@value", "@language"}``, a SKOS concept (``prefLabel``) or an ELM note (``noteLiteral``):
the first of ``languages`` present wins, else the first entry.

Each format has its module: ``open_badges`` (Open Badges 3.0 and plain VCs), ``open_badges_2``
(an Open Badges 2.0 assertion with its badge class and issuer), ``europass`` (Europass
EDC / ELM) and ``sd_jwt_vc`` (SD-JWT VC claims, ``vct`` at the top); ``facts`` holds what
they return, ``reading`` how values are read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .europass import describe_europass
from .facts import MANDATORY_ELEMENTS
from .facts import OPTIONAL_ELEMENTS
from .facts import Alignment
from .facts import Element
from .facts import Level
from .facts import MicroCredentialFacts
from .facts import Recipient
from .facts import Result
from .facts import Supervision
from .facts import Workload
from .open_badges import EXAMPLE_ACHIEVEMENT_EXTENSIONS
from .open_badges import describe_open_badge
from .open_badges_2 import describe_open_badge_2
from .reading import MAX_ITEMS
from .reading import MAX_TEXT
from .reading import first_dict
from .sd_jwt_vc import describe_sd_jwt_vc

__all__ = [
    "EXAMPLE_ACHIEVEMENT_EXTENSIONS",
    "MANDATORY_ELEMENTS",
    "MAX_ITEMS",
    "MAX_TEXT",
    "OPTIONAL_ELEMENTS",
    "Alignment",
    "Element",
    "Level",
    "Recipient",
    "MicroCredentialFacts",
    "Result",
    "Supervision",
    "Workload",
    "describe_credential",
]


def describe_credential(
    document: dict[str, Any], languages: Sequence[str] = ("sv", "en")
) -> MicroCredentialFacts:
    """Map an OB 3.0, Europass EDC/ELM or plain VC document onto the Annex I elements."""
    document = document if isinstance(document, dict) else {}
    subject = first_dict(document.get("credentialSubject"))
    wanted = tuple(re.split("[-_]", lang.lower())[0] for lang in languages if isinstance(lang, str))
    if "badge" in document and "Assertion" in _strings(document.get("type")):
        return describe_open_badge_2(document, wanted)
    if "hasClaim" in subject:
        return describe_europass(document, subject, wanted)
    if isinstance(document.get("vct"), str) and not subject:
        return describe_sd_jwt_vc(document, wanted)
    return describe_open_badge(document, subject, wanted)


def _strings(value: Any) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
