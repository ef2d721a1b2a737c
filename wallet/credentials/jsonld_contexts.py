"""The JSON-LD contexts Data Integrity proofs are checked with: files shipped with the wallet.

What a JSON-LD credential says, and so what its signature covers, depends on its contexts. A
context fetched when a credential is checked could be changed by whoever serves it, could leak
who is looking at which credential, and would make every check wait on the network. So nothing
is fetched: each context we know is a file in ``contexts/``, listed in ``contexts/manifest.json``
with its URL and the SHA-256 of its bytes. A credential using any other context, or one whose
file no longer has that digest, is refused as ``signature.unsupported_context``: honestly not
checked, never checked against a guess.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import pathlib
import threading
from typing import Any

from pyld.context_resolver import ContextResolver

from .errors import CredentialError
from .locked_cache import LockedCache

SHIPPED = pathlib.Path(__file__).with_name("contexts")
MANIFEST_NAME = "manifest.json"
# pyld keeps each context it resolved; besides ours, a credential may embed contexts of its own.
_RESOLVED_CONTEXTS = 512
# A credential's canonical N-Quads are a few KB: 2,048 of them are a few MB, and every link's
# credentials stay canonicalized between views.
_CANONICAL_FORMS = 2048


class ContextLibrary:
    """The contexts in one directory's manifest, each read and checked once; thread-safe."""

    def __init__(self, directory: pathlib.Path = SHIPPED) -> None:
        self.directory = directory
        manifest = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
        self._listed = {entry["url"]: entry for entry in manifest["contexts"]}
        self._documents: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._resolved = LockedCache(maxsize=_RESOLVED_CONTEXTS)
        # Canonical forms worked out with these contexts (canonical.rdfc_of_signed_terms).
        self.canonical_forms = LockedCache(maxsize=_CANONICAL_FORMS)

    @property
    def urls(self) -> frozenset[str]:
        return frozenset(self._listed)

    def options(self) -> dict[str, Any]:
        """pyld options that load contexts from this library alone."""
        return {
            "documentLoader": self.load_document,
            "contextResolver": ContextResolver(self._resolved, self.load_document),
        }

    def load_document(self, url: str, options: Any = None) -> dict[str, Any]:
        """pyld's document loader: a listed context whose file is intact, else a refusal."""
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            # pyld rewrites relative URLs inside what it loads; the kept copy must stay as read.
            "document": copy.deepcopy(self._document(url)),
            "tag": "static",  # lets pyld keep the resolved context: the file never changes
        }

    def _document(self, url: str) -> Any:
        with self._lock:
            if url in self._documents:
                return self._documents[url]
        entry = self._listed.get(url)
        if entry is None:
            raise CredentialError("signature.unsupported_context", context=str(url)[:200])
        data = (self.directory / entry["file"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            # A changed file would quietly change what every credential using it means.
            raise CredentialError("signature.unsupported_context", context=url, reason="digest")
        document = json.loads(data)
        with self._lock:
            self._documents[url] = document
        return document


@functools.cache
def shipped_contexts() -> ContextLibrary:
    """The contexts that ship with the wallet, read once per process."""
    return ContextLibrary()
