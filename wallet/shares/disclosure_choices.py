"""The share form's choice of what an employer sees of each SD-JWT credential.

The issuer of an SD-JWT lets its holder keep some claims back. The form lists them in plain
words (the EU fact sheet's label where a claim fills one of its rows), each a checkbox with what
it says (as the fact sheet words it: "40 hours", not "PT40H"). To begin with every one is ticked except details about the learner as a person beyond
their name (date of birth, address, identity numbers…): an employer judges no competence by
them, and they tell age and origin, which a hiring decision must not turn on. The name stays
ticked: it is what ties the credential to the applicant, who gave it on the CV anyway. The
claims the title is read from are always shown: without them the employer's page could not say
what the credential is.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from wallet.credentials import CredentialError
from wallet.credentials import DisclosableClaim
from wallet.credentials import Shape
from wallet.credentials import describe_credential
from wallet.credentials import disclosable_claims
from wallet.credentials import parse_credential
from wallet.credentials.display import MicroCredentialFacts
from wallet.credentials.display.sd_jwt_vc import CLAIM_ELEMENTS
from wallet.models import StoredCredential
from wallet.verification.explained import reading_order
from wallet.verification.facts import LABELS
from wallet.verification.facts import format_fact

# Unticked to begin with: the EUDI person identification data's claim names, and the
# education credentials' own words for the learner's identity.
PERSONAL_CLAIMS = frozenset({
    "birth_date", "birthdate", "date_of_birth", "birth_place", "place_of_birth",
    "birth_family_name", "birth_given_name", "age_in_years", "age_birth_year", "age_over_18",
    "nationality", "nationalities", "address", "resident_address", "sex", "gender",
    "personal_administrative_number", "email", "email_address", "phone_number",
    "mobile_phone_number", "portrait", "picture", "learner_identification",
    "identification_of_the_learner",
})
# Claims about the learner that fill no row of the fact sheet, in plain words.
PERSON_LABELS = {
    "given_name": _l("First name"),
    "family_name": _l("Last name"),
    "birth_date": _l("Date of birth"),
    "birthdate": _l("Date of birth"),
    "date_of_birth": _l("Date of birth"),
    "achievement_description": _l("Description"),
}
SENT = "disclosures_of"  # a credential whose choices the form carries: what is unticked stays back
FIELD = "disclose_{}"  # the ticked disclosures of one credential, by digest
PREVIEW_MAX = 80


@dataclasses.dataclass(frozen=True)
class ClaimChoice:
    """One checkbox: a claim the learner may keep back, and whether it is ticked."""

    digest: str
    label: str
    says: str | None  # what the claim says, shortened, where that is plain text
    ticked: bool


@dataclasses.dataclass(frozen=True)
class DisclosureChoices:
    """One SD-JWT credential's claims on the share form."""

    credential_id: int
    always: tuple[DisclosableClaim, ...]  # read for the title: always shown
    choices: tuple[ClaimChoice, ...]

    @property
    def field(self) -> str:
        return FIELD.format(self.credential_id)

    @property
    def always_labels(self) -> list[str]:
        return list(dict.fromkeys(claim_label(claim) for claim in self.always))

    def chosen(self) -> tuple[str, ...]:
        """The digests of the disclosures the employer will receive."""
        ticked = (choice.digest for choice in self.choices if choice.ticked)
        return (*(claim.digest for claim in self.always), *ticked)


def disclosure_choices(stored: StoredCredential, values: MultiDict) -> DisclosureChoices | None:
    """The choices for ``stored`` as ``values`` (a sent form, or the address of a reordered one)
    left them, else as they begin; None for a credential that is not an SD-JWT we can read."""
    if stored.shape != Shape.SD_JWT_VC:
        return None
    try:
        claims = disclosable_claims(stored.raw)
        document = parse_credential(stored.raw).document
    except CredentialError:
        return None
    facts = describe_credential(document, reading_order(str(get_locale())))
    sent = str(stored.id) in values.getlist(SENT)
    ticked = set(values.getlist(FIELD.format(stored.id)))
    always = tuple(c for c in claims if not c.element and CLAIM_ELEMENTS.get(c.name) == "title")
    choices = tuple(
        ClaimChoice(
            claim.digest,
            claim_label(claim),
            what_it_says(claim, facts),
            claim.digest in ticked if sent else claim.name not in PERSONAL_CLAIMS,
        )
        for claim in claims
        if claim not in always
    )
    return DisclosureChoices(stored.id, always, choices)


def read_disclosures(
    values: MultiDict, credentials: Iterable[StoredCredential]
) -> dict[int, tuple[str, ...]]:
    """By credential id, the disclosures of each SD-JWT credential the learner chose to show."""
    found = (disclosure_choices(stored, values) for stored in credentials)
    return {choices.credential_id: choices.chosen() for choices in found if choices}


def kept_choices(chosen: Iterable[DisclosureChoices | None]) -> dict[str, list[str]]:
    """The choices as an address's values: a reordered form (a plain link) keeps them."""
    shown = [choices for choices in chosen if choices]
    kept: dict[str, list[str]] = {SENT: [str(choices.credential_id) for choices in shown]}
    for choices in shown:
        kept[choices.field] = [c.digest for c in choices.choices if c.ticked]
    return kept


def claim_label(claim: DisclosableClaim) -> str:
    return claim_name_label(claim.name)


def claim_name_label(name: str) -> str:
    """A claim in plain words: the fact sheet's row, our own label, else its name humanised
    (the same words on the share form, a verifier's request and the employer's /ask form)."""
    element = CLAIM_ELEMENTS.get(name)
    label = LABELS.get(element) if element else PERSON_LABELS.get(name)
    return str(label) if label else humanised(name)


def humanised(name: str) -> str:
    """``level_of_learning`` or ``levelOfLearning`` as "Level of learning"."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("_", " ").split()
    return " ".join(words).capitalize() or name


def what_it_says(claim: DisclosableClaim, facts: MicroCredentialFacts) -> str | None:
    """A claim's value in short: the fact sheet's words for the row it fills, else the value
    itself where it is text or a number."""
    element = None if claim.element else facts.element(CLAIM_ELEMENTS.get(claim.name, ""))
    if element is not None and element.stated:
        return shortened(format_fact(element.value))
    return shortened(claim.value)


def shortened(value: Any) -> str | None:
    """Text or numbers (one, or a list joined) as one short line; None for anything else."""
    if isinstance(value, list):
        texts = [shortened(item) for item in value]
        text = "; ".join(item for item in texts if item)
    elif isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
    else:
        return None
    if len(text) > PREVIEW_MAX:
        return text[: PREVIEW_MAX - 1] + "…"
    return text or None
