"""The EU micro-credential fact sheet: row labels and values in the reader's language."""

from __future__ import annotations

import datetime

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from wallet.credentials.display import Level
from wallet.credentials.display import MicroCredentialFacts
from wallet.credentials.display import Recipient
from wallet.credentials.display import Result
from wallet.credentials.display import Supervision
from wallet.credentials.display import Workload
from wallet.platform.i18n import format_country
from wallet.platform.i18n import format_day
from wallet.platform.numerals import format_number

LABELS = {
    "learner": _l("Learner"),
    "title": _l("Title"),
    "country": _l("Country of the issuer"),
    "awarding_body": _l("Awarding body"),
    "issued_on": _l("Date of issue"),
    "learning_outcomes": _l("Learning outcomes"),
    "workload": _l("Workload"),
    "level": _l("Level (EQF / SeQF)"),
    "assessment": _l("Type of assessment"),
    "participation": _l("Form of participation"),
    "quality_assurance": _l("Quality assurance"),
    "prerequisites": _l("Prerequisites"),
    "supervision": _l("Supervision and identity check"),
    "grade": _l("Grade"),
    "stackability": _l("Can be combined with"),
    "further_information": _l("Further information"),
}

# What an Open Badges 2.0 badge was issued to; the address itself is never shown.
RECIPIENTS = {
    "email": _l("Issued to an e-mail address"),
    "url": _l("Issued to a web address"),
    "telephone": _l("Issued to a telephone number"),
    "id": _l("Issued to an identifier"),
}


# SD-JWT VC types (``vct``) by a plain name; others are shown as written.
TYPE_NAMES = {
    "urn:eu.europa.ec.eudi:learning:credential:1": _l("EU learning credential"),
    "urn:eudi:micro_credential:1": _l("EU micro-credential"),
    "urn:eudi:openbadge_complete:1": _l("Open badge"),
}


def type_name(types: tuple[str, ...]) -> str | None:
    """A credential's SD-JWT VC type by name, where we know it."""
    known = (TYPE_NAMES[t] for t in types if t in TYPE_NAMES)
    return next((str(name) for name in known), None)


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {
        "type_name": type_name,
        "fact_label": LABELS.get, "format_fact": format_fact,
        "key_facts": key_facts, "unstated_labels": unstated_labels,
    })


# What an employer wants first, on the credential's card: how much, what level, since when.
KEY_ELEMENTS = ("workload", "level", "issued_on")


def key_facts(facts: MicroCredentialFacts) -> list[str]:
    """The card's two or three facts, in the reader's language; only those the issuer states."""
    shown = []
    for key in KEY_ELEMENTS:
        element = facts.element(key)
        if element is None or not element.stated:
            continue
        text = format_fact(element.value)
        shown.append(_("Issued %(date)s", date=text) if key == "issued_on" else text)
    return shown


def unstated_labels(facts: MicroCredentialFacts) -> list[str]:
    """The fact sheet's required rows the issuer left out, folded into one line on the page."""
    return [str(LABELS[e.key]) for e in facts.elements if e.mandatory and not e.stated]


def format_fact(value) -> str | list[str]:
    """A fact sheet value as text; a list of lines for learning outcomes and grades."""
    if isinstance(value, datetime.date):
        return format_day(value)
    if isinstance(value, Workload):
        return _format_workload(value)
    if isinstance(value, bool):  # stackability, as an SD-JWT VC states it
        return str(_("Can count towards another credential") if value else _("Stands alone"))
    if isinstance(value, Recipient):
        return str(RECIPIENTS[value.kind])
    if isinstance(value, Level):
        parts = [f"EQF {value.eqf}" if value.eqf else "", f"SeQF {value.seqf}" if value.seqf else ""]
        return " / ".join(part for part in parts if part)
    if isinstance(value, Supervision):
        checked = {True: _("Identity checked"), False: _("Identity not checked"), None: ""}
        return ". ".join(part for part in (value.text, checked[value.identity_checked]) if part)
    if isinstance(value, tuple):
        return [format_fact(item) if not isinstance(item, Result) else _format_result(item) for item in value]
    if isinstance(value, str) and len(value) == 2 and value.isalpha() and value.isupper():
        return format_country(value)
    return str(value)


def _format_workload(workload: Workload) -> str:
    # A whole number agrees with its noun ("1 hour", "3 hours"); a fraction has a form of its own.
    parts = []
    if workload.ects is not None:
        number = format_number(workload.ects)
        if float(workload.ects).is_integer():
            credits = ngettext("%(number)s hp (%(number)s ECTS credit)",
                               "%(number)s hp (%(number)s ECTS credits)", int(workload.ects),
                               number=number)
            parts.append(credits)
        else:
            parts.append(_("%(number)s hp (%(number)s ECTS credits)", number=number))
    if workload.hours is not None:
        hours = format_number(workload.hours)
        if float(workload.hours).is_integer():
            hours_text = ngettext("%(hours)s hour", "%(hours)s hours", int(workload.hours),
                                  hours=hours)
            parts.append(hours_text)
        else:
            parts.append(_("%(hours)s hours", hours=hours))
    if workload.text:
        parts.append(workload.text)
    return ", ".join(parts)


def _format_result(result: Result) -> str:
    return ": ".join(part for part in (result.name, result.value) if part)
