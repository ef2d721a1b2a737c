"""Passkeys (WebAuthn, through the ``webauthn`` library): add them to an account, log in with
one and no password, or make an account with one alone.

The relying party is this site: its id is the host of WALLET_BASE_URL and every answer must
come from that origin, so a passkey made here works nowhere else. Passkeys are discoverable
(the phone or key offers them: no address to type) and user verification is required (a
fingerprint, the face or a PIN), so one passkey is as strong as a password and a second factor
together. Every challenge is kept in the database, named by the browser's session, and is
answered once, within CHALLENGE_LIFETIME; answering deletes it.
"""

from __future__ import annotations

import base64
import datetime
import secrets
import urllib.parse
from typing import Any

import webauthn
from flask import session
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import AuthenticatorSelectionCriteria
from webauthn.helpers.structs import PublicKeyCredentialDescriptor
from webauthn.helpers.structs import ResidentKeyRequirement
from webauthn.helpers.structs import UserVerificationRequirement

from wallet.models import Passkey
from wallet.models import PasskeyChallenge
from wallet.models import User
from wallet.platform import clock
from wallet.platform.addresses import base_url
from wallet.platform.database import writes
from wallet.platform.extensions import db

CHALLENGE_LIFETIME = datetime.timedelta(minutes=5)
SITE_NAME = "Kompetenspass"
REQUIRED = UserVerificationRequirement.REQUIRED


def passkeys_of(user: User) -> list[Passkey]:
    query = db.select(Passkey).filter_by(user_id=user.id).order_by(Passkey.created_at)
    return list(db.session.scalars(query))


def options_to_add(user: User) -> str:
    """Creation options (JSON) for a new passkey of a signed-in learner."""
    handle = user.passkey_user_handle or _new_handle()
    challenge = _new_challenge("add", user_id=user.id, user_handle=handle)
    exclude = [PublicKeyCredentialDescriptor(id=_decode(key.credential_id))
               for key in passkeys_of(user)]
    return _creation_options(challenge, handle, user.email, user.name, exclude)


def options_to_register(email: str, name: str) -> str:
    """Creation options (JSON) for an account made with a passkey alone."""
    handle = _new_handle()
    return _creation_options(_new_challenge("register", user_handle=handle), handle, email, name)


def options_to_log_in() -> str:
    """Request options (JSON): any passkey of this site, the browser offers which."""
    options = webauthn.generate_authentication_options(
        rp_id=_relying_party()[0],
        challenge=_new_challenge("login"),
        timeout=int(CHALLENGE_LIFETIME.total_seconds() * 1000),
        user_verification=REQUIRED,
    )
    return webauthn.options_to_json(options)


@writes
def add_passkey(user: User, name: str, credential: dict[str, Any]) -> Passkey | None:
    """Keep the passkey the browser made for the learner; None when its answer does not hold."""
    challenge = _take_challenge("add")
    if challenge is None or challenge.user_id != user.id:
        return None
    passkey = verified_passkey(challenge, credential, name)
    if passkey is None:
        return None
    passkey.user_id = user.id
    user.passkey_user_handle = challenge.user_handle
    db.session.add(passkey)
    db.session.commit()
    return passkey


def take_new_account_passkey(credential: dict[str, Any], name: str) -> tuple[Passkey, str] | None:
    """The passkey (not yet stored) made for a new account, and its user handle, or None."""
    challenge = _take_registration_challenge()
    passkey = verified_passkey(challenge, credential, name) if challenge else None
    return (passkey, challenge.user_handle) if passkey else None


@writes
def _take_registration_challenge() -> PasskeyChallenge | None:
    challenge = _take_challenge("register")
    db.session.commit()
    return challenge


def verified_passkey(challenge: PasskeyChallenge, credential: dict, name: str) -> Passkey | None:
    """The passkey a creation answer holds, if it answers ``challenge`` from this site with
    the user verified; not yet stored."""
    rp_id, origin = _relying_party()
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=_decode(challenge.challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    except (WebAuthnException, KeyError, TypeError, ValueError):
        return None
    return Passkey(
        credential_id=_encode(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=name,
    )


@writes
def log_in_with_passkey(credential: dict[str, Any]) -> User | None:
    """The account whose passkey answered this browser's challenge, or None."""
    challenge = _take_challenge("login")
    credential_id = credential.get("id") if isinstance(credential, dict) else None
    passkey = (
        db.session.scalar(db.select(Passkey).filter_by(credential_id=credential_id))
        if challenge and isinstance(credential_id, str) else None
    )
    if passkey is None:
        db.session.commit()  # the challenge is used up all the same
        return None
    user = db.session.get(User, passkey.user_id)
    rp_id, origin = _relying_party()
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=_decode(challenge.challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
        handle = credential["response"].get("userHandle")
    except (WebAuthnException, KeyError, TypeError, ValueError, AttributeError):
        verified = handle = None
    if verified is None or handle != user.passkey_user_handle:
        db.session.commit()
        return None
    passkey.sign_count = verified.new_sign_count  # a copied key shows as a count going back
    passkey.last_used_at = clock.now()
    db.session.commit()
    return user


@writes
def remove_passkey(user: User, passkey_id: int) -> bool:
    removed = db.session.execute(db.delete(Passkey).filter_by(id=passkey_id, user_id=user.id))
    db.session.commit()
    return removed.rowcount == 1


def _creation_options(challenge: bytes, handle: str, email: str, name: str,
                      exclude: list | None = None) -> str:
    options = webauthn.generate_registration_options(
        rp_id=_relying_party()[0],
        rp_name=SITE_NAME,
        user_id=_decode(handle),
        user_name=email,
        user_display_name=name,
        challenge=challenge,
        timeout=int(CHALLENGE_LIFETIME.total_seconds() * 1000),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=REQUIRED
        ),
        exclude_credentials=exclude or [],
    )
    return webauthn.options_to_json(options)


@writes
def _new_challenge(
    purpose: str, user_id: int | None = None, user_handle: str | None = None
) -> bytes:
    """A fresh challenge for this browser (its session names it); expired ones are dropped."""
    now = clock.now()
    db.session.execute(db.delete(PasskeyChallenge).where(PasskeyChallenge.expires_at <= now))
    challenge = secrets.token_bytes(32)
    row = PasskeyChallenge(purpose=purpose, user_id=user_id, challenge=_encode(challenge),
                           user_handle=user_handle, expires_at=now + CHALLENGE_LIFETIME)
    db.session.add(row)
    db.session.commit()
    session[f"passkey.{purpose}"] = row.id
    return challenge


def _take_challenge(purpose: str) -> PasskeyChallenge | None:
    """This browser's challenge for ``purpose``, deleted so nothing answers it twice."""
    row_id = session.pop(f"passkey.{purpose}", None)
    row = db.session.get(PasskeyChallenge, row_id) if isinstance(row_id, int) else None
    if row is None or row.purpose != purpose or row.expires_at <= clock.now():
        return None
    taken = db.session.execute(db.delete(PasskeyChallenge).filter_by(id=row.id))
    return row if taken.rowcount == 1 else None


def _relying_party() -> tuple[str, str]:
    """The relying party's id (the site's host name) and the origin answers must come from."""
    address = urllib.parse.urlsplit(base_url())
    return address.hostname or "", f"{address.scheme}://{address.netloc}"


def _new_handle() -> str:
    return _encode(secrets.token_bytes(32))


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

