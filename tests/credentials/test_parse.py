"""parse_credential: shapes A/B/C, normalisation, and every way the format can be wrong."""

from __future__ import annotations

import datetime

import pytest
from support.issuers import LEARNER_DID
from support.issuers import VCDM_V1
from support.issuers import VCDM_V2
from support.issuers import achievement_credential
from support.issuers import forge_token
from support.issuers import vcdm11_credential

from wallet.credentials import CredentialError
from wallet.credentials import Shape
from wallet.credentials import parse_credential
from wallet.credentials.signing import registered_claims

UTC = datetime.timezone.utc
ISSUER = "did:example:skelleftea"
OB3_HEADER = {"alg": "EdDSA", "typ": "JWT", "kid": f"{ISSUER}#key-1"}


def ob3_token(header=None, **changes) -> str:
    """A shape C token (signature not checked by the parser) with changed claims."""
    document = achievement_credential(ISSUER)
    claims = {**document, **registered_claims(document), **changes}
    return forge_token(header or OB3_HEADER, {k: v for k, v in claims.items() if v is not None})


def vc_claim_token(vc=None, header=None, **changes) -> str:
    """A shape A token: registered claims plus the credential under `vc`."""
    document = vcdm11_credential(ISSUER) if vc is None else vc
    claims = {**registered_claims(document), "vc": document, **changes}
    return forge_token(header or OB3_HEADER, {k: v for k, v in claims.items() if v is not None})


def error_of(token: str) -> CredentialError:
    with pytest.raises(CredentialError) as raised:
        parse_credential(token)
    return raised.value


class TestShapes:
    def test_ob3_jwt_with_credential_at_top_level_is_shape_c(self):
        credential = parse_credential(ob3_token())
        assert credential.shape is Shape.OB3_JWT
        assert credential.issuer_id == ISSUER
        assert credential.issuer_name == "Skellefteå kommun"
        assert credential.subject_id == LEARNER_DID
        assert credential.types == ("VerifiableCredential", "AchievementCredential")
        assert credential.valid_from == datetime.datetime(2025, 1, 15, 9, tzinfo=UTC)
        assert credential.valid_until == datetime.datetime(2030, 1, 15, 9, tzinfo=UTC)

    def test_shape_c_document_leaves_out_the_jwt_claims(self):
        credential = parse_credential(ob3_token())
        assert "iss" not in credential.document and "nbf" not in credential.document
        assert credential.claims["iss"] == ISSUER

    def test_vc_claim_is_shape_a_with_vcdm_11_dates(self):
        credential = parse_credential(vc_claim_token())
        assert credential.shape is Shape.VC_JWT_11
        assert credential.document["@context"][0] == VCDM_V1
        assert credential.valid_from == datetime.datetime(2025, 1, 15, 9, tzinfo=UTC)
        assert credential.valid_until == datetime.datetime(2030, 1, 15, 9, tzinfo=UTC)

    def test_shape_a_fills_missing_credential_members_from_the_claims(self):
        bare = vcdm11_credential(ISSUER)
        for member in ("id", "issuanceDate", "expirationDate", "issuer"):
            del bare[member]
        del bare["credentialSubject"]["id"]
        token = vc_claim_token(
            bare, iss=ISSUER, sub=LEARNER_DID, jti="urn:uuid:1", nbf=1736931600, exp=1894698000
        )
        credential = parse_credential(token)
        assert credential.issuer_id == ISSUER and credential.document["issuer"] == ISSUER
        assert credential.subject_id == LEARNER_DID
        assert credential.id == credential.document["id"] == "urn:uuid:1"
        assert credential.document["issuanceDate"] == "2025-01-15T09:00:00Z"
        assert credential.valid_until == datetime.datetime(2030, 1, 15, 9, tzinfo=UTC)

    def test_shape_a_members_left_empty_are_set_by_the_claims(self):
        # web5 and ssi-service write "" beside the claim that VC-JWT 1.1 decoding sets them from.
        empty = vcdm11_credential(ISSUER, issuer="", issuanceDate="", id="")
        empty["credentialSubject"]["id"] = ""
        claims = {"iss": ISSUER, "nbf": 1736931600, "jti": "urn:uuid:2", "sub": LEARNER_DID}
        credential = parse_credential(forge_token(OB3_HEADER, {**claims, "vc": empty}))
        assert credential.issuer_id == ISSUER and credential.id == "urn:uuid:2"
        assert credential.subject_id == LEARNER_DID
        assert credential.valid_from == datetime.datetime(2025, 1, 15, 9, tzinfo=UTC)

    def test_an_empty_member_without_its_claim_is_still_refused(self):
        document = vcdm11_credential(ISSUER, issuanceDate="")
        assert error_of(forge_token(OB3_HEADER, {"vc": document})).code == "format.bad_date"

    def test_shape_a_may_carry_a_vcdm_20_credential(self):
        credential = parse_credential(vc_claim_token(achievement_credential(ISSUER)))
        assert credential.shape is Shape.VC_JWT_11
        assert credential.valid_from == datetime.datetime(2025, 1, 15, 9, tzinfo=UTC)

    @pytest.mark.parametrize("typ", ["vc+jwt", "application/vc+jwt", "vc+ld+jwt", "vc+ld+json+jwt"])
    def test_vc_jose_cose_typ_values_are_shape_b(self, typ):
        document = achievement_credential(ISSUER)
        token = forge_token({"alg": "ES256", "typ": typ}, {**document, "iss": ISSUER, "iat": 1})
        assert parse_credential(token).shape is Shape.VC_JOSE_COSE

    def test_shape_b_exp_shortens_the_validity_window(self):
        document = achievement_credential(ISSUER)
        token = forge_token({"alg": "ES256", "typ": "vc+jwt"}, {**document, "exp": 1767225600})
        assert parse_credential(token).valid_until == datetime.datetime(2026, 1, 1, tzinfo=UTC)

    def test_whitespace_around_the_token_is_tolerated(self):
        token = ob3_token()
        assert parse_credential(f"\n  {token}\r\n").raw == token

    def test_no_typ_header_is_accepted_like_jwt(self):
        header = {"alg": "EdDSA", "kid": OB3_HEADER["kid"]}
        assert parse_credential(ob3_token(header)).shape is Shape.OB3_JWT


class TestNormalisation:
    def test_issuer_may_be_a_plain_string(self):
        token = ob3_token(issuer=ISSUER)
        credential = parse_credential(token)
        assert (credential.issuer_id, credential.issuer_name) == (ISSUER, None)

    @pytest.mark.parametrize(
        "name",
        [
            {"sv": "Skellefteå kommun", "en": "Skellefteå Municipality"},
            [{"@value": "Skellefteå kommun", "@language": "sv"}],
        ],
    )
    def test_issuer_name_in_a_language_map_or_value_objects(self, name):
        token = ob3_token(issuer={"id": ISSUER, "name": name})
        assert parse_credential(token).issuer_name == "Skellefteå kommun"

    def test_subject_array_gives_first_subject_id(self):
        subjects = [{"id": LEARNER_DID}, {"id": "did:example:other"}]
        assert parse_credential(ob3_token(credentialSubject=subjects)).subject_id == LEARNER_DID

    def test_status_entries_as_object_or_array(self):
        entry = {"id": "https://example.se/status/1#94567", "type": "BitstringStatusListEntry"}
        assert parse_credential(ob3_token(credentialStatus=entry)).status_entries == (entry,)
        both = parse_credential(ob3_token(credentialStatus=[entry, entry])).status_entries
        assert both == (entry, entry)

    def test_timezone_offsets_are_normalised_to_utc(self):
        token = ob3_token(validFrom="2025-01-15T10:00:00+01:00")
        assert parse_credential(token).valid_from == datetime.datetime(2025, 1, 15, 9, tzinfo=UTC)

    def test_fractional_numeric_dates_are_accepted(self):
        token = ob3_token(validFrom=None, nbf=1736931600.5)
        assert parse_credential(token).valid_from.timestamp() == 1736931600.5

    def test_a_string_iat_is_tolerated_because_it_only_describes_the_signature(self):
        # The W3C VC-JOSE-COSE example carries a string iat; we never use iat.
        document = achievement_credential(ISSUER)
        token = forge_token({"alg": "ES256", "typ": "vc+jwt"}, {**document, "iat": "1700000000"})
        assert parse_credential(token).shape is Shape.VC_JOSE_COSE


class TestMalformed:
    @pytest.mark.parametrize("raw", ["", "   \n", None])
    def test_empty_input(self, raw):
        assert error_of(raw).code == "format.empty"

    def test_token_over_256_kb(self):
        token = ob3_token(description="å" * 200_000)
        assert error_of(token).code == "format.too_large"

    @pytest.mark.parametrize(
        "raw",
        [
            "not a token",
            "eyJhbGciOiJFZERTQSJ9.e30",  # two segments
            "a.b.c.d",
            "eyJhbGciOiJFZERTQSJ9.e30=.c2ln",  # padding
            "eyJhbGciOiJFZERTQSJ9.e+0/.c2ln",  # standard, not url-safe, alphabet
            "bm90IGpzb24.e30.c2ln",  # header is not JSON
            "WzFd.e30.c2ln",  # header is an array
            "e30.e30.c2ln",  # header without alg
        ],
    )
    def test_not_a_compact_jws(self, raw):
        assert error_of(raw).code == "format.malformed"

    def test_payload_not_json(self):
        assert error_of(forge_token(OB3_HEADER, b"{not json")).code == "format.malformed"

    def test_non_finite_numbers_are_refused(self):
        assert error_of(forge_token(OB3_HEADER, b'{"nbf": 1e999}')).code == "format.malformed"
        assert error_of(forge_token(OB3_HEADER, b'{"nbf": NaN}')).code == "format.malformed"

    def test_duplicate_keys_in_payload(self):
        payload = b'{"iss": "did:example:a", "iss": "did:example:b"}'
        assert error_of(forge_token(OB3_HEADER, payload)).code == "format.duplicate_keys"

    def test_duplicate_keys_in_header(self):
        header = b'{"alg": "EdDSA", "kid": "did:example:a#1", "kid": "did:example:b#1"}'
        assert error_of(forge_token(header, {"vc": {}})).code == "format.duplicate_keys"

    def test_json_nested_50000_deep(self):
        payload = b'{"vc": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
        assert error_of(forge_token(OB3_HEADER, payload)).code == "format.too_deep"

    def test_brackets_inside_strings_do_not_count_as_depth(self):
        token = ob3_token(description="[[[[{{{{" * 40)
        assert parse_credential(token).shape is Shape.OB3_JWT


class TestUnsupported:
    @pytest.mark.parametrize("typ", ["dc+sd-jwt", "vc+sd-jwt", "kb+jwt", "at+jwt"])
    def test_other_token_types(self, typ):
        error = error_of(ob3_token({**OB3_HEADER, "typ": typ}))
        assert (error.code, error.params) == ("format.unsupported_type", {"feature": typ})

    def test_presentation_is_named_not_read(self):
        assert error_of(ob3_token({**OB3_HEADER, "typ": "vp+jwt"})).code == "format.presentation"

    def test_a_jwt_credential_with_disclosures_is_no_sd_jwt_vc(self):
        # SD-JWT VCs are read (test_sd_jwt.py); a typ JWT token followed by "~" is none.
        error = error_of(ob3_token() + "~WyJzYWx0IiwiYSIsMV0~")
        assert (error.code, error.params) == ("format.unsupported_type", {"feature": "JWT"})

    @pytest.mark.parametrize(
        "member, feature",
        [
            ({"crit": ["exp"]}, "crit"),
            ({"b64": False, "crit": ["b64"]}, "crit"),
            ({"b64": False}, "b64"),
        ],
    )
    def test_critical_header_extensions(self, member, feature):
        error = error_of(ob3_token({**OB3_HEADER, **member}))
        assert (error.code, error.params) == ("format.unsupported_type", {"feature": feature})


class TestNotACredential:
    def test_missing_verifiable_credential_type(self):
        assert error_of(ob3_token(type=["AchievementCredential"])).params["field"] == "type"

    @pytest.mark.parametrize(
        "context",
        [
            ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", VCDM_V2],  # reordered
            ["https://example.org/context"],
            [],
            [VCDM_V2, {"@vocab": "https://example.org/#"}],
        ],
    )
    def test_bad_context(self, context):
        error = error_of(ob3_token(**{"@context": context}))
        assert (error.code, error.params["field"]) == ("format.not_a_credential", "@context")

    def test_top_level_vcdm_11_is_not_shape_c(self):
        error = error_of(ob3_token(**{"@context": [VCDM_V1]}))
        assert error.code == "format.not_a_credential"

    def test_plain_jwt_without_credential(self):
        token = forge_token(OB3_HEADER, {"iss": ISSUER, "sub": "x"})
        assert error_of(token).code == "format.not_a_credential"

    def test_no_issuer_anywhere(self):
        document = vcdm11_credential(ISSUER)
        del document["issuer"]
        error = error_of(vc_claim_token(document, iss=None))
        assert (error.code, error.params["field"]) == ("format.not_a_credential", "issuer")

    def test_subject_must_be_an_object(self):
        assert error_of(ob3_token(credentialSubject="Anna")).code == "format.not_a_credential"


class TestClaimsMismatch:
    @pytest.mark.parametrize(
        "claim, value",
        [
            ("iss", "did:example:someone-else"),
            ("iss", "did:example:skelleftea-evil"),  # a superstring is not a match
            ("sub", "did:example:mallory"),
            ("jti", "urn:uuid:00000000-0000-0000-0000-000000000000"),
            ("nbf", 1600000000),
            ("exp", 1900000000),
        ],
    )
    def test_shape_c_claims_must_agree_with_the_credential(self, claim, value):
        error = error_of(ob3_token(**{claim: value}))
        assert (error.code, error.params) == ("format.claims_mismatch", {"claim": claim})

    @pytest.mark.parametrize("claim", ["iss", "sub", "jti"])
    def test_shape_a_claims_must_agree_with_the_vc(self, claim):
        error = error_of(vc_claim_token(**{claim: "did:example:mallory"}))
        assert (error.code, error.params) == ("format.claims_mismatch", {"claim": claim})

    def test_shape_b_iss_must_name_the_issuer(self):
        document = achievement_credential(ISSUER)
        token = forge_token({"alg": "ES256", "typ": "vc+jwt"}, {**document, "iss": "did:example:x"})
        assert error_of(token).params == {"claim": "iss"}

    def test_vc_claim_inside_a_vc_jwt_token(self):
        error = error_of(vc_claim_token(header={"alg": "ES256", "typ": "vc+jwt"}))
        assert (error.code, error.params) == ("format.claims_mismatch", {"claim": "vc"})

    def test_non_string_iss(self):
        assert error_of(ob3_token(iss=["did:example:skelleftea"])).params == {"claim": "iss"}


class TestDates:
    @pytest.mark.parametrize(
        "value", ["2025-01-15T09:00:00", "2025-01-15", "15/01/2025", 1736931600]
    )
    def test_valid_from_needs_a_date_time_with_timezone(self, value):
        error = error_of(ob3_token(validFrom=value, nbf=None))
        assert (error.code, error.params) == ("format.bad_date", {"field": "validFrom"})

    def test_vcdm_11_expiration_without_timezone(self):
        document = vcdm11_credential(ISSUER, expirationDate="2030-01-15T09:00:00")
        claims = {"iss": ISSUER, "vc": document}
        error = error_of(forge_token(OB3_HEADER, claims))
        assert (error.code, error.params) == ("format.bad_date", {"field": "expirationDate"})

    @pytest.mark.parametrize("claim", ["nbf", "exp"])
    @pytest.mark.parametrize("value", ["1736931600", True, 1e20])
    def test_numeric_dates_must_be_numbers_in_range(self, claim, value):
        error = error_of(ob3_token(**{claim: value}))
        assert (error.code, error.params) == ("format.bad_date", {"field": claim})

    def test_valid_from_after_valid_until(self):
        token = ob3_token(
            validFrom="2030-01-01T00:00:00Z", validUntil="2025-01-01T00:00:00Z", nbf=None, exp=None
        )
        error = error_of(token)
        assert (error.code, error.params) == ("format.bad_date", {"field": "validUntil"})
