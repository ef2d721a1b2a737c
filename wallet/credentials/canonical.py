"""The canonical forms a Data Integrity proof signs.

RDF Dataset Canonicalization (RDFC-1.0, formerly URDNA2015) by pyld, with the shipped contexts
only; JSON Canonicalization (RFC 8785) by rfc8785. A JSON-LD processor silently drops what the
contexts do not define, so the signature would not cover it while the page still showed it:
such documents are refused, as Digital Bazaar's "safe mode" refuses them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import rfc8785
from pyld import jsonld
from pyld.canon import URDNA2015

from .errors import CredentialError
from .jsonld_contexts import ContextLibrary

# Blank nodes that RDFC cannot tell apart by their own quads need deeper hashing, and crafted
# graphs make that exponential. A credential needs a handful; past this we refuse to go on.
MAX_DEEP_HASHES = 1_000
_UNDEFINED = "urn:kompetenspass:undefined-term#"
# pyld answers most malformed JSON-LD with JsonLdError, some with Python's own errors.
_PYLD_FAILURES = (
    jsonld.JsonLdError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    RecursionError,
)


def rdfc_of_signed_terms(document: dict[str, Any], contexts: ContextLibrary) -> bytes:
    """``rdfc`` of a document none of whose terms would be dropped (``refuse_unsigned_terms``),
    remembered by the document's content: each view of a link verifies its credentials again,
    and the same credential then costs one JSON serialisation instead of two JSON-LD passes (a
    changed document is another key, so it is canonicalized, and checked, anew)."""
    key = hashlib.sha256(json.dumps(document, sort_keys=True).encode("utf-8")).digest()
    known = contexts.canonical_forms.get(key)
    if known is None:
        refuse_unsigned_terms(document, contexts)
        known = rdfc(document, contexts)
        contexts.canonical_forms[key] = known
    return known


def rdfc(document: dict[str, Any], contexts: ContextLibrary) -> bytes:
    """The document's canonical N-Quads (RDFC-1.0), UTF-8."""
    try:
        dataset = jsonld.to_rdf(document, {**contexts.options(), "produceGeneralizedRdf": False})
        nquads = _BoundedRdfc().main(dataset, {"format": "application/n-quads"})
    except _PYLD_FAILURES as error:
        raise _refusal(error) from error
    return nquads.encode("utf-8")


def jcs(document: dict[str, Any]) -> bytes:
    """The document as RFC 8785 canonical JSON."""
    try:
        return rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, ValueError) as error:
        # e.g. an integer beyond what RFC 8785's numbers can hold exactly.
        raise CredentialError("signature.invalid", reason="jcs") from error


def refuse_unsigned_terms(document: dict[str, Any], contexts: ContextLibrary) -> None:
    """Refuse members canonicalization would drop: undefined terms and relative identifiers.

    The document is expanded once more with a fallback vocabulary in front of its contexts:
    any term none of them defines lands in that vocabulary, where we can see it.
    """
    context = document.get("@context")
    probe = {**document, "@context": [{"@vocab": _UNDEFINED}, *_as_list(context)]}
    try:
        expanded = jsonld.expand(probe, contexts.options())
    except _PYLD_FAILURES as error:
        raise _refusal(error) from error
    unsigned = _unsigned_names(expanded)
    if unsigned:
        raise CredentialError("signature.undefined_terms", terms=sorted(unsigned)[:5])


def _unsigned_names(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*map(_unsigned_names, node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = {key.removeprefix(_UNDEFINED) for key in node if key.startswith(_UNDEFINED)}
    for kind in _as_list(node.get("@type")):
        if isinstance(kind, str) and (kind.startswith(_UNDEFINED) or not _absolute(kind)):
            found.add(kind.removeprefix(_UNDEFINED))
    identifier = node.get("@id")
    if isinstance(identifier, str) and not _absolute(identifier):
        found.add(identifier)
    for key, value in node.items():
        if key not in ("@value", "@type", "@id"):
            found |= _unsigned_names(value)
    return found


def _absolute(iri: str) -> bool:
    return iri.startswith(("_:", "@")) or ":" in iri


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _refusal(error: BaseException) -> CredentialError:
    """The CredentialError our context loader raised inside pyld, else an uncheckable proof."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, CredentialError):
            return cause
        cause = cause.__cause__ or cause.__context__
    # Not well-formed JSON-LD: nothing defines what was signed.
    return CredentialError("signature.invalid", reason="jsonld")


class _BoundedRdfc(URDNA2015):
    """pyld's RDFC-1.0 with a ceiling on its exponential step."""

    def __init__(self) -> None:
        super().__init__()
        self.deep_hashes = 0

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self.deep_hashes += 1
        if self.deep_hashes > MAX_DEEP_HASHES:
            raise CredentialError("signature.too_complex", limit=MAX_DEEP_HASHES)
        return super().hash_n_degree_quads(id_, issuer)
