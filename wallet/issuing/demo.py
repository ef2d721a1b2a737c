"""The demo: pilot issuers in the registry, a demo learner, credentials for every verdict, and
two occupational profiles (demo_profiles)."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import io
import uuid

from PIL import Image
from PIL import ImageDraw

from wallet.accounts.passwords import hash_password
from wallet.accounts.store import Registration
from wallet.accounts.store import create_learner
from wallet.credentials import Shape
from wallet.credentials import issue_credential
from wallet.credentials import parse_credential
from wallet.desk.demo_templates import seed_templates
from wallet.issuing.demo_issuers import DemoIssuer
from wallet.issuing.demo_issuers import issuer_slugs
from wallet.issuing.demo_issuers import load_issuer
from wallet.issuing.demo_profiles import seed_profiles
from wallet.issuing.status_lists import own_list_of
from wallet.issuing.status_lists import with_status
from wallet.models import StoredCredential
from wallet.models import User
from wallet.my_credentials.store import import_tokens
from wallet.platform import clock
from wallet.platform.extensions import db
from wallet.registry import store as registry


def trust_demo_issuers() -> list[DemoIssuer]:
    """Load every demo issuer and register the trusted ones not registered yet."""
    issuers = [load_issuer(slug) for slug in issuer_slugs()]
    for issuer in issuers:
        info = issuer.info
        if info.trusted and registry.find(issuer.did) is None:
            details = registry.IssuerDetails(
                issuer.did, info.name, info.name_en, slug=registry.free_slug(info.slug),
                country="SE", homepage=info.homepage, sector=info.sector,
            )
            registry.add(details, registry.COMMAND_LINE)
    return issuers


DEMO_LOGIN = ("demo@kompetenspass.se", "visa-mina-meriter")
DEMO_NAME = "Amina Hassan"
OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


@dataclasses.dataclass(frozen=True)
class DemoAchievement:
    """One pilot micro-credential, in Swedish, with the EU facts our display reads."""

    issuer: str
    name: str
    description: str
    outcomes: tuple[str, ...]
    hours: int
    assessment: str
    participation: str
    seqf: int | None = None
    ects: float | None = None
    valid_years: int | None = None
    issued_days_ago: int = 30
    quality_assurance: str | None = None
    badge_colour: str | None = None  # of the image embedded in the credential, if it has one


ACHIEVEMENTS = (
    DemoAchievement(
        "skelleftea-kommun", "Omvårdnadssvenska – kommunikation i vården",
        "Kan samtala med brukare, anhöriga och kollegor och dokumentera enkla händelser i vården.",
        ("Förstår och ger muntliga instruktioner i vardagligt vårdarbete",
         "Skriver korta anteckningar i en genomförandeplan",
         "Använder ord och uttryck som hör till omvårdnad"),
        80, "Muntligt prov och skriftlig uppgift", "På plats i Skellefteå", seqf=3,
        quality_assurance="Vuxenutbildningen i Skellefteå kommun, kvalitetssäkrad enligt skollagen",
        badge_colour="#1f6f8b",
    ),
    DemoAchievement(
        "nordiska-textilakademin", "Reparationssömnad – grund",
        "Kan laga vanliga skador på kläder för hand och med symaskin.",
        ("Lagar hål, sömmar och fållar", "Byter blixtlås och knappar", "Väljer metod efter material"),
        40, "Praktiskt prov", "På plats, verkstad", seqf=2, ects=1.5, badge_colour="#b5446e",
    ),
    DemoAchievement(
        "nordiska-textilakademin", "Textilvärdering för second hand",
        "Kan bedöma kvalitet, material och värde på begagnade textilier.",
        ("Känner igen vanliga fibrer och material", "Sätter pris efter skick och marknad"),
        24, "Praktiskt prov med bedömningsmall", "Distans och en dag på plats",
    ),
    DemoAchievement(
        "skelleftea-kraft", "Säkerhet i vattenkraftstation – operatör",
        "Kan arbeta säkert i och kring en vattenkraftstation och följa regler för elsäkerhet.",
        ("Följer regler för tillträde och arbete nära spänning", "Agerar rätt vid larm och utrymning"),
        16, "Skriftligt prov och praktisk övning", "På plats", seqf=4, valid_years=2,
        issued_days_ago=690,  # lapses within 60 days: the operator profile's reminder shows
        quality_assurance="Skellefteå Kraft, intern utbildning enligt ELSÄK-FS",
    ),
    DemoAchievement(
        "sobona", "Service av fibernät",
        "Kan felsöka och åtgärda vanliga fel i fibernät hos kunder.",
        ("Mäter dämpning och hittar fel med OTDR", "Skarvar fiber enligt branschens krav"),
        60, "Praktiskt prov", "På plats", seqf=4,
    ),
    DemoAchievement(
        "arbetsformedlingen", "Arbetsmarknadsutbildning – lager och logistik",
        "Har gått arbetsmarknadsutbildning inom lager och logistik.",
        ("Plockar och packar order", "Kör truck säkert inomhus"),
        320, "Praktik och bedömning på arbetsplats", "På plats och på arbetsplats", seqf=2,
    ),
    DemoAchievement(
        "skelleftea-kraft", "Heta arbeten",
        "Kan arbeta säkert med heta arbeten enligt Brandskyddsföreningens regler.",
        ("Gör riskbedömning före arbetet", "Har rätt släckutrustning"),
        8, "Skriftligt prov", "På plats", valid_years=1, issued_days_ago=800,
    ),
    DemoAchievement(
        "snabbcertifikat", "Truckkort A och B",
        "Intyg om genomförd truckutbildning på distans.",
        ("Kör motviktstruck",), 4, "Onlinequiz", "Distans",
    ),
)


def credential_document(
    issuer: DemoIssuer, achievement: DemoAchievement, subject_did: str | None
) -> dict:
    """An Open Badges 3.0 credential for the demo learner (see display.py for the terms); one
    without ``subject_did`` names the learner only by name."""
    issued = clock.now().replace(microsecond=0)
    issued -= datetime.timedelta(days=achievement.issued_days_ago)
    subject = {"id": subject_did} if subject_did else {}
    body = {
        "@context": OB3_CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer.profile(),
        "validFrom": issued.isoformat().replace("+00:00", "Z"),
        "name": achievement.name,
        "credentialSubject": {
            **subject,
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False,
                 "identityHash": DEMO_NAME},
            ],
            "achievement": _achievement(issuer, achievement),
        },
    }
    if achievement.valid_years:
        until = issued + datetime.timedelta(days=365 * achievement.valid_years)
        body["validUntil"] = until.isoformat().replace("+00:00", "Z")
    return body


def _achievement(issuer: DemoIssuer, achievement: DemoAchievement) -> dict:
    alignment = []
    if achievement.seqf:
        alignment.append({"type": ["Alignment"], "targetType": "ext:SeQF",
                          "targetCode": str(achievement.seqf), "targetName": f"SeQF {achievement.seqf}",
                          "targetUrl": "https://www.myh.se/seqf"})
    body = {
        "id": f"{issuer.info.homepage}/mikromeriter/{uuid.uuid5(uuid.NAMESPACE_URL, achievement.name)}",
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"narrative": achievement.description},
        "inLanguage": "sv",
        "learningOutcomes": list(achievement.outcomes),
        "workloadHours": achievement.hours,
        "assessmentType": achievement.assessment,
        "participationType": achievement.participation,
        "alignment": alignment,
    }
    if achievement.ects:
        body["ECTS"] = achievement.ects
    if achievement.quality_assurance:
        body["qualityAssurance"] = achievement.quality_assurance
    if achievement.badge_colour:
        body["image"] = {"id": badge_image(achievement.badge_colour), "type": "Image"}
    return body


def badge_image(colour: str) -> str:
    """A plain medal in ``colour`` as a ``data:`` URL, for the demo credentials with an image."""
    image = Image.new("RGBA", (128, 128))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 120, 120), fill=colour)
    draw.ellipse((32, 32, 96, 96), outline="white", width=8)
    png = io.BytesIO()
    image.save(png, format="PNG")
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")


def seed() -> bool:
    """Create the demo once: issuers in the registry, the learner and their credentials."""
    if db.session.scalar(db.select(User).filter_by(email=DEMO_LOGIN[0])) is not None:
        return False
    issuers = {issuer.info.slug: issuer for issuer in trust_demo_issuers()}
    # The demo's address counts as confirmed, so `flask admin grant` works on it at once.
    registration = Registration(DEMO_NAME, *DEMO_LOGIN)
    learner = create_learner(registration, hash_password(DEMO_LOGIN[1]), confirmed_at=clock.now())
    tokens = []
    for achievement in ACHIEVEMENTS:
        issuer = issuers[achievement.issuer]
        document = with_status(issuer, credential_document(issuer, achievement, learner.did))
        tokens.append(issue_credential(document, issuer.key, kid=issuer.kid, shape=Shape.OB3_JWT))
    import_tokens(learner, tokens)
    seed_profiles(issuers)
    seed_templates(ACHIEVEMENTS, {slug for slug, issuer in issuers.items() if issuer.info.trusted})
    return True


def signed_for_elsewhere() -> str | None:
    """The status list address of the demo learner's first credential, if this site no longer
    publishes it (the demo was seeded for another address): else None.

    Credentials carry that address from signing, so after a move their status cannot be read
    (another site's list, and plain http) and the demo shows "status unknown" everywhere.
    """
    query = (
        db.select(StoredCredential.raw)
        .join(User)
        .filter(User.email == DEMO_LOGIN[0])
        .order_by(StoredCredential.id)
        .limit(1)
    )
    raw = db.session.scalar(query)
    entries = parse_credential(raw).status_entries if raw else ()
    urls = [entry.get("statusListCredential") for entry in entries]
    return next((url for url in urls if own_list_of(str(url)) is None), None)
