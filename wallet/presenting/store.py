"""The learner's side of answering a verifier: their credentials as DCQL candidates, the record
of each answer sent, and the list of those answers for the shares page.

The holder's key comes from ``offers.store.holder_of``, which ends the read transaction: what
follows it waits on the verifier's host, and no transaction may stay open across the network.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence

from wallet.credentials import CredentialError
from wallet.credentials.openid4vp import AuthorizationRequest
from wallet.credentials.openid4vp import Candidate
from wallet.credentials.openid4vp import Selection
from wallet.credentials.openid4vp import candidate_from
from wallet.credentials.openid4vp.dcql_query import SD_JWT_FORMAT
from wallet.models import StoredCredential
from wallet.models import User
from wallet.offers.store import holder_of as holder_of  # re-exported for the views
from wallet.platform.database import writes
from wallet.platform.extensions import db
from wallet.presenting.models import PresentationMade

# The most answers the shares page lists: the newest first.
LISTED_ANSWERS = 50


def end_read() -> None:
    """End the request's read (the signed-in learner was loaded) before a network call."""
    db.session.commit()  # nothing is pending: this only ends the read


def wallet_candidates(user: User) -> dict[str, tuple[StoredCredential, Candidate]]:
    """The learner's credentials OpenID4VP can carry, by candidate id (the row's id)."""
    rows = db.session.scalars(
        db.select(StoredCredential)
        .where(StoredCredential.owner_id == user.id)
        .order_by(StoredCredential.imported_at.desc(), StoredCredential.id.desc())
    )
    found = {}
    for row in rows:
        try:
            candidate = candidate_from(str(row.id), row.raw)
        except CredentialError:
            continue  # kept before a stricter reader: it cannot be presented either
        if candidate is not None:
            found[candidate.id] = (row, candidate)
    return found


@writes
def keep_presentation(
    user: User,
    request: AuthorizationRequest,
    chosen: Mapping[str, Sequence[Selection]],
    titles: Mapping[str, str],
) -> PresentationMade:
    """Note what was sent to whom, so the learner sees every disclosure in one place."""
    verifier = request.verifier
    made = PresentationMade(
        owner_id=user.id,
        client_id=request.client_id,
        verifier_name=verifier.confirmed_name or request.answer_host,
        claimed_name=request.claimed_name,
        confirmed=verifier.confirmed,
        disclosed=[
            {
                "credential_id": int(selection.candidate.id),
                "title": titles.get(selection.candidate.id, ""),
                "claims": sent_claims(selection),
            }
            for selections in chosen.values()
            for selection in selections
        ],
    )
    db.session.add(made)
    db.session.commit()
    return made


def sent_claims(selection: Selection) -> list[list[str | int]] | None:
    """The claim paths sent of an SD-JWT; None when the whole credential went."""
    if selection.candidate.format != SD_JWT_FORMAT:
        return None
    return [list(path) for path in selection.paths]


def presentations_of(user_id: int) -> list[PresentationMade]:
    return list(
        db.session.scalars(
            db.select(PresentationMade)
            .where(PresentationMade.owner_id == user_id)
            .order_by(PresentationMade.made_at.desc(), PresentationMade.id.desc())
            .limit(LISTED_ANSWERS)
        )
    )
