"""Open Badges 2.0 assertions, hosted and signed (to be built: issue 13)."""

from __future__ import annotations

from typing import Any

from .errors import CredentialError
from .keys import KeyResolver
from .model import Credential
from .model import KeyDetails


def is_assertion(document: dict[str, Any]) -> bool:
    """Whether ``document`` is an Open Badges 2.0 assertion."""
    return False


def parse_hosted(token: str, document: dict[str, Any]) -> Credential:
    raise CredentialError("format.unsupported_type", feature="Open Badges 2.0")


def parse_signed(token: str, header: dict[str, Any], claims: dict[str, Any]) -> Credential:
    raise CredentialError("format.unsupported_type", feature="Open Badges 2.0")


def verify_assertion(credential: Credential, resolver: KeyResolver) -> KeyDetails:
    raise CredentialError("format.unsupported_type", feature="Open Badges 2.0")
