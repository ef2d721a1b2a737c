"""Status list bitstrings (Bitstring Status List v1.0): decode, read, set, encode, and the list
credential an issuer signs to publish one.
"""

from __future__ import annotations

import datetime
import gzip
import zlib
from typing import Any

from . import jose
from .errors import CredentialError
from .parse import VCDM_V2

MIN_LIST_BYTES = 16_384  # 131,072 entries: shorter lists make holders easier to tell apart
DEFAULT_MAX_DECOMPRESSED = 16 * 1024 * 1024
_STANDARD_TO_URL_SAFE = str.maketrans("+/", "-_")


def decode_status_list(encoded: Any, max_bytes: int = DEFAULT_MAX_DECOMPRESSED) -> bytes:
    """encodedList to bytes: optional `u` prefix, base64url (or standard base64), gzip inflated
    to at most max_bytes."""
    if not isinstance(encoded, str):
        raise unknown("malformed")
    # gzip always starts "H4sI" in base64, so a leading "u" can only be the multibase tag.
    encoded = encoded.removeprefix("u").rstrip("=")
    if "+" in encoded or "/" in encoded:
        # StatusList2021 lists only say "base64": some use the standard alphabet (never mixed).
        if "-" in encoded or "_" in encoded:
            raise unknown("malformed")
        encoded = encoded.translate(_STANDARD_TO_URL_SAFE)
    try:
        compressed = jose.b64url_decode(encoded)
    except CredentialError as error:
        raise unknown("malformed") from error
    bits = inflate_capped(compressed, max_bytes, 16 + zlib.MAX_WBITS)  # gzip
    if len(bits) < MIN_LIST_BYTES:
        raise unknown("too_short")
    return bits


def inflate_capped(compressed: bytes, max_bytes: int, wbits: int = zlib.MAX_WBITS) -> bytes:
    """A whole zlib (or, with ``wbits``, gzip) stream inflated to at most ``max_bytes``:
    a list that would inflate further is refused before it is built (no zlib bombs)."""
    inflater = zlib.decompressobj(wbits)
    try:
        bits = inflater.decompress(compressed, max_bytes)
    except zlib.error as error:
        raise unknown("malformed") from error
    if inflater.unconsumed_tail:
        raise unknown("too_large")
    if not inflater.eof or inflater.unused_data:
        raise unknown("malformed")
    return bits


def read_status(bits: bytes, index: int, size: int = 1) -> int:
    """The ``size``-bit value of entry ``index``, MSB-first: index 0 is bit 0x80 of byte 0."""
    start = index * size
    if index < 0 or start + size > len(bits) * 8:
        raise unknown("index_out_of_range")
    value = 0
    for position in range(start, start + size):
        value = (value << 1) | ((bits[position // 8] >> (7 - position % 8)) & 1)
    return value


def new_bitstring(size: int = MIN_LIST_BYTES * 8) -> bytearray:
    """An all-clear list of ``size`` one-bit entries."""
    return bytearray(-(-size // 8))


def set_bit(bits: bytearray, index: int, value: bool) -> None:
    """Set or clear entry ``index`` (MSB-first), e.g. to revoke or reinstate a credential."""
    if not 0 <= index < len(bits) * 8:
        raise IndexError(f"status list index {index} outside 0..{len(bits) * 8 - 1}")
    mask = 0x80 >> (index % 8)
    bits[index // 8] = bits[index // 8] | mask if value else bits[index // 8] & ~mask


def encode_status_list(bits: bytes | bytearray) -> str:
    """The encodedList of ``bits``: gzip, base64url, multibase `u` prefix."""
    return "u" + jose.b64url_encode(gzip.compress(bytes(bits), mtime=0))


def status_list_credential(
    issuer_id: str,
    list_url: str,
    purpose: str | list[str],
    encoded: str,
    valid_from: str | datetime.datetime,
    valid_until: str | datetime.datetime | None = None,
    ttl_ms: int | None = None,
) -> dict[str, Any]:
    """A VCDM 2.0 BitstringStatusListCredential to sign with shape VC_JOSE_COSE."""
    subject: dict[str, Any] = {
        "id": f"{list_url}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": encoded,
    }
    if ttl_ms is not None:
        subject["ttl"] = ttl_ms
    document: dict[str, Any] = {
        "@context": [VCDM_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": _iso(valid_from),
        "credentialSubject": subject,
    }
    if valid_until is not None:
        document["validUntil"] = _iso(valid_until)
    return document


def unknown(reason: str, **params: Any) -> CredentialError:
    """The error for anything that stops the bit being read: the check says status.unknown."""
    return CredentialError("status.unknown", reason=reason, **params)


def _iso(moment: str | datetime.datetime) -> str:
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    return moment
