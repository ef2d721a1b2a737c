"""DCQL: reading queries, matching the wallet's credentials, and agreeing with the npm `dcql`."""

from __future__ import annotations

import pytest
from support.data_integrity import di_credential
from support.issuers import did_key_issuer
from support.issuers import private_key
from support.node_dcql import npm_dcql
from support.sd_jwt import LEARNING_CREDENTIAL
from support.sd_jwt import bound_learning_credential

from wallet.credentials import CredentialError
from wallet.credentials import Shape
from wallet.credentials.openid4vp import Candidate
from wallet.credentials.openid4vp import candidate_from
from wallet.credentials.openid4vp import match
from wallet.credentials.openid4vp import parse_query

OB3 = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"


def sd_jwt(candidate_id="sd", vct=LEARNING_CREDENTIAL, bound=True, **claims):
    base = {"given_name": "Anna", "family_name": "Andersson", "level": 4, "passed": True,
            "outcomes": ["Byta blixtlås", "Laga revor"], "address": {"country": "SE"}}
    return Candidate(candidate_id, "", "dc+sd-jwt", vct, frozenset(), "did:example:i",
                     {"vct": vct, **base, **claims}, bound)


def w3c(candidate_id="vc", credential_format="jwt_vc_json", types=("VerifiableCredential", "OpenBadgeCredential")):
    claims = {"type": list(types), "credentialSubject": {"achievement": {"name": "Svetsning"}}}
    return Candidate(candidate_id, "", credential_format, None, frozenset(types), "did:example:i", claims, True)


def query(*credentials, sets=None):
    document = {"credentials": list(credentials)}
    if sets is not None:
        document["credential_sets"] = sets
    return document


def sd_query(query_id="q", claims=None, **extra):
    item = {"id": query_id, "format": "dc+sd-jwt", "meta": {"vct_values": [LEARNING_CREDENTIAL]}, **extra}
    if claims is not None:
        item["claims"] = claims
    return item


WALLET = [sd_jwt(), sd_jwt("other", vct="urn:other"), sd_jwt("unbound", bound=False, given_name="Bo"),
          w3c(), w3c("ldp", "ldp_vc", ("VerifiableCredential", "Diploma"))]

CASES = [
    query(sd_query(claims=[{"path": ["given_name"]}])),
    query(sd_query(claims=[{"path": ["given_name"], "values": ["Bo"]}], require_cryptographic_holder_binding=False)),
    query(sd_query(claims=[{"path": ["level"], "values": [4]}])),
    query(sd_query(claims=[{"path": ["passed"], "values": [1]}])),
    query(sd_query(claims=[{"path": ["outcomes", None]}])),
    query(sd_query(claims=[{"path": ["outcomes", 5]}])),
    query(sd_query(claims=[{"path": ["address", "country"], "values": ["SE", "NO"]}])),
    query(sd_query(claims=[{"id": "a", "path": ["birth_date"]}, {"id": "b", "path": ["given_name"]}],
                   claim_sets=[["a"], ["b"]])),
    query(sd_query(claims=[{"path": ["missing"]}])),
    query({"id": "badge", "format": "jwt_vc_json", "meta": {"type_values": [["OpenBadgeCredential"]]},
           "claims": [{"path": ["credentialSubject", "achievement", "name"]}]}),
    query({"id": "diploma", "format": "ldp_vc", "meta": {"type_values": [["Diploma"], ["Other"]]}},
          sd_query("learning")),
    query({"id": "diploma", "format": "ldp_vc", "meta": {"type_values": [["Missing"]]}}, sd_query("learning"),
          sets=[{"options": [["diploma"], ["learning"]]}]),
    query({"id": "diploma", "format": "ldp_vc", "meta": {"type_values": [["Missing"]]}}, sd_query("learning"),
          sets=[{"options": [["learning"]]}, {"options": [["diploma"]], "required": False}]),
    query({"id": "diploma", "format": "ldp_vc", "meta": {"type_values": [["Missing"]]}}, sd_query("learning")),
    query(sd_query(multiple=True)),
]


def ours(document, candidates):
    result = match(parse_query(document), candidates)
    matches = {q.query.id: [candidates.index(s.candidate) for s in q.selections] for q in result.queries}
    return {"satisfiable": result.satisfiable, "matches": matches}


def test_our_matching_agrees_with_the_npm_dcql_package():
    theirs = npm_dcql([(case, WALLET) for case in CASES])
    for case, answer in zip(CASES, theirs, strict=True):
        assert ours(case, WALLET) == answer, case


def test_claim_selection_gives_concrete_paths():
    result = match(parse_query(CASES[4]), WALLET)
    assert result.for_query("q").selections[0].paths == (("outcomes", 0), ("outcomes", 1))
    first_satisfiable = match(parse_query(CASES[7]), WALLET).for_query("q").selections[0]
    assert first_satisfiable.paths == (("given_name",),)


def test_values_match_type_and_value():
    assert not match(parse_query(CASES[3]), WALLET).satisfiable  # true is not 1
    assert match(parse_query(CASES[6]), WALLET).for_query("q").selections[0].paths == (("address", "country"),)


def test_no_claims_asks_for_nothing_selectively_disclosable():
    assert match(parse_query(query(sd_query())), WALLET).for_query("q").selections[0].paths == ()


def test_credential_sets_report_satisfiable_options():
    result = match(parse_query(CASES[11]), WALLET)
    assert result.satisfiable and result.sets[0].options == (("learning",),)


def test_trusted_authorities_match_x5c_authority_keys():
    wallet = [sd_jwt(), Candidate("x", "", "dc+sd-jwt", LEARNING_CREDENTIAL, frozenset(), "i",
                                  {"vct": LEARNING_CREDENTIAL}, True, frozenset({"s9tI"}))]
    document = query(sd_query(trusted_authorities=[{"type": "aki", "values": ["s9tI"]}]))
    assert ours(document, wallet) == {"satisfiable": True, "matches": {"q": [1]}}
    etsi = query(sd_query(trusted_authorities=[{"type": "etsi_tl", "values": ["https://tl.example"]}]))
    assert not match(parse_query(etsi), wallet).satisfiable


def test_candidates_from_stored_credentials():
    holder = private_key("P-256", 42)
    issuer = did_key_issuer("Ed25519", 3)
    sd = candidate_from("1", bound_learning_credential(holder).token)
    assert (sd.format, sd.vct, sd.holder_bound) == ("dc+sd-jwt", LEARNING_CREDENTIAL, True)
    assert sd.claims["learning_outcomes"] == ["Byta blixtlås", "Laga revor med maskin"]
    jwt_vc = candidate_from("2", issuer.issue(shape=Shape.VC_JWT_11))
    assert jwt_vc.format == "jwt_vc_json" and "VerifiableCredential" in jwt_vc.types
    assert "https://www.w3.org/2018/credentials#VerifiableCredential" in jwt_vc.types
    ldp = candidate_from("3", di_credential(issuer))
    assert ldp.format == "ldp_vc" and OB3 in ldp.types and "AchievementCredential" in ldp.types


@pytest.mark.parametrize(("document", "reason"), [
    ([], "not_object"),
    ({"credentials": []}, "credentials"),
    ({"credentials": [{"id": "a b", "format": "dc+sd-jwt", "meta": {}}]}, "credential_id"),
    (query(sd_query("a"), sd_query("a")), "duplicate_id"),
    (query({"id": "a", "format": "ldp_vc", "meta": {}}), "type_values"),
    (query({"id": "a", "format": "dc+sd-jwt", "meta": {"vct_values": []}}), "vct_values"),
    (query(sd_query(claims=[{"path": []}])), "path"),
    (query(sd_query(claims=[{"path": ["a", -1]}])), "path"),
    (query(sd_query(claims=[{"path": ["a", True]}])), "path"),
    (query(sd_query(claims=[{"path": ["a"], "values": [1.5]}])), "values"),
    (query(sd_query(claim_sets=[["a"]])), "claim_sets_without_claims"),
    (query(sd_query(claims=[{"path": ["a"]}], claim_sets=[["a"]])), "claim_id"),
    (query(sd_query(claims=[{"id": "a", "path": ["a"]}], claim_sets=[["b"]])), "claim_sets_unknown_id"),
    (query(sd_query(), sets=[{"options": [["nope"]]}]), "options_unknown_id"),
    (query(sd_query(), sets=[{"options": [["q"]], "required": "yes"}]), "required"),
    (query(sd_query(multiple="no")), "multiple"),
])
def test_malformed_queries_are_refused(document, reason):
    with pytest.raises(CredentialError) as caught:
        parse_query(document)
    assert (caught.value.code, caught.value.params["reason"]) == ("present.query_invalid", reason)


def test_npm_dcql_refuses_what_we_refuse():
    malformed = [query(sd_query("a"), sd_query("a")), query(sd_query(claims=[{"path": []}]))]
    assert all("invalid" in answer for answer in npm_dcql([(m, WALLET) for m in malformed]))
