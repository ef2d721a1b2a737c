"""IETF Token Status List as the status check of SD-JWT VCs: valid, revoked, suspended, unknown."""

from __future__ import annotations

import datetime
import zlib

import pytest
from support.issuers import NOW
from support.issuers import LoopbackServer
from support.issuers import did_key_issuer
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential
from support.sd_jwt import status_list_token

from wallet.credentials import HttpFetcher
from wallet.credentials import StatusListChecker
from wallet.credentials.token_status_list import ACCEPT


@pytest.fixture
def issuer():
    return did_key_issuer("P-256")


@pytest.fixture
def checker(resolver):
    fetcher = HttpFetcher(allow_insecure_localhost=True, timeout=2.0)
    token_fetcher = HttpFetcher(allow_insecure_localhost=True, timeout=2.0, accept=ACCEPT)
    return StatusListChecker(fetcher, resolver, token_fetcher=token_fetcher)


def credential_with_status(issuer, uri, index):
    status = {"status_list": {"idx": index, "uri": uri}}
    issued = issue_sd_jwt(learning_credential(issuer.did, status=status), issuer.key,
                          header={"kid": issuer.kid})
    return issued.token


def publish(loopback: LoopbackServer, path: str, issuer, values, **options):
    uri = f"http://localhost:{loopback.port}{path}"
    token = status_list_token(issuer.key, uri, values, header={"kid": issuer.kid},
                              iss=issuer.did, **options)
    loopback.serve(path, token.encode("ascii"))
    return uri


@pytest.mark.parametrize(
    ("bits", "value", "code", "status"),
    [
        (1, 0, "status.ok", "passed"),
        (1, 1, "status.revoked", "failed"),
        (2, 2, "status.suspended", "failed"),
        (4, 1, "status.revoked", "failed"),
        (8, 0, "status.ok", "passed"),
        (2, 3, "status.unknown", "warning"),  # application-specific: nothing we can say
    ],
)
def test_the_entry_says_valid_revoked_or_suspended(
    loopback, issuer, checker, verify, bits, value, code, status
):
    path = f"/tsl/{bits}-{value}"
    # Neighbours set on both sides: reading the wrong bits would give another answer.
    uri = publish(loopback, path, issuer, {4: 1, 5: value, 6: 1}, bits=bits)
    result = verify(credential_with_status(issuer, uri, 5), status_checker=checker)
    check = result.checks[-1]
    assert (check.code, check.status.value) == (code, status)
    assert ACCEPT in loopback.accepts[path]


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"sub": "https://another.example/list"}, "wrong_list"),
        ({"exp": int((NOW - datetime.timedelta(days=1)).timestamp())}, "expired_list"),
        ({"compressed": zlib.compress(bytes(40 * 1024 * 1024))}, "too_large"),
        ({"compressed": b"not zlib"}, "malformed"),
    ],
)
def test_a_list_that_cannot_be_read_leaves_the_status_unknown(
    loopback, issuer, checker, verify, options, reason
):
    path = f"/tsl/unreadable-{reason}"
    uri = publish(loopback, path, issuer, {}, **options)
    check = verify(credential_with_status(issuer, uri, 3), status_checker=checker).checks[-1]
    assert (check.code, check.status.value, check.params["reason"]) == (
        "status.unknown", "warning", reason,
    )


def test_a_list_signed_by_someone_else_is_not_believed(loopback, issuer, checker, verify):
    other = did_key_issuer("P-256", 9)
    uri = publish(loopback, "/tsl/other", other, {})
    check = verify(credential_with_status(issuer, uri, 3), status_checker=checker).checks[-1]
    assert (check.code, check.params["reason"]) == ("status.unknown", "wrong_issuer")


def test_an_index_outside_the_list_and_an_unreachable_list(loopback, issuer, checker, verify):
    uri = publish(loopback, "/tsl/short", issuer, {}, size=8)
    check = verify(credential_with_status(issuer, uri, 99), status_checker=checker).checks[-1]
    assert check.params["reason"] == "index_out_of_range"
    gone = f"http://localhost:{loopback.port}/tsl/missing"
    check = verify(credential_with_status(issuer, gone, 1), status_checker=checker).checks[-1]
    assert (check.code, check.params["reason"]) == ("status.unknown", "unreachable")


def test_the_list_is_kept_for_its_ttl(loopback, issuer, resolver, verify):
    now = [0.0]
    checker = StatusListChecker(HttpFetcher(allow_insecure_localhost=True), resolver,
                                clock=lambda: now[0])
    uri = publish(loopback, "/tsl/ttl", issuer, {}, ttl=60)
    token = credential_with_status(issuer, uri, 2)
    verify(token, status_checker=checker)
    publish(loopback, "/tsl/ttl", issuer, {2: 1}, ttl=60)
    assert verify(token, status_checker=checker).checks[-1].code == "status.ok"
    now[0] = 61.0
    assert verify(token, status_checker=checker).checks[-1].code == "status.revoked"
