"""Properties of the whole reading path (extract, parse, verify) on hostile input: never an
unhandled exception, only coded refusals, and nothing but the issuer's own bytes is genuine."""

from __future__ import annotations

import base64
import json

from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies
from support.issuers import NOW
from support.issuers import did_key_issuer
from support.issuers import forge_token

from wallet.credentials import KeyResolver
from wallet.credentials import TrustList
from wallet.credentials import extract_token
from wallet.credentials import parse_credential
from wallet.credentials import verify_credential
from wallet.credentials.errors import CredentialError

ISSUER = did_key_issuer("Ed25519", slot=21)
IMPOSTOR = did_key_issuer("Ed25519", slot=22)
GENUINE = ISSUER.issue()
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
JSON = strategies.recursive(
    strategies.none() | strategies.booleans() | strategies.integers() | strategies.floats()
    | strategies.text(max_size=20),
    lambda inner: strategies.lists(inner, max_size=4)
    | strategies.dictionaries(strategies.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


def no_network(url: str) -> bytes:
    raise CredentialError("key.unresolvable", url=url)


def read(data: bytes) -> bool:
    """The whole path an upload takes; True if the result is genuine, False for a coded refusal."""
    try:
        token = extract_token(data)
        parse_credential(token)
    except CredentialError as error:
        assert error.code and "." in error.code
        return False
    return verify(token)


def verify(token: str) -> bool:
    result = verify_credential(token, NOW, TrustList([]), KeyResolver(no_network))
    assert all(check.code for check in result.checks)
    return result.is_genuine


def signature_bytes(segment: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except ValueError:
        return None


def same_signed_content(token: str) -> bool:
    """The genuine token, up to surrounding space and base64 bits that decode to nothing."""
    parts, original = token.strip().split("."), GENUINE.split(".")
    return (
        len(parts) == 3
        and parts[:2] == original[:2]
        and signature_bytes(parts[2]) == signature_bytes(original[2])
    )


@strategies.composite
def mutated_tokens(draw) -> str:
    """The genuine token with a bit flipped, a character inserted or one deleted, in one part."""
    parts = GENUINE.split(".")
    part = draw(strategies.integers(0, 2))
    text = parts[part]
    at = draw(strategies.integers(0, len(text) - 1))
    action = draw(strategies.sampled_from(["flip", "insert", "delete"]))
    if action == "flip":
        changed = chr(ord(text[at]) ^ (1 << draw(strategies.integers(0, 7))))
        text = text[:at] + changed + text[at + 1:]
    elif action == "insert":
        text = text[:at] + draw(strategies.characters(codec="utf-8")) + text[at:]
    else:
        text = text[:at] + text[at + 1:]
    parts[part] = text
    return ".".join(parts)


def test_the_unchanged_token_is_genuine():
    assert read(GENUINE.encode())  # so that the properties below can fail


@PROPERTY
@given(strategies.binary(max_size=3_000))
def test_arbitrary_bytes_are_refused_with_a_code(data):
    assert not read(data)


@PROPERTY
@given(JSON)
def test_arbitrary_json_as_a_file_is_refused_with_a_code(document):
    assert not read(json.dumps(document).encode())


@PROPERTY
@given(JSON, JSON)
def test_arbitrary_json_signed_by_someone_else_is_never_genuine(header, payload):
    """Claiming the issuer's key and name, whatever else the header and payload say."""
    header = {**(header if isinstance(header, dict) else {}), "alg": "EdDSA", "kid": ISSUER.kid}
    if isinstance(payload, dict):
        payload = {**payload, "iss": ISSUER.did, "issuer": ISSUER.did}
    token = forge_token(header, json.dumps(payload).encode(), key=IMPOSTOR.key, algorithm="EdDSA")
    assert not read(token.encode())


@PROPERTY
@given(mutated_tokens())
def test_a_changed_token_is_never_genuine(token):
    # A re-encoded signature may be refused too (stricter base64): only "genuine" must not lie.
    # A character before or after the token, or a line break in it, leaves the token itself as
    # it was signed (it is found inside text, wrapped lines joined): that is what must be genuine.
    if read(token.encode()):
        assert same_signed_content(extract_token(token.encode()))
