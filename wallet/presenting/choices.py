"""What the confirmation page shows of a verifier's DCQL query, and the learner's choice read
back from its form.

Only the credential queries the answer needs are shown and sent: all of them, or with
``credential_sets`` the first option of each required set the wallet can answer (optional sets
are left out: nothing is sent that the verifier can do without). For each, the learner's
matching credentials (a radio button each when there is a choice) with exactly the claims that
would go: an SD-JWT's disclosures named in plain words as the share form names them, or, for a
format without parts to keep back, the whole credential.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from werkzeug.datastructures import MultiDict

from wallet.credentials import CredentialError
from wallet.credentials.openid4vp import Candidate
from wallet.credentials.openid4vp import MatchResult
from wallet.credentials.openid4vp import Selection
from wallet.models import StoredCredential
from wallet.presenting.store import sent_claims
from wallet.shares.disclosure_choices import claim_name_label
from wallet.shares.disclosure_choices import humanised
from wallet.shares.disclosure_choices import shortened

FIELD = "choice_{}"  # the chosen credential's id, per credential query id


@dataclasses.dataclass(frozen=True)
class SentClaim:
    label: str
    says: str | None  # the claim's value in short, where it is plain text


@dataclasses.dataclass(frozen=True)
class CredentialOption:
    """One of the learner's credentials that answers a credential query."""

    credential_id: str
    title: str
    issuer: str
    claims: tuple[SentClaim, ...] | None  # None: the whole credential is sent


@dataclasses.dataclass(frozen=True)
class AskedCredential:
    """One credential query the answer needs, with the learner's credentials that fit it."""

    query_id: str
    options: tuple[CredentialOption, ...]

    @property
    def field(self) -> str:
        return FIELD.format(self.query_id)


def needed_queries(result: MatchResult) -> tuple[str, ...]:
    """The ids of the credential queries the answer holds, in the query's order."""
    if not result.sets:
        return tuple(q.query.id for q in result.queries)
    needed: list[str] = []
    for set_match in result.sets:
        if not set_match.credential_set.required:
            continue
        option = (set_match.options or set_match.credential_set.options)[0]
        needed += [query_id for query_id in option if query_id not in needed]
    return tuple(q.query.id for q in result.queries if q.query.id in needed)


def asked_credentials(
    result: MatchResult, rows: Mapping[str, StoredCredential]
) -> list[AskedCredential]:
    """The page's list: each needed query with the options the learner can send."""
    return [
        AskedCredential(
            query_id,
            tuple(_option(s, rows[s.candidate.id]) for s in result.for_query(query_id).selections),
        )
        for query_id in needed_queries(result)
    ]


def chosen_from(form: MultiDict, result: MatchResult) -> dict[str, list[Selection]]:
    """The selection the learner picked for each needed query (``present.choice_invalid``
    when one is missing or is not among those shown)."""
    chosen = {}
    for query_id in needed_queries(result):
        picked = form.get(FIELD.format(query_id), "")
        selections = result.for_query(query_id).selections
        selection = next((s for s in selections if s.candidate.id == picked), None)
        if selection is None:
            raise CredentialError("present.choice_invalid", reason="not_chosen")
        chosen[query_id] = [selection]
    return chosen


def path_label(path: Sequence[str | int]) -> str:
    """A claim path in plain words: its claim as the share form names it, then the names of
    the parts inside it (an array's positions are shown by their values, not numbered)."""
    names = [part for part in path if isinstance(part, str)]
    if not names:
        return ""
    return " › ".join([claim_name_label(names[0]), *(humanised(name) for name in names[1:])])


def _option(selection: Selection, row: StoredCredential) -> CredentialOption:
    paths = sent_claims(selection)
    claims = None if paths is None else tuple(
        SentClaim(path_label(path), shortened(_value_at(selection.candidate, path)))
        for path in paths
    )
    return CredentialOption(
        selection.candidate.id, row.title, row.issuer_name or row.issuer_id, claims
    )


def _value_at(candidate: Candidate, path: Sequence[str | int]) -> Any:
    value: Any = candidate.claims
    for part in path:
        value = value[part]  # the match found every path in these very claims
    return value
