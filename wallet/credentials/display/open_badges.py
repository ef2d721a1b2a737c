"""Open Badges 3.0 and plain VCs (first present wins). ``ext X`` is member X of
``credentialSubject.achievement``, else of ``credentialSubject``; EXAMPLE_ACHIEVEMENT_EXTENSIONS
shows them on an achievement, as our demo issuer writes them.

  learner              subject.identifier[] with hashed false and identityType "name" (also
                       learner_name), then "emailAddress"; subject.name; subject.id; then the
                       identityHash of a hashed identifier. Other identity types are never shown.
  title                achievement.name, credential name
  country              issuer.address.addressCountryCode
  awarding_body        issuer.name, issuer.id (or issuer as a string)
  issued_on            awardedDate, validFrom, issuanceDate (the calendar date as written)
  learning_outcomes    ext learningOutcomes (a list of texts), else targetName of each
                       achievement.alignment[] with targetFramework "ESCO" or an ESCO targetUrl
  workload             ext ECTS, ext workloadHours (numbers, or strings like "7,5"); the unit
                       of creditsAvailable is not stated, so it is only shown as ``credits``
  level                achievement.alignment[] with targetType "ext:EQF" / "ext:SeQF" and
                       targetCode "1".."8"
  assessment           ext assessmentType
  participation        ext participationType
  quality_assurance    ext qualityAssurance, else targetName of alignment "ext:QualityAssurance"
  prerequisites        ext prerequisites
  supervision          ext supervisionType (text) and ext identityChecked (boolean)
  grade                subject.result[] with a value, named by achievement.resultDescription[]
  stackability         ext stackability
  further_information  ext furtherInformation

  Summary fields: description (achievement.description, credential description), image
  (achievement.image, credential image), achievement_type, criteria (criteria.narrative),
  credits (subject.creditsEarned, achievement.creditsAvailable), alignments, results, tags
  (achievement.tag[]).
  A country is upper-cased alpha-2, an EU/EEA alpha-3 code mapped to alpha-2, else the text.
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
from .reading import Paths
from .reading import alignments_of
from .reading import boolean
from .reading import calendar_date
from .reading import country
from .reading import dicts
from .reading import first_dict
from .reading import image_url
from .reading import is_esco
from .reading import language_tag
from .reading import level_of
from .reading import number

EXAMPLE_ACHIEVEMENT_EXTENSIONS: dict[str, Any] = {
    "ECTS": 7.5,
    "workloadHours": 200,
    "learningOutcomes": [
        {"sv": "Planera ett testarbete", "en": "Plan testing work"},
        {"sv": "Analysera testdata", "en": "Analyse test data"},
    ],
    "assessmentType": {"sv": "Skriftlig tentamen", "en": "Written examination"},
    "participationType": {"sv": "Distans", "en": "Online"},
    "supervisionType": {
        "sv": "Övervakad på plats med identitetskontroll",
        "en": "Supervised onsite with identity verification",
    },
    "identityChecked": True,
    "prerequisites": {"sv": "Grundläggande behörighet", "en": "General entry requirements"},
    "stackability": {"sv": "Kan ingå i en examen", "en": "Stackable towards a degree"},
    "furtherInformation": {"sv": "Ges på svenska", "en": "Taught in Swedish"},
    "alignment": [
        {"type": ["Alignment"], "targetType": "ext:EQF", "targetCode": "6", "targetName": "EQF 6",
         "targetUrl": "https://europa.eu/europass/en/description-eight-eqf-levels"},
        {"type": ["Alignment"], "targetType": "ext:SeQF", "targetCode": "6",
         "targetName": "SeQF 6", "targetUrl": "https://www.seqf.se/"},
        {"type": ["Alignment"], "targetType": "ext:QualityAssurance",
         "targetName": "Universitetskanslersämbetet", "targetUrl": "https://www.uka.se/"},
        {"type": ["Alignment"], "targetFramework": "ESCO", "targetName": "develop test procedures",
         "targetUrl": "http://data.europa.eu/esco/skill/f10142ce-d522-49c3-9fd1-054fb63529d4"},
    ],
}


def describe_open_badge(
    document: dict[str, Any], subject: dict[str, Any], languages: tuple[str, ...]
) -> MicroCredentialFacts:
    achievement = first_dict(subject.get("achievement"))
    roots = {"credential": document, "subject": subject, "achievement": achievement}
    paths = Paths(roots | {"issuer": document.get("issuer")}, languages)
    alignments = alignments_of(paths, achievement.get("alignment"))
    results = _results(paths)
    learner_name, learner = _learner(paths)
    values = _open_badge_elements(paths, alignments) | {
        "learner": learner,
        "grade": tuple(result for result in results if result.value),
    }
    return facts_from(
        values,
        title=values["title"],
        description=paths.text("achievement.description", "credential.description"),
        image=paths.first(image_url, "achievement.image", "credential.image"),
        learner_name=learner_name,
        achievement_type=paths.text("achievement.achievementType"),
        criteria=paths.text("achievement.criteria.narrative"),
        alignments=alignments,
        results=results,
        credits=paths.first(number, "subject.creditsEarned", "achievement.creditsAvailable"),
        source="open_badges" if achievement else "verifiable_credential",
        language=paths.language("achievement.name", "credential.name")
        or paths.first(language_tag, "achievement.inLanguage", "credential.inLanguage"),
        tags=paths.texts_of(achievement.get("tag")) or (),
    )


def _open_badge_elements(paths: Paths, alignments: tuple[Alignment, ...]) -> dict[str, Any]:
    esco_skills = tuple(a.name for a in alignments if a.name and is_esco(a))
    quality_assurance = (a.name for a in alignments if a.target_type == "ext:QualityAssurance")
    return {
        "title": paths.text("achievement.name", "credential.name"),
        "country": country(paths, paths.raw("issuer.address.addressCountryCode")),
        "awarding_body": paths.text("issuer.name", "issuer.id", "issuer"),
        "issued_on": paths.first(
            calendar_date,
            "credential.awardedDate",
            "credential.validFrom",
            "credential.issuanceDate",
        ),
        "learning_outcomes": paths.extension("learningOutcomes", convert=paths.texts_of)
        or esco_skills,
        "workload": stated(
            Workload,
            ects=paths.extension("ECTS", convert=number),
            hours=paths.extension("workloadHours", convert=number),
            text=None,
        ),
        "level": stated(
            Level, eqf=level_of(alignments, "ext:EQF"), seqf=level_of(alignments, "ext:SeQF")
        ),
        "assessment": paths.extension("assessmentType"),
        "participation": paths.extension("participationType"),
        "quality_assurance": paths.extension("qualityAssurance")
        or next(filter(None, quality_assurance), None),
        "prerequisites": paths.extension("prerequisites"),
        "supervision": stated(
            Supervision,
            text=paths.extension("supervisionType"),
            identity_checked=paths.extension("identityChecked", convert=boolean),
        ),
        "stackability": paths.extension("stackability"),
        "further_information": paths.extension("furtherInformation"),
    }


def _results(paths: Paths) -> tuple[Result, ...]:
    descriptions = dicts(paths.raw("achievement.resultDescription"))
    names = {d["id"]: d.get("name") for d in descriptions if isinstance(d.get("id"), str)}
    return tuple(
        Result(
            name=paths.text_of(names.get(reference) if isinstance(reference, str) else None),
            value=paths.text_of(result.get("value")),
            status=paths.text_of(result.get("status")),
        )
        for result in dicts(paths.raw("subject.result"))
        for reference in [result.get("resultDescription")]
    )


def _learner(paths: Paths) -> tuple[str | None, str | None]:
    """The learner's name, and the best identification a page may show."""
    plain: dict[str, str] = {}
    hashes = []
    for identity in dicts(paths.raw("subject.identifier")):
        kind, value = identity.get("identityType"), paths.text_of(identity.get("identityHash"))
        if identity.get("hashed") is False and isinstance(kind, str) and value:
            plain.setdefault(kind, value)
        elif value:
            hashes.append(value)
    name = plain.get("name") or paths.text("subject.name")
    fallback = plain.get("emailAddress") or paths.text("subject.id")
    return name, name or fallback or next(iter(hashes), None)
