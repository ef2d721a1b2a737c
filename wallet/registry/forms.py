"""The admin form for an issuer, checked: either the details, or a message for each wrong field."""

from __future__ import annotations

import dataclasses
import re
import urllib.parse

from flask_babel import lazy_gettext as _l

from wallet.registry.logos import Logo
from wallet.registry.logos import LogoRefused
from wallet.registry.logos import read_logo
from wallet.registry.store import SLUG_MAX_LENGTH
from wallet.registry.store import IssuerDetails

DID_PATTERN = re.compile(r"did:[a-z0-9]+:[A-Za-z0-9._:%-]+(?:[/?#]\S*)?")
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
COUNTRY_PATTERN = re.compile(r"[A-Z]{2}")
SWEDISH_ORGANISATION_NUMBER = re.compile(r"(\d{6})-?(\d{4})")
FIELDS = (
    "issuer_id", "slug", "name_sv", "name_en", "organisation_number", "country", "homepage", "sector"
)

MESSAGES = {
    "issuer_id": _l("Write the issuer's DID (did:web:…, did:key:…) or https address."),
    "issuer_id_taken": _l("This issuer is already in the registry."),
    "name_sv": _l("Write the Swedish name (at most 200 characters)."),
    "name_en": _l("Write the English name (at most 200 characters)."),
    "slug": _l("Use small letters a–z, digits and hyphens, at most %(count)d characters.",
               count=SLUG_MAX_LENGTH),
    "slug_taken": _l("Another issuer has this address. Choose another."),
    "organisation_number": _l("Write a Swedish organisation number like 212000-2627."),
    "country": _l("Write a two-letter country code, like SE."),
    "homepage": _l("Write a web address that starts with https://."),
    "sector": _l("Write at most 120 characters."),
    "logo.too_large": _l("The logo is too large. The limit is 200 KB."),
    "logo.unsupported": _l("Choose a PNG, JPEG or SVG image."),
    "logo.damaged": _l("The image is damaged or not really an image."),
}


@dataclasses.dataclass(frozen=True)
class IssuerForm:
    """A valid form: the details, and what to do with the logo."""

    details: IssuerDetails
    logo: Logo | None
    drop_logo: bool


def parse_issuer_form(form, files, issuer_id: str | None = None) -> IssuerForm | dict[str, str]:
    """Check the form; ``issuer_id`` is given when editing (the id itself cannot change)."""
    values = {field: form.get(field, "").strip() for field in FIELDS}
    values["country"] = values["country"].upper() or "SE"
    values["issuer_id"] = issuer_id or values["issuer_id"]
    errors = {
        field: str(MESSAGES[field]) for field in FIELDS if not VALID[field](values[field], values)
    }
    logo = None
    upload = files.get("logo")
    if upload and upload.filename:
        try:
            logo = read_logo(upload.stream)
        except LogoRefused as refusal:
            errors["logo"] = str(MESSAGES[f"logo.{refusal.code}"])
    if errors:
        return errors
    values["organisation_number"] = _normalised_number(values)
    return IssuerForm(IssuerDetails(**values), logo, drop_logo=form.get("drop_logo") == "1")


def conflict_message(field: str) -> dict[str, str]:
    """The field error for a registry conflict (an id or slug someone else has)."""
    return {field: str(MESSAGES[f"{field}_taken"])}


def _is_issuer_id(value: str) -> bool:
    return len(value) <= 500 and (bool(DID_PATTERN.fullmatch(value)) or _is_https_url(value))


def _is_https_url(value: str) -> bool:
    parts = urllib.parse.urlsplit(value)
    return parts.scheme == "https" and bool(parts.hostname) and not any(c.isspace() for c in value)


def _is_organisation_number(value: str, values: dict[str, str]) -> bool:
    """Any short code abroad; in Sweden ten digits, the hyphen optional."""
    if values["country"] == "SE":
        return bool(SWEDISH_ORGANISATION_NUMBER.fullmatch(value))
    return len(value) <= 40


def _normalised_number(values: dict[str, str]) -> str:
    """Swedish organisation numbers are written NNNNNN-NNNN."""
    match = SWEDISH_ORGANISATION_NUMBER.fullmatch(values["organisation_number"])
    if match and values["country"] == "SE":
        return f"{match[1]}-{match[2]}"
    return values["organisation_number"]


# field -> whether its (stripped) value is acceptable, given all the values.
VALID = {
    "issuer_id": lambda value, values: _is_issuer_id(value),
    "slug": lambda value, values: not value or (
        len(value) <= SLUG_MAX_LENGTH and bool(SLUG_PATTERN.fullmatch(value))
    ),
    "name_sv": lambda value, values: 0 < len(value) <= 200,
    "name_en": lambda value, values: 0 < len(value) <= 200,
    "organisation_number": lambda value, values: (
        not value or _is_organisation_number(value, values)
    ),
    "country": lambda value, values: bool(COUNTRY_PATTERN.fullmatch(value)),
    "homepage": lambda value, values: not value or (len(value) <= 500 and _is_https_url(value)),
    "sector": lambda value, values: len(value) <= 120,
}
