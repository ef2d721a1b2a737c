"""Choose the key a credential's signature must verify with, and prove it belongs to the issuer."""

from __future__ import annotations

import datetime
import time
import urllib.parse
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from cryptography import x509

from . import did
from . import jose
from . import sd_jwt_keys
from .errors import CredentialError
from .fetch import Fetcher
from .fetch import fetch_json
from .model import KeyDetails

_SINGLE_KEY_METHODS = ("did:key:", "did:jwk:")
RESOLVED_DID_METHODS = ("did:key", "did:jwk", "did:web")
_MAX_CACHE_ENTRIES = 512


class KeyResolver:
    """Resolves issuer keys from DIDs or same-origin https URLs, caching fetched documents."""

    def __init__(
        self,
        fetcher: Fetcher | None = None,
        cache_ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        x509_anchors: Sequence[x509.Certificate] = (),
        wall_clock: Callable[[], datetime.datetime] | None = None,
    ) -> None:
        """``x509_anchors`` confirm SD-JWT VC issuers' ``x5c`` chains, checked at ``wall_clock()``."""
        self.fetcher = fetcher
        self.cache_ttl = cache_ttl
        self.clock = clock
        self.x509_anchors = tuple(x509_anchors)
        self.wall_clock = wall_clock or (lambda: datetime.datetime.now(datetime.UTC))
        self._cache: dict[str, tuple[float, Any]] = {}

    def resolve_issuer_key(
        self, issuer_id: str, header: dict[str, Any], relationship: str = "assertionMethod"
    ) -> tuple[jose.PublicKey, KeyDetails]:
        """The issuer's public key named by the header (kid, else jwk, else the DID's only key).

        `jku` and `x5u` are never looked at: they would let the token pick its own key.
        A DID key must be listed under `relationship`: `assertionMethod` for credentials,
        `authentication` for a holder signing a presentation (standards brief, section 5).
        """
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise CredentialError("signature.key_not_found")
        if sd_jwt_keys.applies_to(issuer_id, header):
            key, method, bound = self._sd_jwt_issuer_key(issuer_id, header, kid)
            algorithm = jose.algorithm_for_key(key, header["alg"])
            return key, KeyDetails(kid, algorithm, method, issuer_bound=bound)
        if kid:
            key, method = self._key_for_kid(issuer_id, kid, relationship)
        elif "jwk" in header:
            key, method = self._key_for_header_jwk(issuer_id, header["jwk"], relationship)
        elif issuer_id.startswith(_SINGLE_KEY_METHODS):
            key, method = self._only_key(issuer_id, relationship)
        else:
            raise CredentialError("signature.key_not_found", kid=None)
        algorithm = jose.algorithm_for_key(key, header["alg"])
        return key, KeyDetails(kid=kid, algorithm=algorithm, method=method)

    def resolve_verification_method(
        self, controller_id: str, method_id: str, relationship: str = "assertionMethod"
    ) -> tuple[jose.PublicKey, str]:
        """The key of a Data Integrity proof's verification method and how it was found
        ("did:key", "did:web", … or "https"): a method of ``controller_id``'s DID listed under
        ``relationship``, or an https key document under ``controller_id``'s web origin."""
        key, method = self._key_for_kid(controller_id, method_id, relationship)
        return key, "https" if method == "jwk" else method

    def _sd_jwt_issuer_key(
        self, issuer_id: str, header: dict[str, Any], kid: str | None
    ) -> tuple[jose.PublicKey, str, bool]:
        """SD-JWT VC key sources (``sd_jwt_keys``): an x5c chain, else JWT VC Issuer Metadata."""
        if "x5c" in header:
            anchors, now = self.x509_anchors, self.wall_clock()
            key, bound = sd_jwt_keys.key_from_x5c(header["x5c"], issuer_id, anchors, now)
            return key, "x5c", bound
        key = sd_jwt_keys.key_from_metadata(issuer_id, kid, self._fetch_json)
        return key, "jwt-vc-issuer", True

    def _fetch_json(self, url: str) -> Any:
        return self._cached(url, lambda: fetch_json(self.fetcher, url))

    def _key_for_kid(
        self, issuer_id: str, kid: str, relationship: str
    ) -> tuple[jose.PublicKey, str]:
        if kid.startswith("https://"):
            return self._key_from_https(issuer_id, kid), "jwk"
        if kid.startswith("#") and issuer_id.startswith("did:"):
            kid = issuer_id + kid
        elif not kid.startswith("did:"):
            # A bare name is not a key we can find; it is never used as a path or a query.
            raise CredentialError("signature.key_not_found", kid=kid[:200])
        kid_did, _, fragment = kid.partition("#")
        if did.did_method(kid_did) not in RESOLVED_DID_METHODS:
            # Say what we cannot look up, rather than that the key is not the issuer's.
            raise CredentialError("signature.unknown_did_method", method=did.did_method(kid_did))
        if kid_did != issuer_id:
            raise CredentialError("signature.key_unbound", kid=kid[:200])
        if not fragment and issuer_id.startswith(_SINGLE_KEY_METHODS):
            return self._only_key(issuer_id, relationship)
        document = self._did_document(issuer_id)
        methods = did.assertion_methods(document, relationship)
        method = next((m for m in methods if m["id"] == kid), None)
        if method is None:
            # Declared but for another purpose (e.g. an authentication-only key): wrong purpose.
            declared = did.verification_method(document, kid) is not None
            code = "signature.key_unbound" if declared else "signature.key_not_found"
            raise CredentialError(code, kid=kid[:200])
        return did.key_from_method(method), did.did_method(issuer_id)

    def _key_for_header_jwk(
        self, issuer_id: str, jwk: Any, relationship: str
    ) -> tuple[jose.PublicKey, str]:
        """A header jwk is self-asserted; accept it only if the issuer's DID lists that same key."""
        key = jose.key_from_jwk(jwk)
        if not issuer_id.startswith("did:"):
            raise CredentialError("signature.key_unbound", kid=None)
        wanted = jose.thumbprint(key)
        for method in did.assertion_methods(self._did_document(issuer_id), relationship):
            try:
                if jose.thumbprint(did.key_from_method(method)) == wanted:
                    return key, did.did_method(issuer_id)
            except CredentialError:
                continue  # another, unusable method does not make this key unbound
        raise CredentialError("signature.key_unbound", kid=None)

    def _only_key(self, issuer_id: str, relationship: str) -> tuple[jose.PublicKey, str]:
        methods = did.assertion_methods(self._did_document(issuer_id), relationship)
        if len(methods) != 1:
            raise CredentialError("signature.key_not_found", kid=None)
        return did.key_from_method(methods[0]), did.did_method(issuer_id)

    def _key_from_https(self, issuer_id: str, kid: str) -> jose.PublicKey:
        if _origin(kid) is None or _origin(kid) != _origin(issuer_id):
            raise CredentialError("signature.key_unbound", kid=kid[:200])
        url, _, fragment = kid.partition("#")
        names = {kid, fragment} - {""}
        document = self._fetch_json(url)
        if isinstance(document, dict) and isinstance(document.get("keys"), list):
            matches = [k for k in document["keys"] if isinstance(k, dict) and k.get("kid") in names]
            if len(matches) != 1:
                raise CredentialError("signature.key_not_found", kid=kid[:200])
            return jose.key_from_jwk(matches[0])
        if isinstance(document, dict) and isinstance(document.get("verificationMethod"), list):
            # A controller document (Multikey or JsonWebKey methods): the method named by kid.
            document = did.verification_method({"id": url, **document}, kid)
            if document is None:
                raise CredentialError("signature.key_not_found", kid=kid[:200])
        if isinstance(document, dict) and did.KEY_MEMBERS & document.keys():
            return did.key_from_method(document)
        return jose.key_from_jwk(document)

    def _did_document(self, issuer_id: str) -> dict[str, Any]:
        return self._cached(issuer_id, lambda: did.resolve_did(issuer_id, self.fetcher))

    def remembered(self, name: str, load: Callable[[], Any]) -> Any:
        """``load()``, kept under ``name`` as long as fetched key documents are: a document
        that a verification reads in several steps is fetched once."""
        return self._cached(name, load)

    def _cached(self, name: str, load: Callable[[], Any]) -> Any:
        now = self.clock()
        entry = self._cache.get(name)
        if entry and entry[0] > now:
            return entry[1]
        value = load()
        if len(self._cache) >= _MAX_CACHE_ENTRIES:
            self._cache = {k: v for k, v in self._cache.items() if v[0] > now}
        if len(self._cache) < _MAX_CACHE_ENTRIES:
            self._cache[name] = (now + self.cache_ttl, value)
        return value


def self_asserted_key(issuer_id: str, header: dict[str, Any]) -> tuple[jose.PublicKey, KeyDetails]:
    """The key in a header ``jwk`` when nothing could bind it to an https issuer.

    The OB 3.0 JWT proof allows a bare header ``jwk``: the signature over the bytes can be
    checked with it, but anyone can make a key, so ``KeyDetails.issuer_bound`` is False and
    the issuer must never count as confirmed, whatever the trust list says.
    """
    if not has_self_asserted_key(issuer_id, header):
        raise CredentialError("signature.key_not_found", kid=None)
    key = jose.key_from_jwk(header["jwk"])
    algorithm = jose.algorithm_for_key(key, header["alg"])
    return key, KeyDetails(kid=None, algorithm=algorithm, method="jwk", issuer_bound=False)


def has_self_asserted_key(issuer_id: str, header: dict[str, Any]) -> bool:
    """Whether the header offers only a ``jwk`` for an issuer that is not a DID."""
    return not header.get("kid") and "jwk" in header and not issuer_id.startswith("did:")


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port or 443
    except ValueError:
        return None
    if parts.scheme != "https" or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port
