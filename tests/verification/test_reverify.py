"""Re-verifying shared credentials: a kept signature result, fresh time, trust and status checks."""

from __future__ import annotations

import datetime

import pytest
from support.issuers import NOW
from support.issuers import did_key_issuer
from support.issuers import forge_token
from support.issuers import split_token

from wallet.credentials import Concern
from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.credentials import did_key
from wallet.credentials import generate_private_key
from wallet.credentials import recheck_credential
from wallet.credentials import sign_presentation
from wallet.credentials import verify_credential
from wallet.credentials import verify_presentation
from wallet.verification import verifier

ISSUER = did_key_issuer("P-256", slot=9)
STATUS_ENTRY = {
    "id": "https://status.example.se/1#42",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "42",
    "statusListCredential": "https://status.example.se/1",
}
MOMENTS = {
    "now": NOW,
    "after expiry": datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC),
    "before start": datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
}


@pytest.mark.parametrize("listed", [True, False], ids=["listed", "unlisted"])
@pytest.mark.parametrize("moment", MOMENTS, ids=list(MOMENTS))
@pytest.mark.parametrize("status", [False, True], ids=["no-status", "status-list"])
def test_checking_a_kept_result_again_equals_a_full_verification(app, listed, moment, status):
    document = ISSUER.credential(**({"credentialStatus": STATUS_ENTRY} if status else {}))
    raw = ISSUER.issue(document)
    trust = TrustList([TrustedIssuer(ISSUER.did, "Sobona")] if listed else [])
    resolver = app.extensions["wallet.resolver"]
    kept = verify_credential(raw, NOW, TrustList([]), resolver)
    expected = verify_credential(raw, MOMENTS[moment], trust, resolver)
    assert recheck_credential(kept, MOMENTS[moment], trust) == expected


def test_only_genuine_signatures_are_kept(app, monkeypatch):
    calls = []
    real_verify = verifier.verify
    monkeypatch.setattr(verifier, "verify", lambda raw: calls.append(raw) or real_verify(raw))
    genuine = ISSUER.issue()
    header, claims = split_token(genuine)
    claims["name"] = "Förfalskad"
    forged = ".".join([*forge_token(header, claims).split(".")[:2], genuine.split(".")[2]])
    with app.app_context():
        for _ in range(2):
            assert verifier.verify_again(genuine).is_genuine
            assert not verifier.verify_again(forged).is_genuine
    assert calls == [genuine, forged, forged]


def test_each_app_keeps_its_own_results(make_app, monkeypatch):
    """Kept results belong to the app that checked them: another app checks for itself."""
    calls = []
    real_verify = verifier.verify
    monkeypatch.setattr(verifier, "verify", lambda raw: calls.append(raw) or real_verify(raw))
    genuine = ISSUER.issue()
    first, second = make_app(), make_app()
    for app in (first, second, first):
        with app.app_context():
            assert verifier.verify_again(genuine).is_genuine
    assert calls == [genuine, genuine]


@pytest.mark.parametrize("status", [False, True], ids=["no-status", "status-list"])
def test_a_warm_cache_answers_like_a_full_verification(app, status):
    """The page's quick path must not drift from verifier.verify (e.g. its status step)."""
    unreachable = {**STATUS_ENTRY, "statusListCredential": "http://127.0.0.1:9/status/1"}
    raw = ISSUER.issue(ISSUER.credential(**({"credentialStatus": unreachable} if status else {})))
    with app.app_context():
        verifier.verify_again(raw)
        quick, full = verifier.verify_again(raw), verifier.verify(raw)
    def outcome(result):  # check times differ between two calls; what they found must not
        return result.verdict, [(c.concern, c.status, c.code) for c in result.checks]

    assert outcome(quick) == outcome(full)
    assert quick.check(Concern.STATUS).code == ("status.unknown" if status else "status.none")


def test_a_kept_presentation_is_still_checked_for_its_link_and_moment(app, monkeypatch):
    """The learner's signature on a link is checked once; audience, nonce and expiry every time."""
    holder = generate_private_key("Ed25519")
    holder_did = did_key(holder.public_key())
    link, nonce = "https://kompetenspass.example/v/abc", "nonce-1"
    expires_at = NOW + datetime.timedelta(days=7)
    raw = sign_presentation(
        [ISSUER.issue()],
        holder,
        holder_did=holder_did,
        audience=link,
        nonce=nonce,
        expires_at=expires_at,
        now=NOW,
    )
    header, claims = split_token(raw)
    claims["aud"] = "https://elsewhere.example/v/abc"
    forged = ".".join([*forge_token(header, claims).split(".")[:2], raw.split(".")[2]])
    opened = []
    real_open = verifier.open_presentation
    def counting_open(presentation, resolver):
        opened.append(presentation)
        return real_open(presentation, resolver)

    monkeypatch.setattr(verifier, "open_presentation", counting_open)
    cases = [
        (raw, link, nonce, NOW, "presentation.ok"),
        (raw, link, nonce, expires_at + datetime.timedelta(days=1), "presentation.expired"),
        (raw, "https://kompetenspass.example/v/other", nonce, NOW, "presentation.wrong_audience"),
        (raw, link, "nonce-2", NOW, "presentation.wrong_nonce"),
        (forged, link, nonce, NOW, "presentation.invalid_signature"),
        (forged, link, nonce, NOW, "presentation.invalid_signature"),
    ]
    resolver = app.extensions["wallet.resolver"]
    with app.app_context():
        for presentation, audience, expected_nonce, moment, code in cases:
            kept = verifier.verify_presentation_again(presentation, audience, expected_nonce, moment)
            full = verify_presentation(
                presentation, audience=audience, nonce=expected_nonce, now=moment, resolver=resolver
            )
            assert (kept.code, kept) == (code, full)
    assert opened == [raw, forged, forged]  # a forgery is never kept
