"""Open Badges 2.0 assertions, hosted and signed, checked against their issuer's own documents."""

from __future__ import annotations

import json

import pytest
from support.issuers import NOW
from support.issuers import LoopbackServer
from support.issuers import private_key
from support.open_badges_2 import BadgeIssuer

from wallet.credentials import Concern
from wallet.credentials import CredentialError
from wallet.credentials import StatusListChecker
from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.credentials import describe_credential
from wallet.credentials import parse_credential
from wallet.credentials import verify_credential
from wallet.credentials.jose import b64url_encode


@pytest.fixture
def badge_issuer(loopback: LoopbackServer) -> BadgeIssuer:
    return BadgeIssuer.on(loopback)


@pytest.fixture
def check(resolver):
    """Verify with revocation checked, the issuer's profile on the trust list when ``trusted``."""

    def run(token: str, trusted: str | None = None):
        trust = TrustList([TrustedIssuer(id=trusted, name="Textilakademin")] if trusted else [])
        status = StatusListChecker(resolver.fetcher, resolver)
        return verify_credential(token, NOW, trust, resolver, status)

    return run


def code(result, concern: Concern) -> str:
    return result.check(concern).code


class TestHosted:
    def test_the_issuers_copy_makes_it_genuine_with_its_badge_and_issuer(self, check, badge_issuer):
        text = badge_issuer.host(badge_issuer.assertion())
        result = check(text, trusted=badge_issuer.profile_url)
        assert result.verdict == "verified"
        assert code(result, Concern.SIGNATURE) == "signature.hosted_copy"
        assert code(result, Concern.STATUS) == "status.ok"
        assert result.credential.issuer_id == badge_issuer.profile_url
        assert result.credential.issuer_name == "Nordiska Textilakademin"
        facts = describe_credential(result.credential.document)
        assert facts.title == "Lagning av kläder"
        assert facts.criteria == "Visat tre lagade plagg för en lärare."
        assert facts.tags == ("textil", "hållbarhet")
        assert facts.element("awarding_body").value == "Nordiska Textilakademin"
        assert str(facts.element("issued_on").value) == "2025-03-01"
        assert facts.element("learning_outcomes").value == ("repair garments",)

    def test_a_copy_changed_after_it_was_issued_is_refused(self, check, badge_issuer):
        assertion = badge_issuer.assertion()
        badge_issuer.host(assertion)
        changed = {**assertion, "issuedOn": "2020-01-01T10:00:00Z"}
        result = check(json.dumps(changed))
        assert not result.is_genuine
        assert code(result, Concern.SIGNATURE) == "signature.hosted_mismatch"

    def test_the_issuers_later_additions_do_not_make_it_a_forgery(self, check, badge_issuer):
        assertion = badge_issuer.assertion()
        badge_issuer.host({**assertion, "evidence": "https://textilakademin.example/work/1"})
        result = check(json.dumps(assertion))
        assert result.is_genuine
        assert result.credential.document["evidence"] == "https://textilakademin.example/work/1"

    @pytest.mark.parametrize("status", [410, 404])
    def test_an_assertion_gone_from_its_address_is_withdrawn_not_forged(
        self, check, badge_issuer, status
    ):
        assertion = badge_issuer.assertion()
        text = badge_issuer.host(assertion, status=status)
        result = check(text)
        assert result.is_genuine
        assert code(result, Concern.SIGNATURE) == "signature.hosted_gone"
        assert code(result, Concern.STATUS) == "status.revoked"
        assert result.check(Concern.STATUS).params["checked_at"] == NOW.isoformat()

    def test_revoked_true_in_the_issuers_copy_is_withdrawn(self, check, badge_issuer):
        assertion = badge_issuer.assertion()
        badge_issuer.host({**assertion, "revoked": True, "revocationReason": "Fel mottagare"})
        result = check(json.dumps(assertion))
        assert result.is_genuine and code(result, Concern.STATUS) == "status.revoked"

    def test_an_assertion_on_another_host_than_the_issuer_is_refused(self, check, badge_issuer):
        elsewhere = badge_issuer.assertion(id=badge_issuer.url("a1.json", host="127.0.0.1"))
        result = check(badge_issuer.host(elsewhere))
        assert code(result, Concern.SIGNATURE) == "signature.hosted_elsewhere"

    def test_a_host_the_issuer_allows_may_keep_its_assertions(self, check, badge_issuer):
        badge_issuer.publish(verification={"allowedOrigins": ["127.0.0.1"]})
        elsewhere = badge_issuer.assertion(id=badge_issuer.url("a1.json", host="127.0.0.1"))
        assert check(badge_issuer.host(elsewhere)).is_genuine

    def test_the_hosted_copy_is_fetched_once_per_verification(self, check, badge_issuer, loopback):
        text = badge_issuer.host(badge_issuer.assertion())
        path = f"{badge_issuer.path}/a1.json"
        check(text)
        assert loopback.requests.count(path) == 1

    def test_reading_it_fetches_nothing(self, badge_issuer, loopback):
        text = badge_issuer.host(badge_issuer.assertion())
        before = len(loopback.requests)
        credential = parse_credential(text)
        assert len(loopback.requests) == before
        assert credential.issuer_id == ""  # known once the badge class is fetched

    def test_an_unreachable_issuer_leaves_it_unchecked(self, check, badge_issuer):
        unreachable = badge_issuer.assertion(id="http://localhost:9/ob2/a1.json")
        result = check(json.dumps(unreachable))
        assert code(result, Concern.SIGNATURE) == "resolution.fetch_failed"

    def test_a_signed_assertion_without_its_signature_is_unsigned(self, badge_issuer):
        with pytest.raises(CredentialError) as raised:
            parse_credential(json.dumps(badge_issuer.assertion(signed=True)))
        assert raised.value.code == "input.unsigned_json"


class TestSigned:
    def test_signed_by_the_key_its_issuer_lists(self, check, badge_issuer):
        result = check(badge_issuer.sign(badge_issuer.assertion(signed=True)))
        assert result.is_genuine and result.key.method == "CryptographicKey"
        assert result.key.kid == badge_issuer.key_url
        assert code(result, Concern.STATUS) == "status.ok"
        assert result.credential.issuer_id == badge_issuer.profile_url

    def test_a_changed_payload_fails_its_signature(self, check, badge_issuer):
        token = badge_issuer.sign(badge_issuer.assertion(signed=True))
        forged = badge_issuer.sign(
            badge_issuer.assertion(signed=True, issuedOn="2020-01-01T00:00:00Z")
        )
        header, _, signature = token.split(".")
        result = check(f"{header}.{forged.split('.')[1]}.{signature}")
        assert code(result, Concern.SIGNATURE) == "signature.invalid"

    def test_a_key_the_issuer_does_not_list_is_not_the_issuers(self, check, badge_issuer):
        other_key = private_key("RSA", 5)
        stranger = badge_issuer.url("stranger.json")
        badge_issuer.serve(stranger, {**badge_issuer.key_document(stranger)})
        assertion = badge_issuer.assertion(
            signed=True, verification={"type": "SignedBadge", "creator": stranger}
        )
        result = check(badge_issuer.sign(assertion, key=other_key))
        assert code(result, Concern.SIGNATURE) == "signature.key_unbound"

    def test_a_listed_key_on_another_host_is_not_the_issuers(self, check, badge_issuer):
        elsewhere = badge_issuer.url("key.json", host="127.0.0.1")
        badge_issuer.publish(publicKey=[badge_issuer.key_url, elsewhere])
        badge_issuer.serve(elsewhere, badge_issuer.key_document(elsewhere))
        assertion = badge_issuer.assertion(
            signed=True, verification={"type": "SignedBadge", "creator": elsewhere}
        )
        result = check(badge_issuer.sign(assertion))
        assert code(result, Concern.SIGNATURE) == "signature.key_unbound"

    def test_without_a_creator_the_profiles_keys_are_tried(self, check, badge_issuer):
        assertion = badge_issuer.assertion(signed=True, verification={"type": "SignedBadge"})
        assert check(badge_issuer.sign(assertion)).is_genuine

    def test_on_the_issuers_revocation_list_it_is_withdrawn(self, check, badge_issuer):
        assertion = badge_issuer.assertion(signed=True)
        badge_issuer.publish(revoked=({"id": assertion["id"], "revocationReason": "Fel"},))
        result = check(badge_issuer.sign(assertion))
        assert result.is_genuine and code(result, Concern.STATUS) == "status.revoked"

    def test_es256_as_openbadgeslib_signs_p256_keys(self, check, loopback):
        issuer = BadgeIssuer.on(loopback, kind="P-256")
        assert check(issuer.sign(issuer.assertion(signed=True), "ES256")).is_genuine

    @pytest.mark.parametrize(
        "algorithm, refusal",
        [("HS256", "signature.alg_refused"), ("PS384", "signature.unsupported_algorithm")],
    )
    def test_other_algorithms_are_refused_by_name(self, check, badge_issuer, algorithm, refusal):
        token = badge_issuer.sign(badge_issuer.assertion(signed=True))
        header = json.dumps({"alg": algorithm}).encode()
        forged = ".".join([b64url_encode(header), *token.split(".")[1:]])
        assert code(check(forged), Concern.SIGNATURE) == refusal
