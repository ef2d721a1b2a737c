"""The demo's credential templates: one for each of the demo achievements of the trusted
issuers, so that their staff have something to issue (``flask demo seed``)."""

from __future__ import annotations

from wallet.desk import store
from wallet.desk.credential_templates import read_template

KEY_LENGTH = 40


def seed_templates(achievements, trusted_slugs: set[str]) -> None:
    """Save a template made from each achievement (``issuing.demo.DemoAchievement``), in
    Swedish only as the demo's credentials are, for the issuers in ``trusted_slugs``."""
    by_issuer: dict[str, list[dict]] = {}
    for achievement in achievements:
        if achievement.issuer in trusted_slugs:
            by_issuer.setdefault(achievement.issuer, []).append(template_of(achievement))
    for slug, templates in by_issuer.items():
        store.save_templates(slug, templates)


def template_of(achievement) -> dict:
    template = {
        "key": _key(achievement.name),
        "title": {"sv": achievement.name},
        "description": {"sv": achievement.description},
        "learning_outcomes": {"sv": list(achievement.outcomes)},
        "workload_hours": achievement.hours,
        "ects": achievement.ects,
        "eqf_level": achievement.seqf,  # Sweden's SeQF levels are referenced one to one to EQF
        "assessment": {"sv": achievement.assessment},
        "participation": {"sv": achievement.participation},
    }
    if achievement.quality_assurance:
        template["quality_assurance"] = {"sv": achievement.quality_assurance}
    return read_template(template)


def _key(name: str) -> str:
    """A key from the Swedish name: "Heta arbeten" -> "heta-arbeten"."""
    plain = name.lower().translate(str.maketrans("åäöé", "aaoe"))
    words = "".join(c if c.isalnum() and c.isascii() else " " for c in plain).split()
    return "-".join(words)[:KEY_LENGTH].strip("-")
