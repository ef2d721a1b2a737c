"""SD-JWT VC claims (the disclosed payload, ``vct`` at the top) onto the Annex I elements: the
EUDI Learning Credential (``urn:eu.europa.ec.eudi:learning:credential:1``, first of each pair)
and the DC4EU micro-credential (``urn:eudi:micro_credential:1``, its Annex I-shaped claims,
second). A DC4EU Open Badge (``urn:eudi:openbadge_complete:1``) carries an Open Badges 3.0
``credentialSubject`` and is read as one. Only what the holder disclosed is there to read.

  learner              given_name + family_name / identification_of_the_learner.givenNames +
                       familyName (learner_identification and national ids are never shown)
  title / description  achievement_title / title_of_the_micro_credential.title;
                       achievement_description
  country              issuing_country / country_or_region_of_the_issuer.country
  awarding_body        issuing_authority / awarding_body.legalName, awarding_body.title
  issued_on            date_of_issuance / dateOfIssuing, else iat
  learning_outcomes    learning_outcomes[] (texts) / learning_outcomes.title (one or a list)
  workload             expected_study_time / notionalWorkload ("PT40H" as hours, else text)
  level                level_of_learning_experience / education_level.eqfLevel (EQF 1 to 8)
  assessment           type_of_assessment.type, .description
  participation        form_of_participation (text) / form_of_participation.mode, .type
  quality_assurance    types_of_quality_assurance[] / quality_assurance.title, .type
  prerequisites        prerequisites_to_enroll[] / prerequisites
  supervision          evaluator_verification / supervisionAndIdentityVerification
  grade                assessment_grade / gradeAchieved, type_of_assessment.grade
  stackability         integration_stackability_options (true: stackable) /
                       integrationStackabilityOptions (text)
  further_information  link
"""

from __future__ import annotations

import datetime
from typing import Any

from .facts import Level
from .facts import MicroCredentialFacts
from .facts import Result
from .facts import Supervision
from .facts import Workload
from .facts import facts_from
from .facts import stated
from .reading import Paths
from .reading import boolean
from .reading import calendar_date
from .reading import country
from .reading import duration_fields
from .reading import framework_level

# The same reading by claim name, for a holder choosing which claims to show: each claim (of
# either type) -> the Annex I element it fills.
CLAIM_ELEMENTS = {
    "achievement_title": "title", "title_of_the_micro_credential": "title",
    "issuing_country": "country", "country_or_region_of_the_issuer": "country",
    "issuing_authority": "awarding_body", "awarding_body": "awarding_body",
    "date_of_issuance": "issued_on", "dateOfIssuing": "issued_on",
    "learning_outcomes": "learning_outcomes",
    "expected_study_time": "workload", "notionalWorkload": "workload",
    "level_of_learning_experience": "level", "education_level": "level",
    "type_of_assessment": "assessment",
    "form_of_participation": "participation",
    "types_of_quality_assurance": "quality_assurance", "quality_assurance": "quality_assurance",
    "prerequisites_to_enroll": "prerequisites", "prerequisites": "prerequisites",
    "evaluator_verification": "supervision", "supervisionAndIdentityVerification": "supervision",
    "assessment_grade": "grade", "gradeAchieved": "grade",
    "integration_stackability_options": "stackability",
    "integrationStackabilityOptions": "stackability",
    "link": "further_information",
}


def describe_sd_jwt_vc(document: dict[str, Any], languages: tuple[str, ...]) -> MicroCredentialFacts:
    paths = Paths({"vc": document}, languages)
    name = " ".join(filter(None, (
        paths.text("vc.given_name", "vc.identification_of_the_learner.givenNames"),
        paths.text("vc.family_name", "vc.identification_of_the_learner.familyName"),
    )))
    grade = paths.text("vc.assessment_grade", "vc.gradeAchieved", "vc.type_of_assessment.grade")
    values = {
        "learner": name,
        "title": paths.text("vc.achievement_title", "vc.title_of_the_micro_credential.title"),
        "country": country(paths, paths.raw("vc.issuing_country")
                           or paths.raw("vc.country_or_region_of_the_issuer.country")),
        "awarding_body": paths.text(
            "vc.issuing_authority", "vc.awarding_body.legalName", "vc.awarding_body.title"
        ),
        "issued_on": paths.first(calendar_date, "vc.date_of_issuance", "vc.dateOfIssuing")
        or _issued_at(document.get("iat")),
        "learning_outcomes": _texts(paths, "vc.learning_outcomes")
        or _titles(paths, document.get("learning_outcomes")),
        "workload": stated(Workload, ects=None, **duration_fields(
            paths.text("vc.expected_study_time", "vc.notionalWorkload")
        )),
        "level": stated(Level, eqf=paths.first(
            framework_level, "vc.level_of_learning_experience", "vc.education_level.eqfLevel"
        ), seqf=None),
        "assessment": paths.text("vc.type_of_assessment.type", "vc.type_of_assessment.description"),
        "participation": paths.text(
            "vc.form_of_participation", "vc.form_of_participation.mode",
            "vc.form_of_participation.type",
        ),
        "quality_assurance": _joined(paths, "vc.types_of_quality_assurance")
        or paths.text("vc.quality_assurance.title", "vc.quality_assurance.type"),
        "prerequisites": _joined(paths, "vc.prerequisites_to_enroll")
        or paths.text("vc.prerequisites"),
        "supervision": stated(Supervision, text=paths.text(
            "vc.evaluator_verification", "vc.supervisionAndIdentityVerification"
        ), identity_checked=None),
        "grade": (Result(None, grade, None),) if grade else (),
        "stackability": _stackability(paths),
        "further_information": paths.text("vc.link"),
    }
    return facts_from(
        values,
        title=values["title"],
        description=paths.text("vc.achievement_description"),
        image=None,
        learner_name=name or None,
        achievement_type=None,
        criteria=None,
        alignments=(),
        results=values["grade"],
        credits=values["workload"].ects if values["workload"] else None,
        source="sd_jwt_vc",
    )


def _texts(paths: Paths, path: str) -> tuple[str, ...] | None:
    value = paths.raw(path)
    return paths.texts_of(value) if isinstance(value, list) else None


def _titles(paths: Paths, value: Any) -> tuple[str, ...] | None:
    """DC4EU's learning outcomes: an object (or a list of them) with a ``title``."""
    items = value if isinstance(value, list) else [value]
    titles = (paths.text_of(item.get("title")) for item in items if isinstance(item, dict))
    return tuple(filter(None, titles)) or None


def _joined(paths: Paths, path: str) -> str | None:
    texts = _texts(paths, path)
    return "; ".join(texts) if texts else None


def _stackability(paths: Paths) -> bool | str | None:
    """True (stackable) or False (stand-alone) as the Learning Credential states it, else text."""
    stackable = boolean(paths.raw("vc.integration_stackability_options"))
    return stackable if stackable is not None else paths.text("vc.integrationStackabilityOptions")


def _issued_at(value: Any) -> datetime.date | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.datetime.fromtimestamp(value, datetime.UTC).date()
    except (OverflowError, ValueError, OSError):
        return None
