"""Reading a DCQL query (OpenID4VP 1.0, section 6): its shape checked, its defaults filled in.

A query that breaks the rules is refused as a whole (``present.query_invalid``, with a
``reason``): a wallet that guessed what a malformed query meant could send what nobody asked
for. Members the specification does not define are ignored, as it says; ``credential_sets``
items may carry a ``purpose`` (DCQL drafts had one), kept to show the learner.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..errors import CredentialError

SD_JWT_FORMAT = "dc+sd-jwt"
JWT_VC_FORMAT = "jwt_vc_json"
LDP_VC_FORMAT = "ldp_vc"
W3C_FORMATS = frozenset({JWT_VC_FORMAT, LDP_VC_FORMAT})
# Limits far above any real query, so that a hostile one costs little to refuse.
MAX_CREDENTIAL_QUERIES = 32
MAX_CLAIMS = 64
MAX_PATH_LENGTH = 16
MAX_VALUES = 64
_IDENTIFIER = re.compile(r"[A-Za-z0-9_-]{1,64}")

PathComponent = str | int | None


@dataclasses.dataclass(frozen=True)
class ClaimQuery:
    path: tuple[PathComponent, ...]  # a claims path pointer: names, indexes, None for "all"
    id: str | None = None
    values: tuple[str | int | bool, ...] | None = None  # the claim must equal one of these


@dataclasses.dataclass(frozen=True)
class CredentialQuery:
    id: str
    format: str  # "dc+sd-jwt", "jwt_vc_json", "ldp_vc"; others are read but match nothing
    multiple: bool = False
    vct_values: tuple[str, ...] | None = None  # SD-JWT VC: one of these vct
    type_values: tuple[tuple[str, ...], ...] | None = None  # W3C: all types of one inner list
    trusted_authorities: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (type, values)
    require_holder_binding: bool = True
    claims: tuple[ClaimQuery, ...] | None = None
    claim_sets: tuple[tuple[str, ...], ...] | None = None


@dataclasses.dataclass(frozen=True)
class CredentialSet:
    options: tuple[tuple[str, ...], ...]  # each option: credential query ids that together do
    required: bool = True
    purpose: str | None = None


@dataclasses.dataclass(frozen=True)
class DcqlQuery:
    credentials: tuple[CredentialQuery, ...]
    credential_sets: tuple[CredentialSet, ...] | None = None

    def credential(self, query_id: str) -> CredentialQuery:
        return next(q for q in self.credentials if q.id == query_id)

    @property
    def purposes(self) -> tuple[str, ...]:
        return tuple(s.purpose for s in self.credential_sets or () if s.purpose)


def parse_query(document: Any) -> DcqlQuery:
    """A DcqlQuery from the decoded ``dcql_query`` JSON, or ``present.query_invalid``."""
    if not isinstance(document, dict):
        raise _invalid("not_object")
    items = _list(document.get("credentials"), "credentials", MAX_CREDENTIAL_QUERIES)
    credentials = tuple(_credential_query(item) for item in items)
    ids = [q.id for q in credentials]
    if len(set(ids)) != len(ids):
        raise _invalid("duplicate_id")
    sets = document.get("credential_sets")
    if sets is None:
        return DcqlQuery(credentials)
    return DcqlQuery(credentials, tuple(_credential_set(s, set(ids)) for s in _list(sets, "sets")))


def _credential_query(item: Any) -> CredentialQuery:
    if not isinstance(item, dict):
        raise _invalid("credential_query")
    query_id, credential_format = item.get("id"), item.get("format")
    if not isinstance(query_id, str) or not _IDENTIFIER.fullmatch(query_id):
        raise _invalid("credential_id")
    if not isinstance(credential_format, str) or not credential_format:
        raise _invalid("format")
    meta = item.get("meta", {})
    if not isinstance(meta, dict):
        raise _invalid("meta")
    claims = item.get("claims")
    claims = None if claims is None else tuple(_claim(c) for c in _list(claims, "claims", MAX_CLAIMS))
    return CredentialQuery(
        id=query_id,
        format=credential_format,
        multiple=_boolean(item.get("multiple", False), "multiple"),
        vct_values=_vct_values(meta) if credential_format == SD_JWT_FORMAT else None,
        type_values=_type_values(meta) if credential_format in W3C_FORMATS else None,
        trusted_authorities=_trusted_authorities(item.get("trusted_authorities")),
        require_holder_binding=_boolean(
            item.get("require_cryptographic_holder_binding", True), "holder_binding"
        ),
        claims=claims,
        claim_sets=_claim_sets(item.get("claim_sets"), claims),
    )


def _claim(item: Any) -> ClaimQuery:
    if not isinstance(item, dict):
        raise _invalid("claim")
    path = _list(item.get("path"), "path", MAX_PATH_LENGTH)
    if not all(_is_path_component(c) for c in path):
        raise _invalid("path")
    claim_id = item.get("id")
    if claim_id is not None and not (isinstance(claim_id, str) and _IDENTIFIER.fullmatch(claim_id)):
        raise _invalid("claim_id")
    values = item.get("values")
    if values is not None:
        values = tuple(_list(values, "values", MAX_VALUES))
        if not all(isinstance(v, (str, bool, int)) for v in values):
            raise _invalid("values")  # strings, integers and booleans only, never floats
    return ClaimQuery(tuple(path), claim_id, values)


def _claim_sets(value: Any, claims: tuple[ClaimQuery, ...] | None) -> tuple | None:
    if value is None:
        return None
    if claims is None:
        raise _invalid("claim_sets_without_claims")
    ids = [c.id for c in claims]
    if None in ids or len(set(ids)) != len(ids):
        raise _invalid("claim_id")  # claim_sets name claims by id: every one needs its own
    return tuple(_id_list(option, set(ids), "claim_sets") for option in _list(value, "claim_sets"))


def _credential_set(item: Any, known: set[str]) -> CredentialSet:
    if not isinstance(item, dict):
        raise _invalid("credential_set")
    options = tuple(_id_list(o, known, "options") for o in _list(item.get("options"), "options"))
    purpose = item.get("purpose")
    purpose = purpose[:300] if isinstance(purpose, str) and purpose.strip() else None
    return CredentialSet(options, _boolean(item.get("required", True), "required"), purpose)


def _vct_values(meta: dict[str, Any]) -> tuple[str, ...] | None:
    values = meta.get("vct_values")
    if values is None:
        return None
    return _strings(values, "vct_values")


def _type_values(meta: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    return tuple(_strings(types, "type_values") for types in _list(meta.get("type_values"), "type_values"))


def _trusted_authorities(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if value is None:
        return ()
    authorities = []
    for item in _list(value, "trusted_authorities"):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise _invalid("trusted_authorities")
        authorities.append((item["type"], _strings(item.get("values"), "trusted_authorities")))
    return tuple(authorities)


def _id_list(value: Any, known: set[str], reason: str) -> tuple[str, ...]:
    ids = _strings(value, reason)
    if not set(ids) <= known:
        raise _invalid(f"{reason}_unknown_id")
    return ids


def _strings(value: Any, reason: str) -> tuple[str, ...]:
    items = _list(value, reason)
    if not all(isinstance(item, str) and item for item in items):
        raise _invalid(reason)
    return tuple(items)


def _list(value: Any, reason: str, limit: int = MAX_CLAIMS) -> list[Any]:
    """A non-empty JSON array of at most ``limit`` items (DCQL never allows an empty one)."""
    if not isinstance(value, list) or not 0 < len(value) <= limit:
        raise _invalid(reason)
    return value


def _boolean(value: Any, reason: str) -> bool:
    if not isinstance(value, bool):
        raise _invalid(reason)
    return value


def _is_path_component(value: Any) -> bool:
    whole = isinstance(value, int) and not isinstance(value, bool)
    return value is None or isinstance(value, str) or (whole and value >= 0)


def _invalid(reason: str) -> CredentialError:
    return CredentialError("present.query_invalid", reason=reason)
