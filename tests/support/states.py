"""One credential in each state an employer must tell apart, and a share of all of them.

- ``state_tokens(server)``: ``{state: token}`` for valid, expired, not_yet_valid, unknown_issuer,
  revoked, suspended, status_unknown and forged. Signed by ``TRUSTED`` (trust it with
  ``trust_in_file``) or, for unknown_issuer, ``UNLISTED``; the revoked and suspended ones point at
  status lists served on ``server`` (a ``LoopbackServer``), status_unknown at a list nobody
  serves; forged is a genuine token whose title was changed after signing.
- ``share_states(app, user, tokens)``: the learner's link to all of them, in the order given.
  The wallet refuses a forged credential at import, so that one is stored genuine and changed
  in the database afterwards: the employer's page must catch it all the same.
"""

from __future__ import annotations

import datetime
import uuid

from support.issuers import forge_token
from support.issuers import publish_status_list
from support.issuers import split_token
from support.issuers import status_entry
from support.site import TRUSTED
from support.site import UNLISTED

from wallet.models import StoredCredential
from wallet.models import User
from wallet.my_credentials.store import import_token
from wallet.platform.extensions import db
from wallet.shares import store as share_store
from wallet.shares.tokens import open_token

STATES = (
    "valid", "expired", "not_yet_valid", "unknown_issuer",
    "revoked", "suspended", "status_unknown", "forged",
)
TITLES = {state: f"Mikromerit {number}" for number, state in enumerate(STATES, 1)}
FORGED_TITLE = "Kärnkraftsingenjör"


def _day(days: int) -> str:
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def tampered(token: str, title: str = FORGED_TITLE) -> str:
    """``token`` with its achievement's name changed and the old signature kept."""
    header, claims = split_token(token)
    claims["credentialSubject"]["achievement"]["name"] = title
    return ".".join([*forge_token(header, claims).split(".")[:2], token.split(".")[2]])


def state_tokens(server) -> dict[str, str]:
    revocations = publish_status_list(server, "/states/revocation", TRUSTED, set_bits=(3,))
    suspensions = publish_status_list(
        server, "/states/suspension", TRUSTED, set_bits=(5,), purpose="suspension"
    )
    changes = {
        "valid": {},
        "expired": {"valid_from": _day(-400), "valid_until": _day(-35)},
        "not_yet_valid": {"valid_from": _day(20), "valid_until": _day(400)},
        "unknown_issuer": {},
        "revoked": {"credentialStatus": status_entry(revocations, 3)},
        "suspended": {"credentialStatus": status_entry(suspensions, 5, "suspension")},
        "status_unknown": {
            "credentialStatus": status_entry(f"http://localhost:{server.port}/states/none", 1)
        },
        "forged": {},
    }
    tokens = {}
    for state in STATES:
        issuer = UNLISTED if state == "unknown_issuer" else TRUSTED
        document = issuer.credential(id=f"urn:uuid:{uuid.uuid4()}", **changes[state])
        document["name"] = document["credentialSubject"]["achievement"]["name"] = TITLES[state]
        tokens[state] = issuer.issue(document)
    tokens["forged"] = tampered(tokens["forged"])
    return tokens


def share_states(app, user, tokens: dict[str, str]) -> str:
    """Share every credential of ``tokens`` (forged ones stored genuine, then changed)."""
    now = datetime.datetime.now(datetime.UTC)
    with app.app_context():
        owner = db.session.get(User, user.id)
        stored = []
        for state, token in tokens.items():
            if state != "forged":
                stored.append(import_token(owner, token)[0])
                continue
            genuine = TRUSTED.issue(TRUSTED.credential(id=f"urn:uuid:{uuid.uuid4()}"))
            row = import_token(owner, genuine)[0]
            db.session.get(StoredCredential, row.id).raw = token
            db.session.commit()
            stored.append(db.session.get(StoredCredential, row.id))
        settings = share_store.ShareSettings(expires_at=now + datetime.timedelta(days=7))
        made = share_store.create_share(owner, stored, settings, now)
        return open_token(made.token_sealed, app.config["SECRET_KEY"])
