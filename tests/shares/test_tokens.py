"""Share tokens and typed codes: unguessable, stored only as hashes, forgiving when typed."""

from __future__ import annotations

import pathlib
import re

import pytest
from support.issuers import private_key

from wallet.credentials import seal_private_key
from wallet.shares import tokens
from wallet.shares.tokens import CODE_ALPHABET
from wallet.shares.tokens import code_hash
from wallet.shares.tokens import new_share_code
from wallet.shares.tokens import new_share_token
from wallet.shares.tokens import normalise_code
from wallet.shares.tokens import open_token
from wallet.shares.tokens import seal_token
from wallet.shares.tokens import token_hash

SECRET = "app-secret-for-tests-0123456789abcdef-ÅÄÖ"
URL_SAFE = re.compile(r"[A-Za-z0-9_-]+")


def test_ten_thousand_tokens_are_unique_url_safe_and_long_enough():
    tokens = [new_share_token() for _ in range(10_000)]
    assert len(set(tokens)) == len(tokens)
    assert all(len(token) >= 22 and URL_SAFE.fullmatch(token) for token in tokens)


def test_tokens_come_from_the_secrets_module_not_random():
    source = pathlib.Path(tokens.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import random|from random )", source, re.MULTILINE)


def test_token_hash_is_stable_and_is_not_the_token():
    token = new_share_token()
    assert token_hash(token) == token_hash(token)
    assert token not in token_hash(token)
    assert re.fullmatch(r"[0-9a-f]{64}", token_hash(token))
    assert token_hash(token) != token_hash(new_share_token())


def test_codes_carry_at_least_60_random_bits():
    code = new_share_code()
    length = len(code.replace("-", ""))
    assert len(set(CODE_ALPHABET)) ** length >= 2**60
    assert not set("ILOU") & set(CODE_ALPHABET)


def test_codes_are_grouped_for_reading_aloud_and_differ():
    codes = [new_share_code() for _ in range(1_000)]
    assert len(set(codes)) == len(codes)
    group = f"[{CODE_ALPHABET}]"
    assert all(re.fullmatch(f"{group}{{4}}-{group}{{4}}-{group}{{5}}", code) for code in codes)
    # Every symbol turns up: the code really draws from the whole alphabet.
    assert set("".join(codes).replace("-", "")) == set(CODE_ALPHABET)


def test_a_generated_code_normalises_to_itself_without_hyphens():
    code = new_share_code()
    assert normalise_code(code) == code.replace("-", "")


@pytest.mark.parametrize(
    "typed",
    [
        "7k3q-m9xa-2rtpb",
        " 7K3Q M9XA 2RTPB ",
        "7K3QM9XA2RTPB",
        "7k3q m9xa-2rtpb\n",
    ],
)
def test_typing_is_forgiving(typed):
    assert normalise_code(typed) == "7K3QM9XA2RTPB"


def test_look_alike_letters_read_as_digits():
    assert normalise_code("O0Il-1Lo0-iIlOo") == "0011" + "1100" + "11100"
    assert code_hash("OOOO-OOOO-OOOOO") == code_hash("0000-0000-00000")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "7K3Q-M9XA-2RTP",  # one short
        "7K3Q-M9XA-2RTPBB",  # one long
        "7K3Q-M9XA-2RTPU",  # U is not in the alphabet
        "7K3Q-M9XA-2RTP!",
        "7K3Q_M9XA_2RTPB",
        "７K3Q-M9XA-2RTPB",  # a full-width digit
        "7" * 10_000,
        None,
    ],
)
def test_garbage_is_not_a_code(typed):
    assert normalise_code(typed) is None


def test_code_hash_matches_however_it_was_typed():
    code = new_share_code()
    assert code_hash(code) == code_hash(code.lower().replace("-", " "))
    assert code.replace("-", "") not in code_hash(code)


def test_code_hash_of_garbage_raises():
    with pytest.raises(ValueError):
        code_hash("not a code")


def test_sealed_token_opens_with_the_same_secret():
    token = new_share_token()
    sealed = seal_token(token, SECRET)
    assert token not in sealed
    assert open_token(sealed, SECRET) == token
    assert open_token(sealed, SECRET.encode()) == token


def test_sealing_twice_gives_different_text():
    token = new_share_token()
    assert seal_token(token, SECRET) != seal_token(token, SECRET)


def test_wrong_secret_or_tampering_opens_nothing():
    sealed = seal_token(new_share_token(), SECRET)
    assert open_token(sealed, "another secret") is None
    version, nonce, ciphertext = sealed.split(".")
    flipped = ciphertext[:-2] + ("A" if ciphertext[-2] != "A" else "B") + ciphertext[-1]
    assert open_token(f"{version}.{nonce}.{flipped}", SECRET) is None


@pytest.mark.parametrize("sealed", ["", "kst1", "kst1..", "kst1.!!.??", None])
def test_garbage_sealed_text_opens_nothing(sealed):
    assert open_token(sealed, SECRET) is None


def test_a_sealed_wallet_key_is_not_a_sealed_token():
    """Separate keys and labels: text sealed for one purpose never opens as another."""
    assert open_token(seal_private_key(private_key("Ed25519"), SECRET), SECRET) is None

