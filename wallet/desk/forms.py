"""The issuing form, checked: either what to issue, or a message for each wrong field."""

from __future__ import annotations

import datetime

from flask_babel import lazy_gettext as _l

from wallet.desk.store import IssueRequest
from wallet.platform import clock

NAME_MAX_LENGTH = 200
RESULT_MAX_LENGTH = 60

MESSAGES = {
    "learner_name": _l("Write the learner's full name, as on their ID (at most 200 characters)."),
    "completed": _l(
        "Write the date the learner finished, like 2026-05-31. It cannot be in the future."
    ),
    "result": _l("Write the result in at most 60 characters, like Godkänd or VG."),
}


def parse_issue_form(form) -> IssueRequest | dict:
    """An IssueRequest, or {field: message} for the fields to correct."""
    name = " ".join(form.get("learner_name", "").split())
    result = form.get("result", "").strip()
    completed = _date(form.get("completed", "").strip())
    errors = {}
    if not name or len(name) > NAME_MAX_LENGTH:
        errors["learner_name"] = MESSAGES["learner_name"]
    if completed is None or completed > clock.now().date():
        errors["completed"] = MESSAGES["completed"]
    if len(result) > RESULT_MAX_LENGTH:
        errors["result"] = MESSAGES["result"]
    return errors or IssueRequest(name, completed, result or None)


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
