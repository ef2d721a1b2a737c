"""The account forms, checked: registration, and the wallet backup a learner brings back."""

from __future__ import annotations

import pathlib
import re
from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage
from werkzeug.datastructures import MultiDict

from wallet.accounts import backup
from wallet.accounts.passwords import password_problem
from wallet.accounts.store import Registration
from wallet.accounts.store import normalise_email
from wallet.my_credentials.store import ImportRefused
from wallet.verification.messages import describe_check

EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
BACKUP_REFUSALS = {
    "backup.not_a_zip": _l("This is not a wallet backup. Choose the .zip file you exported."),
    "backup.too_large": _l("The backup is too large to import: a backup file may be at most 5 MB."),
    "backup.too_many_entries": _l("The backup holds more than %(count)d files."),
    "backup.empty": _l("The backup holds no credentials."),
    "backup.entry_too_large": _l("%(file)s is too large to be a credential."),
    "backup.unreadable_entry": _l("%(file)s is damaged or not a credential."),
}


def parse_registration(form: Mapping, password: bool = True) -> Registration | dict[str, str]:
    """A valid registration, or a message for each field that needs fixing. Without
    ``password`` the account gets a passkey instead, and the password is not asked for."""
    name = str(form.get("name", "")).strip()
    email = normalise_email(str(form.get("email", "")))
    typed = str(form.get("password", "")) if password else ""
    errors = {}
    if not name or len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("Write your name (at most %(count)d characters).", count=NAME_MAX_LENGTH)
    if not valid_email(email):
        errors["email"] = _("Write an email address like name@example.se.")
    problem = password_problem(typed) if password else None
    if problem:
        errors["password"] = str(problem)
    return errors or Registration(name, email, typed)


def valid_email(email: str) -> bool:
    return len(email) <= EMAIL_MAX_LENGTH and EMAIL_PATTERN.fullmatch(email) is not None


def parse_address_change(form: MultiDict, current: str) -> str | dict[str, str]:
    """The new address, or a message saying why it cannot be used."""
    email = normalise_email(form.get("email", ""))
    if not valid_email(email):
        return {"email": _("Write an email address like name@example.se.")}
    if email == current:
        return {"email": _("This is already your address.")}
    return email


def read_backup_upload(upload: FileStorage | None) -> list[backup.BackupEntry]:
    """The credentials in the uploaded backup, read no further than the cap; only .zip files."""
    if not upload or pathlib.Path(upload.filename or "").suffix.lower() != ".zip":
        raise backup.BackupRefused("backup.not_a_zip")
    return backup.read_backup(upload.stream.read(backup.MAX_BACKUP_BYTES + 1))


def describe_backup_refusal(refusal: backup.BackupRefused) -> str:
    return str(BACKUP_REFUSALS[refusal.code]) % refusal.params


def describe_import_refusal(entries: list[backup.BackupEntry], refusal: ImportRefused) -> str:
    """Name the file that was refused and why; the batch stopped there, so nothing was stored."""
    reason = describe_check(refusal.code, refusal.params)
    refused = next((entry for entry in entries if entry.token == refusal.token), None)
    if refused is None:
        return _("Nothing was imported: %(reason)s", reason=reason)
    return _(
        "Nothing was imported. %(file)s was refused: %(reason)s", file=refused.file, reason=reason
    )
