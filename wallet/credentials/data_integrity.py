"""Data Integrity proofs on JSON-LD credentials (to be built: issue 13)."""

from __future__ import annotations

from typing import Any

from .errors import CredentialError
from .keys import KeyResolver
from .model import Credential
from .model import KeyDetails


def parse_secured(token: str, document: dict[str, Any]) -> Credential:
    raise CredentialError("format.unsupported_type", feature="Data Integrity")


def verify_proofs(credential: Credential, resolver: KeyResolver) -> KeyDetails:
    raise CredentialError("format.unsupported_type", feature="Data Integrity")
