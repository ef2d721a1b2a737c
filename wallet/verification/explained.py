"""A credential as a public page explains it: the result, the facts, who issued it, what to do.

Used for each credential of a share (``wallet/portal/share_view.py``) and for one pasted at
``/verify``.
"""

from __future__ import annotations

import dataclasses

from flask import Flask

from wallet.credentials import Check
from wallet.credentials import CheckStatus
from wallet.credentials import Concern
from wallet.credentials import VerificationResult
from wallet.credentials import describe_credential
from wallet.credentials.display import MicroCredentialFacts
from wallet.credentials.images import image_claim
from wallet.platform import caches
from wallet.platform.downloads import credential_suffix
from wallet.registry import trust
from wallet.verification.messages import WITHDRAWN_CODES
from wallet.verification.next_steps import describe_next_step
from wallet.verification.states import state_of
from wallet.verification.verifier import token_digest

FACTS = "verification.facts"


def init_app(app: Flask) -> None:
    # What a credential states depends only on its bytes: kept for an hour, at most 1,024 readings.
    caches.of(app).add(FACTS, 3600.0, 1024)


@dataclasses.dataclass(frozen=True)
class Issuer:
    id: str
    name: str | None  # the trust list's name when listed, else the name the issuer gives itself
    trusted: bool
    slug: str | None = None  # in the issuer registry: its public page is /issuers/<slug>
    standing: str | None = None  # registered but no longer trusted: "suspended" or "removed"
    logo: str | None = None  # our own URL of the registry's logo, shown while it is trusted


@dataclasses.dataclass(frozen=True)
class CheckedCredential:
    """One credential on a portal page, exactly as received, checked now."""

    raw: str
    result: VerificationResult
    facts: MicroCredentialFacts
    issuer: Issuer
    # On a share: "subject" (proven: shared by the person it was issued to), "other_subject",
    # "no_subject", or "unproven" (the learner's signature on the link fails or leaves it out).
    # None where no presentation was made (/verify).
    binding: str | None = None
    position: int = 0
    kept_image_url: str | None = None  # of the image kept at import (a share's credentials)
    # On a share: the learner kept back claims of it that its issuer let them hide (SD-JWT).
    partly_disclosed: bool = False

    @property
    def card_image(self) -> str | None:
        """Our URL of the card's image: the credential's own where it may be shown, else the
        registry's logo of a trusted issuer; None for the placeholder."""
        if self.kept_image_url and shows_kept_image(self.result, self.facts):
            return self.kept_image_url
        return self.issuer.logo

    @property
    def sha256(self) -> str:
        return token_digest(self.raw)

    @property
    def file_suffix(self) -> str:
        """"json" or "jwt": how the credential is saved, exactly as issued."""
        return credential_suffix(self.raw)

    @property
    def reference(self) -> str | None:
        """What to quote to the issuer: the credential's id, else its title."""
        credential = self.result.credential
        return (credential.id if credential else None) or self.facts.title

    @property
    def state(self) -> str:
        """What the credential is, in one word an employer can act on (see ``states``)."""
        return state_of(self.result)

    @property
    def withdrawn(self) -> str | None:
        """"revoked" or "suspended" if the issuer's status list says so now, else None."""
        check = self.result.check(Concern.STATUS)
        if check is not None and check.code in WITHDRAWN_CODES:
            return check.code.removeprefix("status.")
        return None

    def next_step(self, check: Check) -> str | None:
        """For a failed or uncertain check: what it means for the employer and what to do."""
        if check.status not in (CheckStatus.FAILED, CheckStatus.WARNING):
            return None
        # A forged credential's issuer is only a claim: the step names no one in particular.
        issuer = None if self.state == "forged" else self.issuer.name
        params = {**check.params, "issuer": issuer, "reference": self.reference}
        return describe_next_step(check.code, params)


def explain(
    raw: str,
    result: VerificationResult,
    languages: list[str],
    binding: str | None = None,
    position: int = 0,
    kept_image_url: str | None = None,
) -> CheckedCredential:
    """A verification result with the facts in ``languages`` and the issuer as the page names it."""
    facts = facts_of(raw, result, languages)
    issuer = issuer_of(result, languages[0] if languages else "sv")
    return CheckedCredential(raw, result, facts, issuer, binding, position, kept_image_url)


def facts_of(raw: str, result: VerificationResult, languages: list[str]) -> MicroCredentialFacts:
    """The facts the issuer states, read once per credential and reading order (fixed bytes)."""
    key = (token_digest(raw), tuple(languages))
    kept = caches.cache(FACTS)
    facts = kept.get(key)
    if facts is None:
        document = result.credential.document if result.credential else {}
        facts = describe_credential(document, languages=languages)
        kept.put(key, facts)
    return facts


def reading_order(locale: str) -> list[str]:
    """The languages to pick a credential's texts in: the page's first, then Swedish, English."""
    return [locale, *(lang for lang in ("sv", "en") if lang != locale)]


def issuer_of(result: VerificationResult, locale: str = "sv") -> Issuer:
    """Who issued it: the registry's name (in ``locale``) if it knows them, else their own."""
    credential = result.credential
    if credential is None:
        return Issuer("", None, False)
    check = result.check(Concern.ISSUER)
    trusted = issuer_trusted(result)
    # A forged signature, or a key the credential brings along, proves nothing about who made
    # it: then only the stated name is shown.
    known, status = trust.current().describe(credential.issuer_id)
    bound = result.key is None or result.key.issuer_bound
    if known is None or not result.is_genuine or not bound:
        name = check.params.get("name") if trusted else credential.issuer_name
        return Issuer(credential.issuer_id, name, trusted)
    name = known.name_en if locale == "en" and known.name_en else known.name
    if not trusted:
        return Issuer(credential.issuer_id, name, trusted, known.slug, status)
    return Issuer(credential.issuer_id, name, trusted, known.slug, logo=known.logo)


def issuer_trusted(result: VerificationResult) -> bool:
    """Whether the issuer check passed: a trusted issuer signed it."""
    check = result.check(Concern.ISSUER)
    return check is not None and check.status is CheckStatus.PASSED


def shows_kept_image(result: VerificationResult, facts: MicroCredentialFacts) -> bool:
    """Whether the image kept from a credential may be shown now: never for one that is not
    genuine (forged, or its signature not checked), and an issuer's logo the credential states
    only while that issuer is trusted, for until then it is only a claim."""
    if not result.is_genuine or result.credential is None:
        return False
    claim = image_claim(facts, result.credential.document)
    return claim is not None and (not claim.of_issuer or issuer_trusted(result))
