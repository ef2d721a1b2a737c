"""Open Badges 2.0 with independent implementations: badges baked by openbadges-bakery (Badgr's
baker) and signed and baked by openbadgeslib's OB2Signer, read and verified by our core; our
extraction agrees with openbadges-bakery's unbake on the same images."""

from __future__ import annotations

import datetime
import io
import json

import openbadges_bakery
import pytest
from openbadgeslib.ob2 import Assertion as PeerAssertion
from openbadgeslib.ob2 import IdentityObject
from openbadgeslib.ob2 import OB2Signer
from openbadgeslib.ob2 import Verification
from openbadgeslib.ob2 import hash_identity
from PIL import Image
from support.issuers import NOW
from support.open_badges_2 import RECIPIENT_EMAIL
from support.open_badges_2 import SALT
from support.open_badges_2 import BadgeIssuer

from wallet.credentials import Concern
from wallet.credentials import CredentialError
from wallet.credentials import StatusListChecker
from wallet.credentials import TrustList
from wallet.credentials import extract_token
from wallet.credentials import issued_to_address
from wallet.credentials import private_key_to_pem
from wallet.credentials import verify_credential
from wallet.credentials.recipient import identity_matches

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def baked_by_bakery(image: bytes, content: str) -> bytes:
    return openbadges_bakery.bake(io.BytesIO(image), content).read()


def unbaked_by_bakery(image: bytes) -> str:
    return openbadges_bakery.unbake(io.BytesIO(image))


@pytest.fixture
def badge_issuer(loopback) -> BadgeIssuer:
    return BadgeIssuer.on(loopback)


@pytest.fixture
def check(resolver):
    def run(token: str):
        status = StatusListChecker(resolver.fetcher, resolver)
        return verify_credential(token, NOW, TrustList(), resolver, status)

    return run


def peer_signed(issuer: BadgeIssuer, algorithm: str = "RS256") -> tuple[OB2Signer, PeerAssertion]:
    """openbadgeslib's own Assertion and signer, naming our issuer's badge class and key."""
    assertion = PeerAssertion(
        recipient=IdentityObject.create(RECIPIENT_EMAIL, SALT),
        badge=issuer.badge_url,
        verification=Verification(type="SignedBadge", creator=issuer.key_url),
        issued_on=datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC),
    )
    return OB2Signer(private_key_to_pem(issuer.key), algorithm=algorithm), assertion


class TestBakedByOpenbadgesBakery:
    def test_hosted_assertion_in_a_png(self, check, badge_issuer):
        text = badge_issuer.host(badge_issuer.assertion())
        token = extract_token(baked_by_bakery(png(), text), "badge.png")
        assert token == text
        result = check(token)
        assert result.is_genuine and result.check(Concern.STATUS).code == "status.ok"

    def test_hosted_assertion_in_an_svg_is_read_from_its_text(self, check, badge_issuer):
        text = badge_issuer.host(badge_issuer.assertion())
        token = extract_token(baked_by_bakery(SVG, text), "badge.svg")
        assert json.loads(token) == json.loads(text)
        assert check(token).is_genuine

    def test_signed_assertion_in_an_svg(self, check, badge_issuer):
        jws = badge_issuer.sign(badge_issuer.assertion(signed=True))
        token = extract_token(baked_by_bakery(SVG, jws), "badge.svg")
        assert token == jws and check(token).is_genuine

    def test_a_baked_link_is_handed_back_to_be_fetched(self, badge_issuer):
        url = badge_issuer.url("a1.json")
        with pytest.raises(CredentialError) as raised:
            extract_token(baked_by_bakery(png(), url), "badge.png")
        assert raised.value.params == {"url": url}


class TestSignedByOpenbadgeslib:
    @pytest.mark.parametrize("kind, algorithm", [("RSA", "RS256"), ("P-256", "ES256")])
    def test_its_signed_assertion_verifies(self, check, loopback, kind, algorithm):
        issuer = BadgeIssuer.on(loopback, kind=kind)
        signer, assertion = peer_signed(issuer, algorithm)
        result = check(signer.sign(assertion))
        assert result.is_genuine and result.key.kid == issuer.key_url
        assert result.credential.issuer_id == issuer.profile_url

    @pytest.mark.parametrize(
        "bake, image, name",
        [("sign_into_png", png, "b.png"), ("sign_into_svg", lambda: SVG, "b.svg")],
    )
    def test_its_baked_badges_are_read_and_verified(self, check, badge_issuer, bake, image, name):
        signer, assertion = peer_signed(badge_issuer)
        baked = getattr(signer, bake)(assertion, image())
        assert check(extract_token(baked, name)).is_genuine

    def test_its_assertion_is_revoked_on_our_issuers_list(self, check, badge_issuer):
        signer, assertion = peer_signed(badge_issuer)
        token = signer.sign(assertion)
        badge_issuer.publish(revoked=(assertion.id,))
        assert check(token).check(Concern.STATUS).code == "status.revoked"

    def test_its_recipient_hash_is_matched_by_ours(self):
        identity = {"type": "email", "hashed": True, "salt": SALT}
        peer_hash = hash_identity(RECIPIENT_EMAIL, SALT)
        assert identity_matches({**identity, "identity": peer_hash}, RECIPIENT_EMAIL)
        assert not identity_matches({**identity, "identity": peer_hash}, "someone@example.se")


class TestOurExtractionAgreesWithUnbake:
    def images(self, issuer: BadgeIssuer) -> list[tuple[bytes, str]]:
        jws = issuer.sign(issuer.assertion(signed=True))
        hosted = json.dumps(issuer.assertion())
        signer, assertion = peer_signed(issuer)
        return [
            (baked_by_bakery(png(), hosted), "a.png"),
            (baked_by_bakery(png(), jws), "b.png"),
            (baked_by_bakery(SVG, jws), "c.svg"),
            (signer.sign_into_png(assertion, png()), "d.png"),
            (signer.sign_into_svg(assertion, SVG), "e.svg"),
        ]

    def test_the_same_content_comes_out(self, badge_issuer):
        for image, name in self.images(badge_issuer):
            assert extract_token(image, name) == unbaked_by_bakery(image), name

    def test_a_hosted_svg_names_the_url_bakery_gives(self, badge_issuer):
        text = json.dumps(badge_issuer.assertion())
        image = baked_by_bakery(SVG, text)
        assert json.loads(extract_token(image, "h.svg"))["id"] == unbaked_by_bakery(image)


class TestRecipient:
    def document(self, identity: str, hashed: bool = True, kind: str = "email") -> dict:
        return {"recipient": {"type": kind, "hashed": hashed, "salt": SALT, "identity": identity}}

    def test_a_salted_sha256_hash_of_the_address(self):
        document = self.document(hash_identity(RECIPIENT_EMAIL, SALT))
        assert issued_to_address(document, RECIPIENT_EMAIL) is True
        assert issued_to_address(document, "  " + RECIPIENT_EMAIL.upper()) is True
        assert issued_to_address(document, "bertil@example.se") is False

    def test_a_plain_address(self):
        document = self.document(RECIPIENT_EMAIL, hashed=False)
        assert issued_to_address(document, RECIPIENT_EMAIL.title()) is True
        assert issued_to_address(document, "bertil@example.se") is False

    def test_no_email_identity_says_nothing(self):
        assert (
            issued_to_address(self.document("https://anna.example", kind="url"), "a@b.se") is None
        )
        assert issued_to_address({"credentialSubject": {"id": "did:key:z6Mk"}}, "a@b.se") is None

    def test_an_open_badges_3_identifier(self):
        identifier = {
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": True,
            "salt": SALT,
            "identityHash": hash_identity(RECIPIENT_EMAIL, SALT),
        }
        document = {"credentialSubject": {"identifier": [identifier]}}
        assert issued_to_address(document, RECIPIENT_EMAIL) is True
