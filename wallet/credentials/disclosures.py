"""Selective disclosure (RFC 9901): an SD-JWT split into its parts, its disclosures checked
against the digests the issuer signed, and the payload with every disclosed claim in place.

Why not the PyPI ``sd-jwt`` reference implementation (0.10.4, February 2024, on jwcrypto): its
verifier lets a disclosure that no digest references pass, does not notice a digest that appears
twice among array elements, accepts disclosures named ``_sd`` or ``...``, checks a key-binding
JWT only with ES256 and never its ``iat``, reads JSON without refusing duplicate keys and lets the
header choose the signature algorithm. RFC 9901 (section 7.1) requires each of those checks, so
they are written here, exactly; the package serves the tests as an independent implementation.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from . import jose
from .errors import CredentialError

DIGESTS = "_sd"
DIGEST_ALGORITHM = "_sd_alg"
ARRAY_DIGEST = "..."
# The IANA "Named Information Hash Algorithm" names RFC 9901 uses; sha-256 is the default.
HASH_FUNCTIONS: dict[str, Callable[[bytes], Any]] = {
    "sha-256": hashlib.sha256,
    "sha-384": hashlib.sha384,
    "sha-512": hashlib.sha512,
}
_RESERVED_NAMES = frozenset({DIGESTS, ARRAY_DIGEST})


@dataclasses.dataclass(frozen=True)
class Disclosure:
    """One disclosure as received: ``name`` is None for an array element."""

    encoded: str
    salt: str
    name: str | None
    value: Any


@dataclasses.dataclass(frozen=True)
class SdJwtParts:
    """An SD-JWT split at its ``~``: the issuer's JWT, the disclosures, the key-binding JWT."""

    issuer_jwt: str
    disclosures: tuple[str, ...]
    key_binding: str | None

    @property
    def without_key_binding(self) -> str:
        """The SD-JWT as the issuer made it (what a KB-JWT's ``sd_hash`` covers)."""
        return "~".join((self.issuer_jwt, *self.disclosures, ""))


def split_sd_jwt(token: str) -> SdJwtParts:
    """Split an SD-JWT; an empty disclosure (``~~``) or no ``~`` at all is malformed."""
    if len(token) > jose.MAX_TOKEN_CHARS:
        raise CredentialError("format.too_large", limit=jose.MAX_TOKEN_CHARS)
    if "~" not in token:
        raise CredentialError("format.malformed")
    issuer_jwt, *middle, last = token.split("~")
    if not issuer_jwt or "" in middle:
        raise CredentialError("format.malformed")
    return SdJwtParts(issuer_jwt, tuple(middle), last or None)


def bad_disclosure(reason: str) -> CredentialError:
    """The error for disclosures that do not match what the issuer signed."""
    return CredentialError("format.bad_disclosure", reason=reason)


def hash_name(claims: dict[str, Any]) -> str:
    """The digest algorithm the issuer names (``_sd_alg``), refused if we do not know it."""
    name = claims.get(DIGEST_ALGORITHM, "sha-256")
    if name not in HASH_FUNCTIONS:
        raise CredentialError("format.unsupported_type", feature=f"_sd_alg {str(name)[:40]}")
    return name


def digest(text: str, algorithm: str) -> str:
    """base64url of the hash of ``text``'s ASCII bytes: a disclosure's digest, or an sd_hash."""
    return jose.b64url_encode(HASH_FUNCTIONS[algorithm](text.encode("ascii")).digest())


def decode_disclosure(encoded: str) -> Disclosure:
    """``[salt, name, value]`` or, for an array element, ``[salt, value]``."""
    content = jose.load_json(jose.b64url_decode(encoded))
    if not isinstance(content, list) or len(content) not in (2, 3):
        raise bad_disclosure("malformed")
    if not isinstance(content[0], str) or (len(content) == 3 and not isinstance(content[1], str)):
        raise bad_disclosure("malformed")
    if len(content) == 2:
        return Disclosure(encoded, content[0], None, content[1])
    if content[1] in _RESERVED_NAMES:
        raise bad_disclosure("reserved_name")
    return Disclosure(encoded, content[0], content[1], content[2])


def by_digest(encoded: Sequence[str], algorithm: str) -> dict[str, Disclosure]:
    """The disclosures keyed by their digest; the same disclosure twice is refused."""
    found: dict[str, Disclosure] = {}
    for item in encoded:
        key = digest(item, algorithm)
        if key in found:
            raise bad_disclosure("duplicate_disclosure")
        found[key] = decode_disclosure(item)
    return found


def reveal(claims: dict[str, Any], disclosures: dict[str, Disclosure]) -> dict[str, Any]:
    """The payload with every disclosed claim in place and no ``_sd``, ``_sd_alg`` or ``...``.

    Refuses a digest that appears twice (among claims, array elements and disclosed values), a
    disclosure whose name is already a claim at its level, a disclosure of the wrong kind for
    its place, and a disclosure that no digest references: each one means the disclosures are
    not the issuer's.
    """
    walk = _Walk(disclosures)
    document = walk.value({k: v for k, v in claims.items() if k != DIGEST_ALGORITHM})
    if walk.used != set(disclosures):
        raise bad_disclosure("unreferenced")
    return document


class _Walk:
    """One pass over the payload, noting every digest it meets."""

    def __init__(self, disclosures: dict[str, Disclosure]) -> None:
        self.disclosures = disclosures
        self.seen: set[str] = set()
        self.used: set[str] = set()

    def value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return self._object(value)
        if isinstance(value, list):
            return self._array(value)
        return value

    def _object(self, value: dict[str, Any]) -> dict[str, Any]:
        digests = value.get(DIGESTS, [])
        if not isinstance(digests, list) or not all(isinstance(d, str) for d in digests):
            raise bad_disclosure("malformed_digests")
        result = {k: self.value(v) for k, v in value.items() if k != DIGESTS}
        for key in digests:
            disclosure = self._take(key)
            if disclosure is None:
                continue  # not disclosed, or a decoy digest
            if disclosure.name is None:
                raise bad_disclosure("array_element_as_claim")
            if disclosure.name in result:
                raise bad_disclosure("name_clash")
            result[disclosure.name] = self.value(disclosure.value)
        return result

    def _array(self, value: list[Any]) -> list[Any]:
        result = []
        for item in value:
            if not is_array_digest(item):
                result.append(self.value(item))
                continue
            if not isinstance(item[ARRAY_DIGEST], str):
                raise bad_disclosure("malformed_digests")
            disclosure = self._take(item[ARRAY_DIGEST])
            if disclosure is None:
                continue  # an element the holder did not disclose is left out
            if disclosure.name is not None:
                raise bad_disclosure("claim_as_array_element")
            result.append(self.value(disclosure.value))
        return result

    def _take(self, key: str) -> Disclosure | None:
        if key in self.seen:
            raise bad_disclosure("repeated_digest")
        self.seen.add(key)
        disclosure = self.disclosures.get(key)
        if disclosure is not None:
            self.used.add(key)
        return disclosure


def is_array_digest(item: Any) -> bool:
    """Whether an array element stands for a disclosure: ``{"...": <digest>}``."""
    return isinstance(item, dict) and len(item) == 1 and ARRAY_DIGEST in item
