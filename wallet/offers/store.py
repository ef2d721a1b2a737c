"""The learner's side of receiving: their wallet key for the proof, and the received
credentials kept exactly as an import keeps them (verified, de-duplicated, all-or-nothing)."""

from __future__ import annotations

from flask import current_app

from wallet.credentials import open_private_key
from wallet.credentials.openid4vci import Holder
from wallet.models import StoredCredential
from wallet.models import User
from wallet.my_credentials.store import import_token
from wallet.my_credentials.store import import_tokens
from wallet.platform.database import writes
from wallet.platform.extensions import db
from wallet.verification.verifier import token_digest


def holder_of(user: User) -> Holder:
    """The learner's key and DID; the request's read transaction ends here, because what
    follows waits on the issuer's host and no transaction may stay open across the network."""
    key = open_private_key(user.wallet_key_sealed, current_app.config["SECRET_KEY"])
    holder = Holder(key, user.did)
    db.session.commit()  # nothing is pending: this only ends the read
    return holder


def keep_received(
    user: User, tokens: list[str], issuer: str
) -> tuple[StoredCredential | None, int]:
    """Store what the issuer sent: one credential (returned) or a batch (all or none, the
    first refusal stops it), then note where it came from; the count is of the new ones."""
    if len(tokens) == 1:
        stored, created = import_token(user, tokens[0])
        kept = stored, int(created)
    else:
        kept = None, import_tokens(user, tokens, current_app.config["BULK_IMPORT_SECONDS"])
    _note_origin(user, tokens, issuer)
    return kept


@writes
def _note_origin(user: User, tokens: list[str], issuer: str) -> None:
    """Where the credentials came from, for their cards. A transaction of its own after the
    import's: the import stays exactly an import, and a note lost to a crash in between costs
    a card one line, never a credential. One that already had an origin keeps it."""
    db.session.execute(
        db.update(StoredCredential)
        .where(StoredCredential.owner_id == user.id)
        .where(StoredCredential.raw_sha256.in_([token_digest(token) for token in tokens]))
        .where(StoredCredential.received_from.is_(None))
        .values(received_from=issuer)
    )
    db.session.commit()
