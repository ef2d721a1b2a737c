"""Learner keys sealed with the app secret: round trip, and nothing else opens them."""

from __future__ import annotations

import pytest
from support.issuers import private_key

from wallet.credentials import CredentialError
from wallet.credentials import open_private_key
from wallet.credentials import public_jwk
from wallet.credentials import seal_private_key

SECRET = "hemlig-nyckel-för-plånboken-0123456789abcdef".encode()


def refused(sealed: str, secret: bytes = SECRET) -> str:
    with pytest.raises(CredentialError) as raised:
        open_private_key(sealed, secret)
    return raised.value.code


@pytest.mark.parametrize("kind", ["Ed25519", "P-256", "P-384", "RSA"])
def test_round_trip(kind):
    sealed = seal_private_key(private_key(kind), SECRET)
    assert public_jwk(open_private_key(sealed, SECRET)) == public_jwk(private_key(kind))


def test_sealed_form_is_versioned_ascii_without_key_material():
    key = private_key("Ed25519")
    sealed = seal_private_key(key, SECRET)
    assert sealed.isascii() and sealed.startswith("kpk1.") and sealed.count(".") == 2
    assert public_jwk(key)["x"] not in sealed


def test_each_seal_uses_a_fresh_nonce():
    key = private_key("Ed25519")
    assert seal_private_key(key, SECRET) != seal_private_key(key, SECRET)


def test_str_secret_is_the_same_as_its_utf8_bytes():
    sealed = seal_private_key(private_key("Ed25519"), SECRET.decode())
    assert open_private_key(sealed, SECRET) is not None


def test_wrong_secret():
    assert (
        refused(seal_private_key(private_key("Ed25519"), SECRET), b"another secret")
        == "keystore.invalid"
    )


@pytest.mark.parametrize("position", [0, 1, 2])
def test_tampering_anywhere_is_detected(position):
    parts = seal_private_key(private_key("Ed25519"), SECRET).split(".")
    flipped = "A" if parts[position][-2] != "A" else "B"
    parts[position] = parts[position][:-2] + flipped + parts[position][-1]
    assert refused(".".join(parts)) == "keystore.invalid"


@pytest.mark.parametrize("sealed", ["", "kpk1", "kpk1..", "kpk1.!!.??", "kpk2.AAAA.AAAA", None])
def test_garbage(sealed):
    assert refused(sealed) == "keystore.invalid"


def test_empty_secret_cannot_seal():
    with pytest.raises(ValueError):
        seal_private_key(private_key("Ed25519"), b"")
