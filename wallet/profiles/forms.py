"""The words for a profile definition that was not stored, and reading an uploaded one."""

from __future__ import annotations

import json

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from wallet.profiles.store import ProfileRefused

MAX_DEFINITION_BYTES = 256 * 1024


def read_upload(upload: FileStorage | None) -> object:
    """The JSON in an uploaded definition file; ProfileRefused("file") if there is none."""
    if upload is None or not upload.filename:
        raise ProfileRefused("file")
    data = upload.stream.read(MAX_DEFINITION_BYTES + 1)
    if len(data) > MAX_DEFINITION_BYTES:
        raise ProfileRefused("file")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ProfileRefused("file") from error


def refusal_message(refusal: ProfileRefused) -> str:
    if refusal.code == "definition":
        return _("The profile does not follow the documented shape: look at %(where)s.",
                 where=refusal.where)
    if refusal.code == "owner":
        return _("The profile's owner is not in the register of issuers. Add the issuer first.")
    if refusal.code == "removed":
        return _("This profile is already removed.")
    return _("Choose a JSON file with one profile, at most 256 KB.")
