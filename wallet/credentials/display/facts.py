"""What a credential states, as the EU micro-credential fact sheet (Annex I) lays it out."""

from __future__ import annotations

import dataclasses
from typing import Any

MANDATORY_ELEMENTS = (
    "learner", "title", "country", "awarding_body", "issued_on", "learning_outcomes",
    "workload", "level", "assessment", "participation", "quality_assurance",
)
OPTIONAL_ELEMENTS = ("prerequisites", "supervision", "grade", "stackability", "further_information")

@dataclasses.dataclass(frozen=True)
class Alignment:
    name: str | None
    url: str | None  # http(s) only, safe for href
    framework: str | None
    code: str | None
    target_type: str | None = None  # e.g. "ext:EQF"; lets a page skip rows shown elsewhere


@dataclasses.dataclass(frozen=True)
class Workload:
    ects: float | None  # 1 hp = 1 ECTS
    hours: float | None
    text: str | None  # a stated workload we cannot convert, e.g. an ISO duration "P5D"


@dataclasses.dataclass(frozen=True)
class Level:
    eqf: int | None
    seqf: int | None


@dataclasses.dataclass(frozen=True)
class Supervision:
    text: str | None
    identity_checked: bool | None


@dataclasses.dataclass(frozen=True)
class Recipient:
    """Who a badge was issued to, by kind only ("email", "url", "telephone" or "id"): the
    address itself is the learner's to show, not the page's."""

    kind: str


@dataclasses.dataclass(frozen=True)
class Result:
    name: str | None
    value: str | None
    status: str | None


@dataclasses.dataclass(frozen=True)
class Element:
    """One Annex I row. ``value``: str, tuple[str, ...] (learning_outcomes), datetime.date
    (issued_on), Workload, Level, Supervision, Recipient (learner, Open Badges 2.0) or
    tuple[Result, ...] (grade); country is an
    ISO 3166 alpha-2 code when recognisable, else the stated text."""

    key: str
    value: Any
    stated: bool
    mandatory: bool


@dataclasses.dataclass(frozen=True)
class MicroCredentialFacts:
    title: str | None
    description: str | None
    image: str | None  # https: or data:image/(png|jpeg|gif|webp|svg+xml); shown only as redrawn
    learner_name: str | None
    achievement_type: str | None
    criteria: str | None  # narrative, may be Markdown source: render as text
    alignments: tuple[Alignment, ...]
    results: tuple[Result, ...]
    credits: float | None  # creditsEarned, else creditsAvailable (unit unknown)
    elements: tuple[Element, ...]
    source: str  # "open_badges", "europass", "sd_jwt_vc" or "verifiable_credential"
    language: str | None = None  # of the title and texts, where the document says (BCP 47)
    tags: tuple[str, ...] = ()  # the issuer's keywords for the achievement

    @property
    def mandatory_stated(self) -> int:
        return sum(1 for element in self.elements if element.mandatory and element.stated)

    def element(self, key: str) -> Element | None:
        return next((element for element in self.elements if element.key == key), None)


def stated(cls: type, **fields: Any) -> Any:
    """An instance of a structured value, or None when no part of it is stated."""
    return cls(**fields) if any(value is not None for value in fields.values()) else None


def facts_from(values: dict[str, Any], **fields: Any) -> MicroCredentialFacts:
    mandatory = tuple(
        Element(key, values.get(key) or None, bool(values.get(key)), True)
        for key in MANDATORY_ELEMENTS
    )
    optional = tuple(
        # False is a statement too (stackability: stand-alone); only what is missing is left out.
        Element(key, values[key], True, False)
        for key in OPTIONAL_ELEMENTS
        if values.get(key) not in (None, "", ())
    )
    return MicroCredentialFacts(elements=mandatory + optional, **fields)
