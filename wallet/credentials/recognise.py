"""Name what an input is when we cannot read it, so that a refusal says what it is.

A learner who uploads a COSE-secured credential or a Europass diploma should hear what they
have and what to ask for, never "we found no credential". Each function raises the matching
``CredentialError`` when it recognises its input and returns quietly otherwise.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from .errors import CredentialError

# COSE_Sign1 (RFC 9052): CBOR tag 18 and an array of four, or the untagged array whose first
# item is the protected header: a short byte string holding a map.
_COSE_SIGN1_TAGGED = b"\xd2\x84"
_CBOR_ARRAY_OF_FOUR = 0x84
_CBOR_SHORT_BYTE_STRING = range(0x41, 0x58)
_CBOR_MAP = range(0xA0, 0xC0)
_COSE_DATA_URL = re.compile(r"data:application/(vc\+)?cose[;,]", re.IGNORECASE)
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2}){8,}")
_EUROPASS_MODEL = "data.europa.eu/snb"
# Members of a JAdES (ETSI TS 119 182-1) protected header: signing time, detached content.
_JADES_MEMBERS = ("sigT", "sigD", "x5t#S256", "x5c")


def refuse_cose(text: str) -> None:
    """A COSE_Sign1 credential, as a data URL, base64 (either alphabet) or hex."""
    if _COSE_DATA_URL.match(text):
        raise CredentialError("format.unsupported_cose")
    if is_cose(_decoded(text.strip())):
        raise CredentialError("format.unsupported_cose")


def is_cose(data: bytes) -> bool:
    """Whether ``data`` starts like a COSE_Sign1 structure."""
    if data.startswith(_COSE_SIGN1_TAGGED):
        return True
    return (
        len(data) > 2
        and data[0] == _CBOR_ARRAY_OF_FOUR
        and data[1] in _CBOR_SHORT_BYTE_STRING
        and data[2] in _CBOR_MAP
    )


def refuse_json(value: Any) -> None:
    """A presentation, or a credential signed in the JWS JSON serialization (JAdES, Europass)."""
    if not isinstance(value, dict):
        return
    types = value.get("type")
    if "VerifiablePresentation" in (types if isinstance(types, list) else [types]):
        raise CredentialError("format.presentation")
    signatures = value.get("signatures")
    headers = (
        [s.get("protected") for s in signatures if isinstance(s, dict)]
        if isinstance(signatures, list)
        else [value.get("protected")]
    )
    if "payload" not in value or not any(isinstance(h, str) for h in headers):
        return
    if _EUROPASS_MODEL in json.dumps(value.get("payload")):
        raise CredentialError("format.unsupported_europass")
    jades = any(member in _header(h) for h in headers for member in _JADES_MEMBERS)
    raise CredentialError("format.unsupported_json_jws", jades=jades)


def _header(encoded: Any) -> dict[str, Any]:
    try:
        header = json.loads(_decoded(encoded))
    except (TypeError, ValueError):
        return {}
    return header if isinstance(header, dict) else {}


def _decoded(text: Any) -> bytes:
    if not isinstance(text, str):
        return b""
    if _HEX.fullmatch(text):
        return bytes.fromhex(text)
    if not _BASE64.fullmatch(text):
        return b""
    padded = text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4)
    try:
        return base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_"))
    except (binascii.Error, ValueError):
        return b""
