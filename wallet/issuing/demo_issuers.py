"""Demo issuers for the pilot organisations: who they are, and their keys.

Keys are generated into ``instance/demo-issuers/`` on first use and never committed.
"""

from __future__ import annotations

import dataclasses
import pathlib

from flask import current_app

from wallet.credentials import did_key
from wallet.credentials import generate_private_key
from wallet.credentials import private_key_from_pem
from wallet.credentials import private_key_to_pem


@dataclasses.dataclass(frozen=True)
class DemoIssuerInfo:
    slug: str
    name: str
    homepage: str
    key_kind: str = "Ed25519"
    trusted: bool = True
    name_en: str = ""  # for the issuer registry
    sector: str = ""


ISSUERS = (
    DemoIssuerInfo(
        "skelleftea-kommun", "Skellefteå kommun", "https://skelleftea.se",
        name_en="Skellefteå Municipality", sector="Vård och omsorg",
    ),
    DemoIssuerInfo(
        "nordiska-textilakademin", "Nordiska Textilakademin", "https://textilakademin.se", "P-256",
        name_en="Nordic Textile Academy", sector="Textil",
    ),
    DemoIssuerInfo(
        "skelleftea-kraft", "Skellefteå Kraft", "https://skellefteakraft.se", "P-256",
        name_en="Skellefteå Kraft", sector="Energi",
    ),
    DemoIssuerInfo("sobona", "Sobona", "https://sobona.se", name_en="Sobona", sector="Bredband"),
    DemoIssuerInfo(
        "arbetsformedlingen", "Arbetsförmedlingen", "https://arbetsformedlingen.se",
        name_en="Swedish Public Employment Service", sector="Arbetsmarknad",
    ),
    DemoIssuerInfo(
        "handelsradet", "Handelsrådet", "https://handelsradet.se",
        name_en="Swedish Retail and Wholesale Council", sector="Handel",
    ),
    DemoIssuerInfo(
        "rise", "RISE Research Institutes of Sweden", "https://ri.se",
        name_en="RISE Research Institutes of Sweden", sector="Forskning",
    ),
    DemoIssuerInfo("snabbcertifikat", "Snabbcertifikat Online", "https://example.com", trusted=False),
)


@dataclasses.dataclass(frozen=True)
class DemoIssuer:
    info: DemoIssuerInfo
    key: object
    did: str

    @property
    def kid(self) -> str:
        return f"{self.did}#{self.did.removeprefix('did:key:')}"

    def profile(self) -> dict:
        """The issuer Profile an Open Badges 3.0 credential carries."""
        return {
            "id": self.did,
            "type": ["Profile"],
            "name": self.info.name,
            "url": self.info.homepage,
            "address": {"type": ["Address"], "addressCountryCode": "SE"},
        }


def issuer_slugs() -> list[str]:
    return [info.slug for info in ISSUERS]


def load_issuer(slug: str) -> DemoIssuer:
    """The demo issuer's key from the instance folder, generated the first time."""
    info = next(info for info in ISSUERS if info.slug == slug)
    folder = pathlib.Path(current_app.config["DEMO_KEYS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.pem"
    if path.exists():
        key = private_key_from_pem(path.read_bytes())
    else:
        key = generate_private_key(info.key_kind)
        path.write_bytes(private_key_to_pem(key))
        path.chmod(0o600)
    return DemoIssuer(info, key, did_key(key.public_key()))
