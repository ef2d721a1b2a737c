"""SD-JWT VC (to be built: issue 13)."""

from __future__ import annotations

from .errors import CredentialError
from .keys import KeyResolver
from .model import Credential
from .model import KeyDetails


def parse_sd_jwt(token: str) -> Credential:
    raise CredentialError("format.unsupported_type", feature="sd-jwt")


def verify_sd_jwt(credential: Credential, resolver: KeyResolver) -> KeyDetails:
    raise CredentialError("format.unsupported_type", feature="sd-jwt")
