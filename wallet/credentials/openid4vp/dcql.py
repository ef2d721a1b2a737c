"""DCQL (OpenID4VP 1.0, sections 6 and 7): which of the wallet's credentials answer a query, and
which of their claims would be sent.

``parse_query(document)`` reads a query (``dcql_query``); ``match(query, candidates)`` gives, for
each credential query, the candidates that fit (format, ``vct_values`` / ``type_values``,
``trusted_authorities``, holder binding, claims) with the concrete claim paths to disclose:
all ``claims``, or the first option of ``claim_sets`` the credential can satisfy. A claim with
``values`` counts only where the credential's value equals one of them in type and value
(``1`` is not ``true``). ``satisfiable`` says whether the answer can be given at all: every
credential query answered, or with ``credential_sets`` one option of each required set.
The verifier's side uses the same functions to check what it received.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from collections.abc import Iterable
from typing import Any

from .candidates import Candidate
from .dcql_query import ClaimQuery
from .dcql_query import CredentialQuery
from .dcql_query import CredentialSet
from .dcql_query import DcqlQuery
from .dcql_query import parse_query as parse_query  # re-exported


ClaimPath = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class Selection:
    """A candidate that answers a credential query, with the claims it would disclose."""

    candidate: Candidate
    paths: tuple[ClaimPath, ...]  # concrete paths (indexes, no None); () asks for no claim


@dataclasses.dataclass(frozen=True)
class QueryMatch:
    query: CredentialQuery
    selections: tuple[Selection, ...]  # in the wallet's order; the learner picks among them


@dataclasses.dataclass(frozen=True)
class SetMatch:
    credential_set: CredentialSet
    options: tuple[tuple[str, ...], ...]  # the options whose every query has a selection


@dataclasses.dataclass(frozen=True)
class MatchResult:
    queries: tuple[QueryMatch, ...]
    sets: tuple[SetMatch, ...]  # empty without credential_sets
    satisfiable: bool

    def for_query(self, query_id: str) -> QueryMatch:
        return next(q for q in self.queries if q.query.id == query_id)


def match(query: DcqlQuery, candidates: Iterable[Candidate]) -> MatchResult:
    """Each credential query's matching candidates, and whether the query can be answered."""
    candidates = list(candidates)
    queries = tuple(
        QueryMatch(q, tuple(s for c in candidates if (s := selection_for(q, c)) is not None))
        for q in query.credentials
    )
    answerable = {q.query.id for q in queries if q.selections}
    sets = tuple(
        SetMatch(s, tuple(o for o in s.options if set(o) <= answerable))
        for s in query.credential_sets or ()
    )
    return MatchResult(queries, sets, satisfied_by(query, answerable))


def satisfied_by(query: DcqlQuery, answered: Collection[str]) -> bool:
    """Whether answering the credential queries ``answered`` (ids) satisfies the query."""
    if query.credential_sets is None:
        return all(q.id in answered for q in query.credentials)
    return all(
        any(set(option) <= set(answered) for option in s.options)
        for s in query.credential_sets
        if s.required
    )


def select_claims(query: CredentialQuery, claims: dict[str, Any]) -> tuple[ClaimPath, ...] | None:
    """The concrete paths a credential with ``claims`` discloses for ``query``, or None when
    it cannot give what is asked (section 6.4.1)."""
    if query.claims is None:
        return ()
    if query.claim_sets is None:
        return _all_paths(query.claims, claims)
    by_id = {c.id: c for c in query.claims}
    for option in query.claim_sets:
        paths = _all_paths([by_id[claim_id] for claim_id in option], claims)
        if paths is not None:
            return paths  # the verifier's preferred option the credential can satisfy
    return None


def selection_for(query: CredentialQuery, candidate: Candidate) -> Selection | None:
    """The candidate with the claims it discloses for ``query``, or None when it does not fit."""
    if candidate.format != query.format or not _meta_fits(query, candidate):
        return None
    if query.require_holder_binding and not candidate.holder_bound:
        return None
    if query.trusted_authorities and not any(
        kind == "aki" and candidate.authority_keys & set(values)
        for kind, values in query.trusted_authorities
    ):
        return None  # other kinds (etsi_tl, openid_federation) we cannot check: no match
    paths = select_claims(query, candidate.claims)
    return None if paths is None else Selection(candidate, paths)


def _meta_fits(query: CredentialQuery, candidate: Candidate) -> bool:
    if query.vct_values is not None and candidate.vct not in query.vct_values:
        return False
    if query.type_values is not None:
        return any(set(types) <= candidate.types for types in query.type_values)
    return True


def _all_paths(claim_queries: Iterable[ClaimQuery], claims: dict[str, Any]) -> tuple | None:
    paths: list[ClaimPath] = []
    for claim in claim_queries:
        found = _resolve(claim, claims)
        if not found:
            return None
        paths.extend(p for p in found if p not in paths)
    return tuple(paths)


def _resolve(claim: ClaimQuery, claims: dict[str, Any]) -> list[ClaimPath]:
    """The concrete paths the claims path pointer selects (section 7.1), keeping with
    ``values`` only the claims whose value is one of them; [] for none or an error."""
    selected: list[tuple[ClaimPath, Any]] = [((), claims)]
    for component in claim.path:
        if component is None or isinstance(component, int):
            if not all(isinstance(value, list) for _, value in selected):
                return []  # the pointer expects an array where there is none
            indexes = (lambda v: range(len(v))) if component is None else (lambda v: [component])
            selected = [((*p, i), v[i]) for p, v in selected for i in indexes(v) if i < len(v)]
        else:
            if not all(isinstance(value, dict) for _, value in selected):
                return []
            selected = [((*p, component), v[component]) for p, v in selected if component in v]
    if claim.values is not None:
        selected = [(p, v) for p, v in selected if any(_same(v, w) for w in claim.values)]
    return [path for path, _ in selected]


def _same(value: Any, wanted: str | int | bool) -> bool:
    # Python's True == 1: the type must match as well (section 6.3, "type and value").
    return type(value) is type(wanted) and value == wanted
