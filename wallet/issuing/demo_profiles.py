"""The demo's occupational profiles, built on the demo credentials: Sobona's fibre technician,
which the demo learner nearly meets, and Skellefteå Kraft's two-step operator ladder, whose
first step rests on a safety credential that lapses within 60 days."""

from __future__ import annotations

from wallet.issuing.demo_issuers import DemoIssuer
from wallet.profiles import store as profiles
from wallet.registry.store import COMMAND_LINE


def demo_profiles(issuers: dict[str, DemoIssuer]) -> list[dict]:
    sobona, kraft = issuers["sobona"].did, issuers["skelleftea-kraft"].did
    return [
        {
            "slug": "fibertekniker",
            "name": {"sv": "Fibertekniker", "en": "Fibre technician"},
            "owner": sobona,
            "description": {
                "sv": "Bygger, skarvar och felsöker fibernät hos kunder och i nätet.",
                "en": "Builds, splices and troubleshoots fibre networks.",
            },
            "requires": [
                {"title": {"sv": "Service av fibernät"}, "issuers": [sobona],
                 "must_be_valid": True},
                {"title": {"sv": "Fiberskarvning", "en": "Fibre splicing"}, "issuers": [sobona]},
                {"title": {"sv": "Arbete på väg – nivå 1"}, "issuers": [sobona],
                 "max_age_months": 60, "optional": True},
            ],
        },
        {
            "slug": "drifttekniker-vattenkraft",
            "name": {"sv": "Drifttekniker vattenkraft", "en": "Hydropower operator"},
            "owner": kraft,
            "description": {
                "sv": "Stegen till drifttekniker i Skellefteå Krafts vattenkraftstationer.",
                "en": "The steps to operator in Skellefteå Kraft's hydropower stations.",
            },
            "levels": [
                {"name": {"sv": "Steg 1: operatör", "en": "Step 1: operator"}, "requires": [
                    {"title": {"sv": "Säkerhet i vattenkraftstation – operatör"},
                     "issuers": [kraft], "must_be_valid": True},
                ]},
                {"name": {"sv": "Steg 2: drifttekniker", "en": "Step 2: operations technician"},
                 "requires": [
                    {"title": {"sv": "Heta arbeten"}, "issuers": [kraft], "must_be_valid": True},
                ]},
            ],
        },
    ]


def seed_profiles(issuers: dict[str, DemoIssuer]) -> None:
    for definition in demo_profiles(issuers):
        profiles.import_profile(definition, COMMAND_LINE)
