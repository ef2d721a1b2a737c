"""StatusListChecker: signed lists served on loopback say ok, revoked, suspended or unknown."""

from __future__ import annotations

import base64
import datetime
import gzip
import itertools
import json
import socket
import time

import pytest
from openbadgeslib import OB3Signer
from openbadgeslib.ob3.status_list import build_status_list_credential as ob3_status_list
from openvc.status import build_status_list_credential as openvc_status_list
from openvc.status import decode_bitstring
from openvc.status import get_status_bit
from openvc.status import set_status_bit
from support.issuers import NOW
from support.issuers import VALID_FROM
from support.issuers import VCDM_V1
from support.issuers import VCDM_V2
from support.issuers import Route
from support.issuers import did_key_issuer
from support.issuers import forge_token
from support.issuers import publish_status_list
from support.issuers import split_token
from support.issuers import status_entry
from support.issuers import status_list_token

from wallet.credentials import CheckStatus
from wallet.credentials import CredentialError
from wallet.credentials import Concern
from wallet.credentials import HttpFetcher
from wallet.credentials import Shape
from wallet.credentials import StatusListChecker
from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.credentials import Verdict
from wallet.credentials import decode_status_list
from wallet.credentials import encode_status_list
from wallet.credentials import new_bitstring
from wallet.credentials import parse_credential
from wallet.credentials import private_key_to_pem
from wallet.credentials import read_status
from wallet.credentials import set_bit
from wallet.credentials import status_list_credential
from wallet.credentials.bitstring import MIN_LIST_BYTES
from wallet.credentials.jose import b64url_decode
from wallet.credentials.jose import b64url_encode

_PATHS = itertools.count()
ENTRIES = MIN_LIST_BYTES * 8
SPEC_EMPTY_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fetcher() -> HttpFetcher:
    """Loopback allowed, and a short timeout so the slow-server test stays quick."""
    return HttpFetcher(allow_insecure_localhost=True, timeout=0.3, max_bytes=2_000_000)


@pytest.fixture
def checker(fetcher, resolver, clock) -> StatusListChecker:
    return StatusListChecker(fetcher, resolver, clock=clock)


@pytest.fixture
def other_issuer():
    return did_key_issuer("Ed25519", slot=1)


def new_path() -> str:
    return f"/status/list-{next(_PATHS)}"


def url_of(loopback, path: str) -> str:
    return f"http://localhost:{loopback.port}{path}"


def publish(loopback, issuer, **options) -> str:
    """A fresh URL serving ``issuer``'s signed list (see ``status_list_token`` for options)."""
    return publish_status_list(loopback, new_path(), issuer, **options)


def holding(issuer, *entries):
    """A parsed credential of ``issuer`` whose credentialStatus is ``entries``."""
    return parse_credential(issuer.issue(issuer.credential(credentialStatus=list(entries))))


def gone_url() -> str:
    """A loopback URL on a port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://localhost:{port}/status/gone"


def resigned(token: str, key) -> str:
    """A forgery: ``token``'s header and payload signed with ``key`` (Ed25519) instead."""
    header, payload = split_token(token)
    return forge_token(header, payload, key=key, algorithm="EdDSA")


def unknown_reason(check) -> str:
    assert (check.concern, check.status, check.code) == (
        Concern.STATUS,
        CheckStatus.WARNING,
        "status.unknown",
    ), check
    assert check.params["checked_at"] == NOW.isoformat()
    return check.params["reason"]


def test_credential_without_status_entries_has_nothing_to_check(checker, issuer):
    check = checker(parse_credential(issuer.issue()), NOW)
    assert (check.status, check.code) == (CheckStatus.NOT_APPLICABLE, "status.none")


def test_clear_bit_is_ok(checker, loopback, issuer):
    url = publish(loopback, issuer, set_bits=(41, 43))
    check = checker(holding(issuer, status_entry(url, 42)), NOW)
    assert (check.concern, check.status, check.code) == (
        Concern.STATUS,
        CheckStatus.PASSED,
        "status.ok",
    )
    assert check.params == {
        "checked_at": NOW.isoformat(),
        "fetched_at": NOW.isoformat(),
        "purposes": ["revocation"],
    }


def test_set_bit_is_revoked(checker, loopback, issuer):
    url = publish(loopback, issuer, set_bits=(42,))
    check = checker(holding(issuer, status_entry(url, 42)), NOW)
    assert (check.status, check.code) == (CheckStatus.FAILED, "status.revoked")
    assert check.params["fetched_at"] == NOW.isoformat()


def test_suspension_fails_with_its_own_code(checker, loopback, issuer):
    url = publish(loopback, issuer, purpose="suspension", set_bits=(5,))
    check = checker(holding(issuer, status_entry(url, 5, "suspension")), NOW)
    assert (check.status, check.code) == (CheckStatus.FAILED, "status.suspended")


def test_bits_are_read_most_significant_first(checker, loopback, issuer):
    # Built by hand, not with set_bit: byte 0 = 0000 0001, byte 1 = 1000 0000.
    bits = bytes([0x01, 0x80]) + bytes(MIN_LIST_BYTES - 2)
    url = publish(loopback, issuer, encoded=encode_status_list(bits))
    codes = [checker(holding(issuer, status_entry(url, i)), NOW).code for i in range(16)]
    assert [i for i, code in enumerate(codes) if code == "status.revoked"] == [7, 8]


def test_reinstated_credential_is_ok_once_the_cached_list_expires(checker, loopback, issuer, clock):
    path = new_path()
    url = publish_status_list(loopback, path, issuer, purpose="suspension", set_bits=(5,))
    credential = holding(issuer, status_entry(url, 5, "suspension"))
    assert checker(credential, NOW).code == "status.suspended"
    publish_status_list(loopback, path, issuer, purpose="suspension")
    assert checker(credential, NOW).code == "status.suspended"  # still the cached copy
    clock.advance(301)
    assert checker(credential, NOW).code == "status.ok"


def test_list_named_by_always_fetch_is_read_afresh_at_every_check(
    fetcher, resolver, loopback, issuer
):
    own, other = new_path(), new_path()
    checker = StatusListChecker(fetcher, resolver, always_fetch=lambda url: url.endswith(own))
    own_url = publish_status_list(loopback, own, issuer, set_bits=(5,))
    other_url = publish_status_list(loopback, other, issuer, set_bits=(5,))
    credentials = [holding(issuer, status_entry(url, 5)) for url in (own_url, other_url)]
    assert [checker(c, NOW).code for c in credentials] == ["status.revoked"] * 2
    publish_status_list(loopback, own, issuer)  # reinstated on both
    publish_status_list(loopback, other, issuer)
    assert [checker(c, NOW).code for c in credentials] == ["status.ok", "status.revoked"]
    assert (loopback.requests.count(own), loopback.requests.count(other)) == (2, 1)


def test_list_signed_by_an_untrusted_other_issuer_is_unknown(
    checker, loopback, issuer, other_issuer
):
    url = publish(loopback, other_issuer, set_bits=(3,))
    assert unknown_reason(checker(holding(issuer, status_entry(url, 3)), NOW)) == "wrong_issuer"


def test_list_signed_by_a_trusted_other_issuer_counts(
    fetcher, resolver, loopback, issuer, other_issuer
):
    trust = TrustList([TrustedIssuer(id=other_issuer.did, name="Kompetensverket")])
    checker = StatusListChecker(fetcher, resolver, trust_list_provider=lambda: trust)
    url = publish(loopback, other_issuer, set_bits=(3,))
    assert checker(holding(issuer, status_entry(url, 3)), NOW).code == "status.revoked"


@pytest.mark.parametrize("where", ["closed port", "missing page", "server error"])
def test_unreachable_list_is_unknown(checker, loopback, issuer, where):
    path = new_path()
    url = {"closed port": gone_url(), "missing page": url_of(loopback, path)}.get(where)
    if url is None:
        url = loopback.serve(path, b"", status=503)
    assert unknown_reason(checker(holding(issuer, status_entry(url, 1)), NOW)) == "unreachable"


def test_failed_list_is_not_asked_again_for_half_a_minute(checker, loopback, issuer, clock):
    path = new_path()
    url = loopback.serve(path, b"", status=503)
    entries = status_entry(url, 1), status_entry(url, 2, "suspension")
    assert unknown_reason(checker(holding(issuer, *entries), NOW)) == "unreachable"
    assert unknown_reason(checker(holding(issuer, *entries), NOW)) == "unreachable"
    assert loopback.requests.count(path) == 1
    publish_status_list(loopback, path, issuer, purpose=["revocation", "suspension"])
    clock.advance(31)
    assert checker(holding(issuer, *entries), NOW).code == "status.ok"
    assert loopback.requests.count(path) == 2


def test_slow_list_is_unknown_timeout(checker, loopback, issuer):
    path = new_path()
    url = publish_status_list(loopback, path, issuer)
    loopback.routes[path].delay = 1.0
    started = time.monotonic()
    check = checker(holding(issuer, status_entry(url, 1)), NOW)
    assert unknown_reason(check) == "timeout"
    assert time.monotonic() - started < 0.9


@pytest.mark.parametrize(
    "fetcher_cap, size",
    [(65_536, 1_000_001), (4_000_000, 1_000_001), (4_000_000, 300_000)],
    ids=["fetcher-cap", "download-cap", "token-cap"],
)
def test_oversized_list_is_unknown_too_large(resolver, loopback, issuer, fetcher_cap, size):
    """Refused by the fetcher's cap, the checker's 1 MB cap, or the 256 KB token limit."""
    fetcher = HttpFetcher(allow_insecure_localhost=True, timeout=2.0, max_bytes=fetcher_cap)
    checker = StatusListChecker(fetcher, resolver)
    url = loopback.serve(new_path(), b"e" * size)
    assert unknown_reason(checker(holding(issuer, status_entry(url, 1)), NOW)) == "too_large"


def test_gzip_bomb_is_unknown_too_large(checker, loopback, issuer):
    bomb = encode_status_list(bytes(20 * 1024 * 1024))  # 20 MB of zeros in ~20 KB
    assert len(bomb) < 40_000
    url = publish(loopback, issuer, encoded=bomb)
    assert unknown_reason(checker(holding(issuer, status_entry(url, 1)), NOW)) == "too_large"


@pytest.mark.parametrize(
    "encoded",
    [
        "u!!not base64!!",
        "u" + b64url_encode(b"plain bytes, not gzip" * 1000),
        encode_status_list(bytes(MIN_LIST_BYTES))[:-8],  # truncated gzip
        encode_status_list(bytes(MIN_LIST_BYTES)) + "AAAA",  # bytes after the gzip stream
    ],
    ids=["not-base64", "not-gzip", "truncated", "trailing-bytes"],
)
def test_malformed_bitstring_is_unknown_malformed(checker, loopback, issuer, encoded):
    url = publish(loopback, issuer, encoded=encoded)
    assert unknown_reason(checker(holding(issuer, status_entry(url, 1)), NOW)) == "malformed"


@pytest.mark.parametrize("body", [b"<html>Hej!</html>", b'{"type": "VerifiableCredential"}'])
def test_list_that_is_not_a_signed_credential_is_unknown_malformed(checker, loopback, issuer, body):
    url = loopback.serve(new_path(), body)
    assert unknown_reason(checker(holding(issuer, status_entry(url, 1)), NOW)) == "malformed"


def test_list_shorter_than_16_kb_is_unknown_too_short(checker, loopback, issuer):
    url = publish(loopback, issuer, encoded=encode_status_list(bytes(MIN_LIST_BYTES - 1)))
    assert unknown_reason(checker(holding(issuer, status_entry(url, 1)), NOW)) == "too_short"


@pytest.mark.parametrize(
    "index, reason",
    [
        (str(ENTRIES), "index_out_of_range"),
        ("-1", "index_out_of_range"),
        ("9" * 5000, "index_out_of_range"),
        ("abc", "malformed"),
        ("0x10", "malformed"),
        ("1e3", "malformed"),
        (" 7", "malformed"),
        ("٣", "malformed"),  # an Arabic-Indic three: int() would accept it
        (7, "malformed"),
        (None, "malformed"),
    ],
)
def test_bad_index_is_unknown(checker, loopback, issuer, index, reason):
    url = publish(loopback, issuer, set_bits=(ENTRIES - 1,))
    assert checker(holding(issuer, status_entry(url, ENTRIES - 1)), NOW).code == "status.revoked"
    entry = status_entry(url, 0) | {"statusListIndex": index}
    assert unknown_reason(checker(holding(issuer, entry), NOW)) == reason


def status_list_2021_token(issuer, url: str, set_bits=(), standard_base64=False, **changes) -> str:
    """A CCG StatusList2021Credential: VCDM 1.1 JWT, encodedList without the `u` prefix (in
    the standard base64 alphabet, padded, with ``standard_base64``); ``changes`` replace
    members of the credential."""
    bits = new_bitstring()
    for index in set_bits:
        set_bit(bits, index, True)
    document = {
        "@context": [VCDM_V1, "https://w3id.org/vc/status-list/2021/v1"],
        "id": url,
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": issuer.did,
        "issuanceDate": VALID_FROM,
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "StatusList2021",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(bits).removeprefix("u"),
        },
    }
    if standard_base64:
        gzipped = b64url_decode(document["credentialSubject"]["encodedList"])
        document["credentialSubject"]["encodedList"] = base64.b64encode(gzipped).decode()
    return issuer.issue(document | changes, shape=Shape.VC_JWT_11)


def test_status_list_2021_entries_are_read(checker, loopback, issuer):
    path = new_path()
    token = status_list_2021_token(issuer, url_of(loopback, path), set_bits=(9,))
    url = loopback.serve(path, token.encode())
    kind = "StatusList2021Entry"
    assert checker(holding(issuer, status_entry(url, 9, kind=kind)), NOW).code == "status.revoked"
    assert checker(holding(issuer, status_entry(url, 10, kind=kind)), NOW).code == "status.ok"


def test_status_list_2021_as_walt_id_writes_it(checker, loopback, issuer):
    # Standard base64, a date without a time zone (xsd:dateTime allows both) and the issuer's
    # DID as `sub`: today a revoked credential on such a list must not read "status unknown".
    path = new_path()
    token = status_list_2021_token(
        issuer, url_of(loopback, path), set_bits=(4044,), standard_base64=True
    )
    header, payload = split_token(token)
    payload["vc"]["issuanceDate"] = "2025-02-05T21:53:00.107575300"
    walt_id = {"iss": issuer.did, "sub": issuer.did, "vc": payload["vc"]}  # no nbf, as walt.id
    token = forge_token(header, walt_id, key=issuer.key, algorithm="EdDSA")
    assert "+" in payload["vc"]["credentialSubject"]["encodedList"]
    url = loopback.serve(path, token.encode())
    kind = "StatusList2021Entry"
    assert checker(holding(issuer, status_entry(url, 4044, kind=kind)), NOW).code == "status.revoked"
    assert checker(holding(issuer, status_entry(url, 4045, kind=kind)), NOW).code == "status.ok"


def test_a_list_mixing_both_base64_alphabets_is_damaged():
    encoded = base64.b64encode(gzip.compress(bytes(MIN_LIST_BYTES), mtime=0)).decode()
    assert "/" in encoded or "+" in encoded
    with pytest.raises(CredentialError) as raised:
        decode_status_list(encoded[:-8] + "-_" + encoded[-6:])
    assert raised.value.params["reason"] == "malformed"


def test_entry_type_must_match_the_list_type(checker, loopback, issuer):
    url = publish(loopback, issuer)  # a BitstringStatusListCredential
    entry = status_entry(url, 1, kind="StatusList2021Entry")
    assert unknown_reason(checker(holding(issuer, entry), NOW)) == "malformed"


@pytest.mark.parametrize(
    "change",
    [
        lambda document: document | {"type": ["VerifiableCredential"]},
        lambda document: document
        | {"credentialSubject": document["credentialSubject"] | {"type": "StatusList2021"}},
    ],
    ids=["credential-type", "subject-type"],
)
def test_list_of_the_wrong_type_is_unknown_malformed(checker, loopback, issuer, change):
    path = new_path()
    encoded = encode_status_list(new_bitstring())
    document = status_list_credential(
        issuer.did, url_of(loopback, path), "revocation", encoded, VALID_FROM
    )
    token = issuer.issue(change(document), shape=Shape.VC_JOSE_COSE)
    url = loopback.serve(path, token.encode())
    assert unknown_reason(checker(holding(issuer, status_entry(url, 1)), NOW)) == "malformed"


def test_list_for_another_purpose_is_unknown_wrong_purpose(checker, loopback, issuer):
    url = publish(loopback, issuer, purpose="suspension", set_bits=(1,))
    assert unknown_reason(checker(holding(issuer, status_entry(url, 1)), NOW)) == "wrong_purpose"


@pytest.mark.parametrize(
    "window",
    [
        {"valid_until": "2025-05-01T00:00:00Z"},
        {"valid_from": "2025-07-01T00:00:00Z"},
    ],
    ids=["expired", "not-yet-valid"],
)
def test_list_outside_its_validity_window_is_unknown_expired_list(
    checker, loopback, issuer, window
):
    url = publish(loopback, issuer, **window)
    assert unknown_reason(checker(holding(issuer, status_entry(url, 1)), NOW)) == "expired_list"


def test_list_edited_after_signing_is_unknown_bad_signature(checker, loopback, issuer):
    """Someone clears the revoked bit in a genuine list and keeps the issuer's signature."""
    path = new_path()
    genuine = status_list_token(issuer, url_of(loopback, path), set_bits=(4,))
    header, payload = split_token(genuine)
    payload["credentialSubject"]["encodedList"] = encode_status_list(new_bitstring())
    signature = b64url_decode(genuine.rsplit(".", 1)[1])
    url = loopback.serve(path, forge_token(header, payload, signature=signature).encode())
    assert unknown_reason(checker(holding(issuer, status_entry(url, 4)), NOW)) == "bad_signature"


def test_list_claiming_the_issuer_but_signed_by_another_key_is_unknown(
    checker, loopback, issuer, other_issuer
):
    path = new_path()
    forged = resigned(status_list_token(issuer, url_of(loopback, path)), other_issuer.key)
    url = loopback.serve(path, forged.encode())
    assert unknown_reason(checker(holding(issuer, status_entry(url, 4)), NOW)) == "bad_signature"


@pytest.mark.parametrize(
    "wrap",
    [
        json.dumps,
        lambda token: json.dumps(
            {
                "@context": [VCDM_V2],
                "type": "EnvelopedVerifiableCredential",
                "id": f"data:application/vc+jwt,{token}",
            }
        ),
    ],
    ids=["json-string", "enveloped"],
)
def test_list_served_as_json_around_the_jwt_is_read(checker, loopback, issuer, wrap):
    path = new_path()
    token = status_list_token(issuer, url_of(loopback, path), set_bits=(2,))
    url = loopback.serve(path, wrap(token).encode())
    assert checker(holding(issuer, status_entry(url, 2)), NOW).code == "status.revoked"


def test_worst_entry_wins(checker, loopback, issuer):
    both = publish(loopback, issuer, purpose=["revocation", "suspension"], set_bits=(1, 2))
    fine = status_entry(both, 0), status_entry(both, 0, "suspension")
    revoked, suspended = status_entry(both, 1), status_entry(both, 2, "suspension")
    unknown = status_entry(gone_url(), 0)
    unsupported = {"type": "1EdTechRevocationList", "id": "https://example.se/revoked.json"}
    cases = [
        ((*fine,), "status.ok"),
        ((fine[0], unsupported), "status.unsupported"),
        ((unsupported, unknown, fine[0]), "status.unknown"),
        ((unknown, suspended, *fine), "status.suspended"),
        ((suspended, revoked, unknown), "status.revoked"),
        ((revoked, suspended), "status.revoked"),
    ]
    assert [checker(holding(issuer, *entries), NOW).code for entries, _ in cases] == [
        code for _, code in cases
    ]
    assert checker(holding(issuer, *fine), NOW).params["purposes"] == ["revocation", "suspension"]


def test_credential_with_too_many_status_entries_is_not_fetched_for(checker, loopback, issuer):
    path = new_path()
    url = publish_status_list(loopback, path, issuer)
    entries = [status_entry(url, index) for index in range(17)]
    check = checker(holding(issuer, *entries), NOW)
    assert unknown_reason(check) == "malformed"
    assert check.params["field"] == "credentialStatus"
    assert loopback.requests.count(path) == 0
    assert checker(holding(issuer, *entries[:16]), NOW).code == "status.ok"


@pytest.mark.parametrize(
    "entry, params",
    [
        (
            {"type": "1EdTechRevocationList", "id": "https://example.se/revoked.json"},
            {"type": "1EdTechRevocationList"},
        ),
        (
            status_entry("https://example.se/status/1", 3, purpose="expiry"),
            {"type": "BitstringStatusListEntry", "purpose": "expiry"},
        ),
    ],
    ids=["type", "purpose"],
)
def test_unsupported_status_is_a_warning_naming_what_is_unsupported(checker, issuer, entry, params):
    check = checker(holding(issuer, entry), NOW)
    assert (check.status, check.code, check.params) == (
        CheckStatus.WARNING,
        "status.unsupported",
        params,
    )


def test_message_and_refresh_entries_do_not_affect_validity(checker, loopback, issuer):
    url = publish(loopback, issuer, purpose="message", set_bits=(1,))
    entries = status_entry(url, 1, "message"), status_entry(gone_url(), 1, "refresh")
    assert checker(holding(issuer, *entries), NOW).code == "status.none"


@pytest.mark.parametrize(
    "lifetime, options",
    [
        (60, {"ttl_ms": 60_000}),
        (300, {}),
        (300, {"ttl_ms": 10**9}),
        (120, {"valid_until": "2025-06-01T12:02:00Z"}),
    ],
    ids=["ttl", "max-age", "ttl-capped-by-max-age", "valid-until"],
)
def test_cached_list_is_refetched_after_its_lifetime(
    checker, loopback, issuer, clock, lifetime, options
):
    path = new_path()
    url = publish_status_list(loopback, path, issuer, set_bits=(8,), **options)
    credential = holding(issuer, status_entry(url, 8))
    assert checker(credential, NOW).code == "status.revoked"
    publish_status_list(loopback, path, issuer, **options)  # reinstated
    clock.advance(lifetime - 1)
    assert checker(credential, NOW).code == "status.revoked"
    assert loopback.requests.count(path) == 1
    clock.advance(2)
    assert checker(credential, NOW).code == "status.ok"
    assert loopback.requests.count(path) == 2


@pytest.mark.parametrize("set_bits, last_known", [((8,), "revoked"), ((), "ok")])
def test_failed_refetch_reports_the_last_known_status_and_never_passes(
    checker, loopback, issuer, clock, set_bits, last_known
):
    path = new_path()
    url = publish_status_list(loopback, path, issuer, set_bits=set_bits)
    credential = holding(issuer, status_entry(url, 8))
    checker(credential, NOW)
    loopback.routes[path] = Route(500, b"Internal Server Error")
    clock.advance(301)
    later = NOW + datetime.timedelta(minutes=6)
    check = checker(credential, later)
    assert (check.status, check.code) == (CheckStatus.WARNING, "status.unknown")
    assert check.params == {
        "reason": "unreachable",
        "checked_at": later.isoformat(),
        "last_known": last_known,
        "last_known_at": NOW.isoformat(),
    }


def test_refetched_list_with_a_bad_signature_keeps_the_last_good_copy(
    checker, loopback, issuer, other_issuer, clock
):
    path = new_path()
    url = publish_status_list(loopback, path, issuer, set_bits=(8,))
    credential = holding(issuer, status_entry(url, 8))
    checker(credential, NOW)
    loopback.serve(path, resigned(status_list_token(issuer, url), other_issuer.key).encode())
    clock.advance(301)
    check = checker(credential, NOW)
    assert unknown_reason(check) == "bad_signature"
    assert check.params["last_known"] == "revoked"


@pytest.mark.parametrize(
    "index, verdict, code",
    [
        (0, Verdict.VERIFIED, "status.ok"),
        (1, Verdict.FAILED, "status.revoked"),
        (None, Verdict.WARNING, "status.unknown"),
    ],
)
def test_verify_credential_with_the_status_checker(
    verify, checker, loopback, issuer, index, verdict, code
):
    url = publish(loopback, issuer, set_bits=(1,))
    entry = status_entry(url, index) if index is not None else status_entry(gone_url(), 0)
    token = issuer.issue(issuer.credential(credentialStatus=entry))
    result = verify(token, trusted=[issuer.did], status_checker=checker)
    assert result.verdict is verdict
    assert result.check(Concern.STATUS).code == code


def test_built_list_is_a_gzipped_msb_first_multibase_bitstring():
    bits = new_bitstring()
    assert len(bits) == MIN_LIST_BYTES
    set_bit(bits, 0, True)
    set_bit(bits, 13, True)
    set_bit(bits, 13, False)
    set_bit(bits, ENTRIES - 1, True)
    assert bits[0] == 0x80 and bits[1] == 0 and bits[-1] == 0x01
    encoded = encode_status_list(bits)
    assert encoded.startswith("uH4sI")
    assert decode_status_list(encoded) == bytes(bits)
    padded = encoded.removeprefix("u") + "=" * (-len(encoded.removeprefix("u")) % 4)
    assert decode_status_list(padded) == bytes(bits)  # no prefix, padded: still read


def test_multi_bit_entries_are_read_most_significant_bit_first():
    bits = bytes([0b0000_0110, 0b1000_0000]) + bytes(MIN_LIST_BYTES - 2)
    assert [read_status(bits, index, size=2) for index in range(5)] == [0, 0, 1, 2, 2]
    assert read_status(bits, 1, size=8) == 0b1000_0000


def test_our_lists_read_the_same_in_openvc():
    bits = new_bitstring()
    for index in (0, 9, 70_000):
        set_bit(bits, index, True)
    theirs = decode_bitstring(encode_status_list(bits))
    assert theirs == bytes(bits)
    assert [get_status_bit(theirs, i) for i in (0, 1, 8, 9, 70_000)] == [1, 0, 0, 1, 1]


def test_spec_example_list_decodes_to_16_kb_of_zeros():
    assert decode_status_list(SPEC_EMPTY_LIST) == bytes(MIN_LIST_BYTES)


def test_openvc_built_list_is_read(checker, loopback, issuer):
    path = new_path()
    bits = bytearray(MIN_LIST_BYTES)
    set_status_bit(bits, 77, 1)
    document = openvc_status_list(
        id=url_of(loopback, path), issuer=issuer.did, bitstring=bits, valid_from=NOW
    )
    url = loopback.serve(path, issuer.issue(document, shape=Shape.VC_JOSE_COSE).encode())
    assert checker(holding(issuer, status_entry(url, 77)), NOW).code == "status.revoked"
    assert checker(holding(issuer, status_entry(url, 76)), NOW).code == "status.ok"


def test_openbadgeslib_signed_list_is_read(checker, loopback, issuer):
    """openbadgeslib signs shape C with the key in the header `jwk`, no kid."""
    path = new_path()
    url = url_of(loopback, path)
    document = ob3_status_list(issuer.did, url, "revocation", [12], issued=NOW)
    claims = {**document, "iss": issuer.did, "jti": url, "nbf": int(NOW.timestamp())}
    token = OB3Signer(private_key_to_pem(issuer.key), algorithm="EdDSA").sign_payload(claims)
    loopback.serve(path, token.encode())
    assert checker(holding(issuer, status_entry(url, 12)), NOW).code == "status.revoked"
    assert checker(holding(issuer, status_entry(url, 13)), NOW).code == "status.ok"
