"""Credential templates: what a credential of a pilot organisation states, in Swedish and
English (the EU's Annex I elements), and the Open Badges 3.0 document a template, a learner's
name, a date and a result become.

A template is the JSON ``flask issuer template import`` reads (README, "The issuing desk"):

    {"key": "reparationssomnad", "title": {"sv": "…", "en": "…"}, "description": {…},
     "learning_outcomes": {"sv": ["…"], "en": ["…"]}, "workload_hours": 40, "ects": 1.5,
     "eqf_level": 2, "assessment": {…}, "participation": {…}, "quality_assurance": {…}}

Swedish is required, English optional; ects, eqf_level and quality_assurance are optional.
Plain Python: the store keeps templates, this module only reads and writes their shape.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from wallet.issuing.vci_metadata import OB3_CONTEXT

KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
KEY_MAX_LENGTH = 80
TEXTS = ("title", "description", "assessment", "participation", "quality_assurance")
REQUIRED_TEXTS = ("title", "description", "assessment", "participation")
LANGUAGES = ("sv", "en")


class TemplateError(ValueError):
    """Why a template file cannot be imported, in words for the operator."""


def read_templates(document: Any) -> list[dict]:
    """The templates of an import file (``{"templates": [...]}`` or one template), checked."""
    listed = document.get("templates") if isinstance(document, dict) else None
    templates = listed if isinstance(listed, list) else [document]
    checked = [read_template(template, number) for number, template in enumerate(templates, 1)]
    keys = [template["key"] for template in checked]
    if len(set(keys)) < len(keys):
        raise TemplateError("Two templates in the file have the same key.")
    return checked


def read_template(template: Any, number: int = 1) -> dict:
    """One template in its stored shape; TemplateError names the first wrong field."""
    where = f"Template {number}"
    if not isinstance(template, dict):
        raise TemplateError(f"{where} is not a JSON object.")
    key = template.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key) or len(key) > KEY_MAX_LENGTH:
        raise TemplateError(f"{where}: key must be small letters a-z, digits and hyphens.")
    content: dict[str, Any] = {"key": key}
    for field in TEXTS:
        text = _texts(template.get(field), f"{where}: {field}", field in REQUIRED_TEXTS)
        if text:
            content[field] = text
    content["learning_outcomes"] = _outcomes(template.get("learning_outcomes"), where)
    content["workload_hours"] = _number(template.get("workload_hours"), f"{where}: workload_hours")
    if template.get("ects") is not None:
        content["ects"] = _number(template["ects"], f"{where}: ects")
    level = template.get("eqf_level")
    if level is not None:
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 8:
            raise TemplateError(f"{where}: eqf_level must be a whole number from 1 to 8.")
        content["eqf_level"] = level
    return content


def in_language(texts: dict | None, language: str) -> Any:
    """The text in ``language``, else the Swedish one (English is optional)."""
    texts = texts or {}
    return texts.get(language) or texts.get("sv")


def credential_document(
    template: dict, achievement_id: str, learner_name: str, completed: datetime.date,
    result: str | None,
) -> dict:
    """The Open Badges 3.0 credential the offer holds, in Swedish: the issuer, an id, status
    entries and the holder are added when the learner's wallet collects it."""
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": template["title"]["sv"],
        "description": template["description"]["sv"],
        "criteria": {"narrative": template["description"]["sv"]},
        "inLanguage": "sv",
        "learningOutcomes": list(template["learning_outcomes"]["sv"]),
        "workloadHours": template["workload_hours"],
        "assessmentType": template["assessment"]["sv"],
        "participationType": template["participation"]["sv"],
    }
    if "ects" in template:
        achievement["ECTS"] = template["ects"]
    if "quality_assurance" in template:
        achievement["qualityAssurance"] = template["quality_assurance"]["sv"]
    if "eqf_level" in template:
        level = str(template["eqf_level"])
        achievement["alignment"] = [{
            "type": ["Alignment"], "targetType": "ext:EQF", "targetCode": level,
            "targetName": f"EQF {level}",
            "targetUrl": "https://europa.eu/europass/en/description-eight-eqf-levels",
        }]
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                        "identityHash": learner_name}],
        "achievement": achievement,
    }
    if result:
        grade = f"{achievement_id}#result"
        achievement["resultDescription"] = [
            {"id": grade, "type": ["ResultDescription"], "name": "Betyg",
             "resultType": "LetterGrade"}
        ]
        subject["result"] = [{"type": ["Result"], "resultDescription": grade, "value": result}]
    return {
        "@context": OB3_CONTEXT,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": template["title"]["sv"],
        "validFrom": f"{completed.isoformat()}T00:00:00Z",
        "credentialSubject": subject,
    }


def _texts(value: Any, where: str, required: bool) -> dict | None:
    if value is None and not required:
        return None
    if not isinstance(value, dict) or not _text(value.get("sv")):
        raise TemplateError(f"{where} needs a Swedish text: {{\"sv\": \"…\", \"en\": \"…\"}}.")
    if value.get("en") is not None and not _text(value["en"]):
        raise TemplateError(f"{where}: the English text must be text.")
    return {language: value[language].strip() for language in LANGUAGES if value.get(language)}


def _outcomes(value: Any, where: str) -> dict:
    def listed(outcomes: Any) -> bool:
        return isinstance(outcomes, list) and bool(outcomes) and all(map(_text, outcomes))

    if not isinstance(value, dict) or not listed(value.get("sv")):
        raise TemplateError(f"{where}: learning_outcomes needs a Swedish list of texts.")
    if value.get("en") is not None and not listed(value["en"]):
        raise TemplateError(f"{where}: the English learning_outcomes must be a list of texts.")
    return {language: [text.strip() for text in value[language]]
            for language in LANGUAGES if value.get(language)}


def _number(value: Any, where: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise TemplateError(f"{where} must be a number above 0.")
    return value


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
