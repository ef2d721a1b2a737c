"""Europass EDC / ELM (``credentialSubject.hasClaim``; the first claim only; ``spec`` is its
specifiedBy, ``assessment`` its provenBy, ``body`` its awardedBy.awardingBody):

  learner              subject.fullName, givenName + familyName, subject.id (nationalID is
                       never shown: shared pages are public)
  title / description  claim.title, spec.title / claim.description, spec.description
  country              body.location.address.countryCode (EU authority alpha-3 -> alpha-2)
  awarding_body        body.legalName
  issued_on            claim.awardedBy.awardingDate, issued, issuanceDate, validFrom
  learning_outcomes    spec.learningOutcome[].title (relatedESCOSkill[] become alignments)
  workload             spec.creditPoint[] whose framework is ECTS; spec.volumeOfLearning
                       ("PT200H" -> hours, any other duration kept as text)
  level                spec.eqfLevel (concept .../eqf/N); no SeQF mapping for ELM
  assessment           assessment.specifiedBy.dcType
  participation        spec.mode
  quality_assurance    spec.accreditation / body.accreditation: title, accreditingAgent.legalName
  prerequisites        spec.entryRequirement
  supervision          assessment.idVerification
  grade                assessment.grade (named by assessment.title)
  further_information  claim.additionalNote, spec.additionalNote
"""

from __future__ import annotations

from typing import Any

from .facts import Alignment
from .facts import Level
from .facts import MicroCredentialFacts
from .facts import Result
from .facts import Supervision
from .facts import Workload
from .facts import facts_from
from .facts import stated
from .reading import MAX_ITEMS
from .reading import Paths
from .reading import calendar_date
from .reading import concept_code
from .reading import country
from .reading import dicts
from .reading import dig
from .reading import duration_fields
from .reading import first_dict
from .reading import framework_level
from .reading import link_url
from .reading import number

ECTS_CONCEPT = "6fcec5c5af"  # http://data.europa.eu/snb/education-credit/6fcec5c5af


def describe_europass(
    document: dict[str, Any], subject: dict[str, Any], languages: tuple[str, ...]
) -> MicroCredentialFacts:
    claim = first_dict(subject.get("hasClaim"))
    roots = {
        "credential": document,
        "subject": subject,
        "claim": claim,
        "spec": claim.get("specifiedBy"),
        "assessment": claim.get("provenBy"),
        "body": dig(claim, "awardedBy", "awardingBody"),
    }
    paths = Paths(roots, languages)
    alignments, outcomes = _europass_outcomes(paths)
    name = paths.text("subject.fullName") or " ".join(
        filter(None, (paths.text("subject.givenName"), paths.text("subject.familyName")))
    )
    values = _europass_elements(paths) | {
        "learner": name or paths.text("subject.id"),
        "learning_outcomes": outcomes,
    }
    return facts_from(
        values,
        title=values["title"],
        description=paths.text("claim.description", "spec.description"),
        image=None,
        learner_name=name or None,
        achievement_type=None,
        criteria=None,
        alignments=alignments,
        results=values["grade"],
        credits=values["workload"].ects if values["workload"] else None,
        source="europass",
        language=paths.language("claim.title", "spec.title"),
    )


def _europass_elements(paths: Paths) -> dict[str, Any]:
    grade = paths.text("assessment.grade")
    return {
        "title": paths.text("claim.title", "spec.title"),
        "country": country(paths, paths.raw("body.location.address.countryCode")),
        "awarding_body": paths.text("body.legalName"),
        "issued_on": paths.first(
            calendar_date, "claim.awardedBy.awardingDate", "credential.issued",
            "credential.issuanceDate", "credential.validFrom",
        ),
        "workload": stated(
            Workload, ects=_europass_ects(paths),
            **duration_fields(paths.text("spec.volumeOfLearning")),
        ),
        "level": stated(
            Level, eqf=framework_level(concept_code(paths.raw("spec.eqfLevel"))), seqf=None
        ),
        "assessment": paths.text("assessment.specifiedBy.dcType"),
        "participation": paths.text("spec.mode"),
        "quality_assurance": paths.text(
            "spec.accreditation.title", "body.accreditation.title",
            "spec.accreditation.accreditingAgent.legalName",
            "body.accreditation.accreditingAgent.legalName",
        ),
        "prerequisites": paths.text("spec.entryRequirement"),
        "supervision": stated(
            Supervision, text=paths.text("assessment.idVerification"), identity_checked=None
        ),
        "grade": (Result(paths.text("assessment.title"), grade, None),) if grade else (),
        "further_information": paths.text("claim.additionalNote", "spec.additionalNote"),
    }


def _europass_outcomes(paths: Paths) -> tuple[tuple[Alignment, ...], tuple[str, ...]]:
    """Learning outcome titles, and their ESCO skills as alignments."""
    outcomes = dicts(paths.raw("spec.learningOutcome"))
    skills = [skill for outcome in outcomes for skill in dicts(outcome.get("relatedESCOSkill"))]
    alignments = tuple(
        Alignment(paths.text_of(skill), link_url(skill.get("id")), framework="ESCO", code=None)
        for skill in skills[:MAX_ITEMS]
    )
    titles = tuple(filter(None, (paths.text_of(outcome.get("title")) for outcome in outcomes)))
    return alignments, titles


def _europass_ects(paths: Paths) -> float | None:
    english = Paths(paths.roots, ("en",))
    for credit in dicts(paths.raw("spec.creditPoint")):
        framework = credit.get("framework")
        label = english.text_of(framework) or ""
        if concept_code(framework) == ECTS_CONCEPT or "European Credit Transfer" in label:
            return number(credit.get("point"))
    return None


