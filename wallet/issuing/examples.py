"""Sample files to import (``flask demo examples``): one of each kind a newcomer should meet.

They are signed here, with this instance's demo issuers, because those keys are generated per
instance and never committed: ``make run`` writes them into ``examples/`` (git ignores them),
for the address the site has now. Each sample keeps its credential id from one run to the
next, so signing it again reuses its status list index instead of taking another.
"""

from __future__ import annotations

import dataclasses
import pathlib
import struct
import uuid
import zlib

from flask import current_app

from wallet.credentials import Shape
from wallet.credentials import issue_credential
from wallet.issuing import status_lists
from wallet.issuing.demo import DemoAchievement
from wallet.issuing.demo import credential_document
from wallet.issuing.demo import trust_demo_issuers
from wallet.issuing.demo_issuers import DemoIssuer

# Open Badges 3.0 baking: an iTXt chunk with this keyword, no compression, no language tag.
BADGE_KEYWORD = b"openbadgecredential"
BADGE_IMAGE = pathlib.Path("icons") / "icon-192.png"  # the wallet's check mark, under static/


@dataclasses.dataclass(frozen=True)
class Sample:
    file_name: str
    achievement: DemoAchievement
    revoked: bool = False
    badge: str | None = None  # also baked into a PNG of this name, as issuers e-mail badges


SAMPLES = (
    Sample("valid.jwt", DemoAchievement(
        "handelsradet", "Kundbemötande i butik",
        "Kan ta emot kunder, ge service och hantera klagomål i en butik.",
        ("Hälsar, lyssnar och tar reda på vad kunden behöver", "Hanterar ett klagomål lugnt"),
        24, "Rollspel med bedömning", "På plats i butik", seqf=2, issued_days_ago=10,
    ), badge="valid-badge.png"),
    Sample("expired.jwt", DemoAchievement(
        "skelleftea-kommun", "Första hjälpen och hjärt-lungräddning",
        "Kan ge första hjälpen och hjärt-lungräddning till vuxna.",
        ("Larmar 112 och gör en första bedömning", "Ger hjärt-lungräddning med hjärtstartare"),
        4, "Praktisk övning", "På plats", valid_years=1, issued_days_ago=500,
    )),
    Sample("unknown-issuer.jwt", DemoAchievement(
        "snabbcertifikat", "Kassahantering",
        "Intyg om genomförd kurs i kassahantering på distans.",
        ("Tar betalt med kort och kontanter",), 2, "Onlinequiz", "Distans",
    )),
    Sample("revoked.jwt", DemoAchievement(
        "sobona", "Arbete på väg, nivå 1",
        "Kan arbeta säkert på och vid väg med grundläggande skydd.",
        ("Känner till regler för arbete på väg", "Sätter ut enkel avstängning"),
        8, "Skriftligt prov", "På plats", seqf=2,
    ), revoked=True),
)


def write_examples(folder: pathlib.Path, subject_did: str | None) -> list[pathlib.Path]:
    """Sign every sample into ``folder`` (made if missing); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    issuers = {issuer.info.slug: issuer for issuer in trust_demo_issuers()}
    written = []
    for sample in SAMPLES:
        token = _signed(issuers[sample.achievement.issuer], sample, subject_did)
        (folder / sample.file_name).write_text(token + "\n")
        written.append(folder / sample.file_name)
        if sample.badge:
            image = (pathlib.Path(current_app.static_folder) / BADGE_IMAGE).read_bytes()
            (folder / sample.badge).write_bytes(baked_png(image, token))
            written.append(folder / sample.badge)
    return written


def _signed(issuer: DemoIssuer, sample: Sample, subject_did: str | None) -> str:
    document = credential_document(issuer, sample.achievement, subject_did)
    # The same id on every run (per issuer key): the same status list index, the same status.
    document["id"] = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, issuer.did + sample.file_name)}"
    document = status_lists.with_status(issuer, document)
    if sample.revoked:
        status_lists.change_status(
            issuer.info.slug, "revocation", True, credential_id=document["id"]
        )
    return issue_credential(document, issuer.key, kid=issuer.kid, shape=Shape.OB3_JWT)


def baked_png(image: bytes, token: str) -> bytes:
    """``image`` with ``token`` in an Open Badges 3.0 iTXt chunk, just before IEND."""
    # keyword NUL, compression flag 0, method 0, language "" NUL, translated keyword "" NUL, text
    body = BADGE_KEYWORD + b"\x00\x00\x00\x00\x00" + token.encode("ascii")
    kind = b"iTXt"
    chunk = struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    end = image.rindex(b"IEND") - 4  # IEND's chunk starts with its length
    return image[:end] + chunk + image[end:]
