"""What the account pages' rate limits count by, besides the client's address."""

from __future__ import annotations

import hashlib

from flask import request
from flask_login import current_user

from wallet.accounts.store import normalise_email


def address_key() -> str:
    """Count per address typed as well, hashed so addresses stay out of the limits' storage."""
    email = normalise_email(request.form.get("email", ""))
    return "address:" + hashlib.sha256(email.encode()).hexdigest() if email else ""


def learner_key() -> str:
    """Count per account (an anonymous visitor is sent to the login page anyway)."""
    return f"account:{current_user.get_id()}"
