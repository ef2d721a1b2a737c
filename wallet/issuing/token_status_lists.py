"""The demo issuers' IETF Token Status Lists (draft-ietf-oauth-status-list), for SD-JWT VCs.

Not stored on their own: an SD-JWT VC gets an index on the issuer's Bitstring Status Lists like
any W3C credential, and the token list is made from those two lists whenever it is served, two
bits an entry: 1 (invalid) where the revocation bit is set, else 2 (suspended) where the
suspension bit is, else 0 (valid). So whatever revokes, suspends or reinstates a credential (the
issuing desk, ``flask issuer revoke``) changes both formats at once.
"""

from __future__ import annotations

import datetime
import zlib

from wallet.credentials import algorithm_for
from wallet.credentials import read_status
from wallet.credentials.jose import b64url_encode
from wallet.credentials.jose import sign_compact
from wallet.credentials.token_status_list import TYP
from wallet.issuing.demo_issuers import DemoIssuer

BITS = 2
INVALID, SUSPENDED = 1, 2
ENTRIES_PER_BYTE = 8 // BITS


def token_entries(revocation: bytes, suspension: bytes) -> bytes:
    """The token list's bytes: each entry ``BITS`` bits, packed from the least significant bit."""
    entries = bytearray(min(len(revocation), len(suspension)) * BITS)
    for position, (revoked, suspended) in enumerate(zip(revocation, suspension, strict=False)):
        if not revoked | suspended:
            continue  # nearly every byte: a list of a few credentials costs next to nothing
        for index in range(position * 8, position * 8 + 8):
            value = (
                INVALID if read_status(revocation, index)
                else SUSPENDED if read_status(suspension, index) else 0
            )
            entries[index // ENTRIES_PER_BYTE] |= value << (index % ENTRIES_PER_BYTE * BITS)
    return bytes(entries)


def status_list_token(
    issuer: DemoIssuer,
    uri: str,
    entries: bytes,
    now: datetime.datetime,
    valid_for: datetime.timedelta,
    ttl: datetime.timedelta,
) -> str:
    """The ``statuslist+jwt`` published at ``uri``, signed like the issuer's SD-JWT VCs (its
    did:key ``kid``), valid for ``valid_for`` and to be kept at most ``ttl``."""
    issued_at = int(now.timestamp())
    claims = {
        "iss": issuer.did,
        "sub": uri,
        "iat": issued_at,
        "exp": issued_at + int(valid_for.total_seconds()),
        "ttl": int(ttl.total_seconds()),
        "status_list": {"bits": BITS, "lst": b64url_encode(zlib.compress(entries, 9))},
    }
    header = {"typ": TYP, "kid": issuer.kid}
    return sign_compact(claims, issuer.key, algorithm_for(issuer.key), header)
