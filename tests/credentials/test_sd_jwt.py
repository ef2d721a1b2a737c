"""SD-JWT VC: disclosures against their digests (RFC 9901, 7.1), the issuer's signature, dates."""

from __future__ import annotations

import base64
import datetime

import pytest
from support.issuers import did_key_issuer
from support.issuers import private_key
from support.sd_jwt import LEARNING_CREDENTIAL
from support.sd_jwt import Sd
from support.sd_jwt import disclosure
from support.sd_jwt import element_disclosure
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential

from wallet.credentials import CredentialError
from wallet.credentials import Shape
from wallet.credentials import parse_credential
from wallet.credentials import sign_jws
from wallet.credentials.disclosures import digest


@pytest.fixture
def did_issuer():
    return did_key_issuer("P-256")


def issue(issuer, **claims):
    return issue_sd_jwt(learning_credential(issuer.did, **claims), issuer.key, header={"kid": issuer.kid})


def failed(result):
    return {c.concern.value: c.code for c in result.checks if c.status.value == "failed"}


def test_all_disclosures_put_every_claim_in_place(did_issuer, verify):
    issued = issue(did_issuer)
    result = verify(issued.token, trusted=[did_issuer.did])
    assert result.verdict.value == "verified", result.checks
    credential = result.credential
    assert credential.shape is Shape.SD_JWT_VC
    assert credential.types == (LEARNING_CREDENTIAL,)
    assert credential.issuer_id == did_issuer.did
    assert credential.document["given_name"] == "Anna"
    assert credential.document["learning_outcomes"] == ["Byta blixtlås", "Laga revor med maskin"]
    assert "_sd" not in str(credential.document) and "..." not in str(credential.document)
    assert "_sd" in credential.claims  # the payload as signed stays as it was
    assert credential.valid_until == datetime.datetime(2030, 1, 15, 9, tzinfo=datetime.UTC)


def test_some_disclosures_show_only_those_claims(did_issuer, verify):
    issued = issue(did_issuer)
    chosen = [issued.disclosure_named("family_name"), issued.disclosure_named("assessment_grade")]
    result = verify(issued.with_disclosures(chosen))
    assert result.is_genuine
    document = result.credential.document
    assert document["family_name"] == "Andersson" and document["assessment_grade"] == "Godkänd"
    assert "given_name" not in document and "learning_outcomes" not in document
    assert document["achievement_title"] == "Reparationssömnad"  # never disclosable: always there


def test_no_disclosures_at_all_is_still_the_issuers_credential(did_issuer, verify):
    issued = issue(did_issuer)
    assert verify(issued.with_disclosures([])).is_genuine


def test_a_changed_disclosure_is_refused_as_not_the_issuers(did_issuer, verify):
    issued = issue(did_issuer)
    forged = disclosure("assessment_grade", "Väl godkänd")
    others = [d for d in issued.disclosures if d != issued.disclosure_named("assessment_grade")]
    result = verify(issued.with_disclosures([*others, forged]))
    assert not result.is_genuine
    assert failed(result) == {"format": "format.bad_disclosure"}
    assert result.checks[0].params["reason"] == "unreferenced"


def test_the_same_disclosure_twice_is_refused(did_issuer, verify):
    issued = issue(did_issuer)
    twice = issued.disclosure_named("given_name")
    result = verify(issued.with_disclosures([*issued.disclosures, twice]))
    assert result.checks[0].params == {"reason": "duplicate_disclosure"}


def test_a_digest_written_twice_is_refused(did_issuer, verify):
    given = disclosure("given_name", "Anna")
    payload = {
        "iss": did_issuer.did, "vct": LEARNING_CREDENTIAL,
        "_sd": [digest(given, "sha-256")],
        "address": {"_sd": [digest(given, "sha-256")]},
    }
    token = sign_jws(payload, did_issuer.key, {"typ": "dc+sd-jwt", "kid": did_issuer.kid})
    result = verify(f"{token}~{given}~")
    assert result.checks[0].params == {"reason": "repeated_digest"}


@pytest.mark.parametrize(
    ("clear", "disclosed", "reason"),
    [
        ({"given_name": "Anna"}, ("given_name", "Eva"), "name_clash"),
        ({}, ("_sd", ["x"]), "reserved_name"),
        ({}, ("...", "x"), "reserved_name"),
        ({"vct": LEARNING_CREDENTIAL}, ("exp", 4102444800), "must_be_signed_in_clear"),
    ],
)
def test_disclosures_may_not_clash_or_use_reserved_names(did_issuer, verify, clear, disclosed, reason):
    item = disclosure(*disclosed)
    payload = {"iss": did_issuer.did, "vct": LEARNING_CREDENTIAL, **clear,
               "_sd": [digest(item, "sha-256")]}
    token = sign_jws(payload, did_issuer.key, {"typ": "dc+sd-jwt", "kid": did_issuer.kid})
    result = verify(f"{token}~{item}~")
    assert failed(result) == {"format": "format.bad_disclosure"}
    assert result.checks[0].params == {"reason": reason}


def test_array_element_disclosures_are_refused_where_a_claim_belongs(did_issuer, verify):
    item = element_disclosure("Anna")
    payload = {"iss": did_issuer.did, "vct": LEARNING_CREDENTIAL, "_sd": [digest(item, "sha-256")]}
    token = sign_jws(payload, did_issuer.key, {"typ": "dc+sd-jwt", "kid": did_issuer.kid})
    assert verify(f"{token}~{item}~").checks[0].params == {"reason": "array_element_as_claim"}


def test_nested_objects_and_array_elements_are_revealed_recursively(did_issuer, verify):
    payload = {
        "iss": did_issuer.did, "vct": LEARNING_CREDENTIAL,
        Sd("awarding_body"): {"legalName": "Nordiska Textilakademin", Sd("country"): "SE"},
        "learning_outcomes": [Sd({"title": "Byta blixtlås", Sd("code"): "S1.2"}), "Sy för hand"],
    }
    issued = issue_sd_jwt(payload, did_issuer.key, header={"kid": did_issuer.kid})
    document = verify(issued.token).credential.document
    assert document["awarding_body"] == {"legalName": "Nordiska Textilakademin", "country": "SE"}
    assert document["learning_outcomes"] == [{"title": "Byta blixtlås", "code": "S1.2"}, "Sy för hand"]
    # An element not disclosed is left out; a nested claim without its parent is not referenced.
    without_element = [d for d in issued.disclosures if "Byta" not in _text(d) and "S1.2" not in _text(d)]
    assert verify(issued.with_disclosures(without_element)).credential.document[
        "learning_outcomes"] == ["Sy för hand"]
    orphan = [issued.disclosure_named("code")]
    assert verify(issued.with_disclosures(orphan)).checks[0].params == {"reason": "unreferenced"}


def test_other_digest_algorithms_are_read_and_unknown_ones_refused_honestly(did_issuer, verify):
    issued = issue_sd_jwt(learning_credential(did_issuer.did), did_issuer.key,
                          header={"kid": did_issuer.kid}, algorithm="sha-384")
    assert verify(issued.token).is_genuine
    payload = {"iss": did_issuer.did, "vct": LEARNING_CREDENTIAL, "_sd_alg": "md5"}
    token = sign_jws(payload, did_issuer.key, {"typ": "dc+sd-jwt", "kid": did_issuer.kid})
    result = verify(f"{token}~")
    assert failed(result) == {"format": "format.unsupported_type"}


def test_a_wrong_issuer_key_is_refused(did_issuer, verify):
    other = private_key("P-256", 7)
    issued = issue_sd_jwt(learning_credential(did_issuer.did), other, header={"kid": did_issuer.kid})
    assert failed(verify(issued.token)) == {"signature": "signature.invalid"}


def test_a_kid_naming_another_did_is_not_the_issuers_key(did_issuer, verify):
    other = did_key_issuer("P-256", 5)
    issued = issue_sd_jwt(learning_credential(did_issuer.did), other.key, header={"kid": other.kid})
    assert failed(verify(issued.token)) == {"signature": "signature.key_unbound"}


def test_exp_passed_is_expired_but_genuine(did_issuer, verify):
    issued = issue(did_issuer)
    result = verify(issued.token, now=datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC))
    assert result.is_genuine and failed(result) == {"validity": "validity.expired"}


@pytest.mark.parametrize("typ", ["vc+sd-jwt", "application/dc+sd-jwt"])
def test_the_older_type_is_read_too(did_issuer, verify, typ):
    issued = issue_sd_jwt(learning_credential(did_issuer.did), did_issuer.key,
                          header={"kid": did_issuer.kid, "typ": typ})
    assert verify(issued.token).is_genuine


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"vct": None}, "format.not_a_credential"),
        ({"iss": None}, "format.not_a_credential"),
        ({"exp": "2030-01-01"}, "format.bad_date"),
        ({"nbf": 4102444800, "exp": 4102444000}, "format.bad_date"),
    ],
)
def test_claims_an_sd_jwt_vc_needs(did_issuer, change, code):
    payload = {k: v for k, v in {**learning_credential(did_issuer.did), **change}.items() if v is not None}
    issued = issue_sd_jwt(payload, did_issuer.key, header={"kid": did_issuer.kid})
    with pytest.raises(CredentialError) as caught:
        parse_credential(issued.token)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "token",
    ["~", "abc~", "a.b.c~~d~", "a.b.c~" + "x" * 300_000],
)
def test_malformed_sd_jwts_are_refused_before_any_crypto(token):
    with pytest.raises(CredentialError) as caught:
        parse_credential(token)
    assert caught.value.code in {"format.malformed", "format.too_large"}


def test_a_jwt_of_another_type_with_a_tilde_is_refused_as_unsupported(did_issuer):
    token = sign_jws({"iss": did_issuer.did}, did_issuer.key, {"typ": "kb+jwt"})
    with pytest.raises(CredentialError) as caught:
        parse_credential(f"{token}~")
    assert caught.value.code == "format.unsupported_type"


def _text(encoded: str) -> str:
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
