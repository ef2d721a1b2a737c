"""EU micro-credential facts (Council Recommendation 2022/C 243/02, Annex I) from a credential.

``describe_credential`` shows only values present in the signed document and never infers:
a missing element is ``stated=False, value=None``. Values are plain text (templates escape
them) without control or bidi-override characters, capped at MAX_TEXT characters; lists are
capped at MAX_ITEMS. A text may be a string, a language map ``{"sv": …, "en": …}``, a list of
``{"@value", "@language"}``, a SKOS concept (``prefLabel``) or an ELM note (``noteLiteral``):
the first of ``languages`` present wins, else the first entry.

Open Badges 3.0 and plain VCs (first present wins). ``ext X`` is member X of
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
  credits (subject.creditsEarned, achievement.creditsAvailable), alignments, results.
  A country is upper-cased alpha-2, an EU/EEA alpha-3 code mapped to alpha-2, else the text.

Europass EDC / ELM (``credentialSubject.hasClaim``; the first claim only; ``spec`` is its
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

import dataclasses
import datetime
import re
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

MAX_TEXT = 2_000
MAX_ITEMS = 50
MAX_IMAGE_CHARS = 256 * 1024
MAX_NUMBER = 100_000
ECTS_CONCEPT = "6fcec5c5af"  # http://data.europa.eu/snb/education-credit/6fcec5c5af

MANDATORY_ELEMENTS = (
    "learner", "title", "country", "awarding_body", "issued_on", "learning_outcomes",
    "workload", "level", "assessment", "participation", "quality_assurance",
)
OPTIONAL_ELEMENTS = ("prerequisites", "supervision", "grade", "stackability", "further_information")

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


@dataclasses.dataclass(frozen=True)
class Alignment:
    name: str | None
    url: str | None  # http(s) only, safe for href
    framework: str | None
    code: str | None
    target_type: str | None = None  # e.g. "ext:EQF"; lets a page skip rows shown elsewhere


@dataclasses.dataclass(frozen=True)
class Workload:
    ects: float | None  # 1 hp = 1 ECTS
    hours: float | None
    text: str | None  # a stated workload we cannot convert, e.g. an ISO duration "P5D"


@dataclasses.dataclass(frozen=True)
class Level:
    eqf: int | None
    seqf: int | None


@dataclasses.dataclass(frozen=True)
class Supervision:
    text: str | None
    identity_checked: bool | None


@dataclasses.dataclass(frozen=True)
class Result:
    name: str | None
    value: str | None
    status: str | None


@dataclasses.dataclass(frozen=True)
class Element:
    """One Annex I row. ``value``: str, tuple[str, ...] (learning_outcomes), datetime.date
    (issued_on), Workload, Level, Supervision or tuple[Result, ...] (grade); country is an
    ISO 3166 alpha-2 code when recognisable, else the stated text."""

    key: str
    value: Any
    stated: bool
    mandatory: bool


@dataclasses.dataclass(frozen=True)
class MicroCredentialFacts:
    title: str | None
    description: str | None
    image: str | None  # https: or data:image/png / data:image/svg+xml only; for <img> only
    learner_name: str | None
    achievement_type: str | None
    criteria: str | None  # narrative, may be Markdown source: render as text
    alignments: tuple[Alignment, ...]
    results: tuple[Result, ...]
    credits: float | None  # creditsEarned, else creditsAvailable (unit unknown)
    elements: tuple[Element, ...]
    source: str  # "open_badges", "europass" or "verifiable_credential"

    @property
    def mandatory_stated(self) -> int:
        return sum(1 for element in self.elements if element.mandatory and element.stated)

    def element(self, key: str) -> Element | None:
        return next((element for element in self.elements if element.key == key), None)


def describe_credential(
    document: dict[str, Any], languages: Sequence[str] = ("sv", "en")
) -> MicroCredentialFacts:
    """Map an OB 3.0, Europass EDC/ELM or plain VC document onto the Annex I elements."""
    document = document if isinstance(document, dict) else {}
    subject = _first_dict(document.get("credentialSubject"))
    wanted = tuple(re.split("[-_]", lang.lower())[0] for lang in languages if isinstance(lang, str))
    if "hasClaim" in subject:
        return _describe_europass(document, subject, wanted)
    return _describe_open_badge(document, subject, wanted)


_UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", re.IGNORECASE)
_DECIMAL = re.compile(r"\d{1,6}(?:[.,]\d{1,6})?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")
_URL_TAIL = r"[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][^\s\"'<>\\`]*)?"
_HTTPS_URL = re.compile("https://" + _URL_TAIL)
_HTTP_URL = re.compile("https?://" + _URL_TAIL)
_DATA_IMAGES = ("data:image/png;", "data:image/png,", "data:image/svg+xml;", "data:image/svg+xml,")
_HOURS_DURATION = re.compile(r"PT(\d{1,6}(?:\.\d{1,3})?)H")
_EU_ALPHA3 = dict(pair.split(":") for pair in (
    "AUT:AT BEL:BE BGR:BG HRV:HR CYP:CY CZE:CZ DNK:DK EST:EE FIN:FI FRA:FR DEU:DE GRC:GR "
    "HUN:HU IRL:IE ITA:IT LVA:LV LTU:LT LUX:LU MLT:MT NLD:NL POL:PL PRT:PT ROU:RO SVK:SK "
    "SVN:SI ESP:ES SWE:SE ISL:IS LIE:LI NOR:NO CHE:CH GBR:GB"
).split())


def _first_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, dict)), None)
    return value if isinstance(value, dict) else {}


def _dig(value: Any, *keys: str) -> Any:
    """Follow member names, taking the first object wherever a list stands in the way."""
    for key in keys:
        value = _first_dict(value).get(key)
    return value


def _dicts(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items[:MAX_ITEMS] if isinstance(item, dict)]


class _Paths:
    """The parts of one document addressed by dotted paths, such as ``achievement.ECTS``."""

    def __init__(self, roots: dict[str, Any], languages: tuple[str, ...]) -> None:
        self.roots = roots
        self.languages = languages

    def raw(self, path: str) -> Any:
        root, *keys = path.split(".")
        return _dig(self.roots.get(root), *keys)

    def first(self, convert: Callable[[Any], Any], *paths: str) -> Any:
        """The first value among ``paths`` that ``convert`` accepts (False and 0 included)."""
        converted = (convert(self.raw(path)) for path in paths)
        return next((value for value in converted if value is not None), None)

    def text(self, *paths: str) -> str | None:
        return self.first(self.text_of, *paths)

    def extension(self, *keys: str, convert: Callable[[Any], Any] | None = None) -> Any:
        """An OB 3.0 extension term, on the achievement first, then on the subject."""
        paths = [f"{root}.{key}" for key in keys for root in ("achievement", "subject")]
        return self.first(convert or self.text_of, *paths)

    def text_of(self, value: Any, depth: int = 0) -> str | None:
        """Plain text from a string, number, language map, @value list, concept or note."""
        if isinstance(value, str):
            return _clean(value)
        if isinstance(value, bool) or depth > 2:
            return None
        if isinstance(value, int | float):
            return _clean(str(value))
        candidates = sorted(_tagged_candidates(value), key=lambda c: self._rank(c[0]))
        texts = (self.text_of(item, depth + 1) for _, item in candidates)
        return next(filter(None, texts), None)

    def texts_of(self, value: Any) -> tuple[str, ...] | None:
        """Several texts from a list; a list of @language variants is one text."""
        if not isinstance(value, list):
            return tuple(filter(None, [self.text_of(value)])) or None
        multilingual = any(isinstance(item, dict) and "@language" in item for item in value)
        items = [value] if multilingual else value[:MAX_ITEMS]
        return tuple(filter(None, map(self.text_of, items))) or None

    def _rank(self, tag: str) -> int:
        matches = (i for i, lang in enumerate(self.languages) if tag.split("-")[0] == lang)
        return next(matches, len(self.languages))


def _tagged_candidates(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, list):
        return [_tagged(item) for item in value[:MAX_ITEMS]]
    if not isinstance(value, dict):
        return []
    if "@value" in value:
        return [_tagged(value)]
    for wrapper in ("prefLabel", "noteLiteral"):
        if wrapper in value:
            return [("", value[wrapper])]
    if all(isinstance(key, str) and _LANGUAGE_TAG.fullmatch(key) for key in value):
        return [(key.lower(), text) for key, text in list(value.items())[:MAX_ITEMS]]
    return []


def _tagged(item: Any) -> tuple[str, Any]:
    if isinstance(item, dict) and "@value" in item:
        tag = item.get("@language")
        return (tag.lower() if isinstance(tag, str) else "", item["@value"])
    return ("", item)


def _clean(text: str) -> str | None:
    text = _UNSAFE_CHARACTERS.sub("", text[: MAX_TEXT * 4]).strip()
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1].rstrip() + "…"
    return text or None


def _number(value: Any) -> float | None:
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        value = float(value.strip().replace(",", "."))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 <= value <= MAX_NUMBER else None


def _framework_level(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number.is_integer() and 1 <= number <= 8 else None


def _concept_code(value: Any) -> str | None:
    """The last path segment of a concept URI such as ``…/country/SWE`` or ``…/eqf/5``."""
    code = value.get("id") if isinstance(value, dict) else value
    return code.strip().rsplit("/", 1)[-1] if isinstance(code, str) else None


def _boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _image(value: Any) -> str | None:
    url = value.get("id") if isinstance(value, dict) else value
    if not isinstance(url, str) or len(url) > MAX_IMAGE_CHARS:
        return None
    url = url.strip()
    return url if url.lower().startswith(_DATA_IMAGES) or _HTTPS_URL.fullmatch(url) else None


def _link(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        return None
    return value.strip() if _HTTP_URL.fullmatch(value.strip()) else None


def _country(paths: _Paths, value: Any) -> str | None:
    code = (_concept_code(value) or "").upper()
    if re.fullmatch("[A-Z]{2}", code):
        return code
    return _EU_ALPHA3.get(code) or paths.text_of(value)


def _stated(cls: type, **fields: Any) -> Any:
    """An instance of a structured value, or None when no part of it is stated."""
    return cls(**fields) if any(value is not None for value in fields.values()) else None


def _facts(values: dict[str, Any], **fields: Any) -> MicroCredentialFacts:
    mandatory = tuple(
        Element(key, values.get(key) or None, bool(values.get(key)), True)
        for key in MANDATORY_ELEMENTS
    )
    optional = tuple(
        Element(key, values[key], True, False) for key in OPTIONAL_ELEMENTS if values.get(key)
    )
    return MicroCredentialFacts(elements=mandatory + optional, **fields)


def _describe_open_badge(
    document: dict[str, Any], subject: dict[str, Any], languages: tuple[str, ...]
) -> MicroCredentialFacts:
    achievement = _first_dict(subject.get("achievement"))
    roots = {"credential": document, "subject": subject, "achievement": achievement}
    paths = _Paths(roots | {"issuer": document.get("issuer")}, languages)
    alignments = _alignments(paths, achievement.get("alignment"))
    results = _results(paths)
    learner_name, learner = _learner(paths)
    values = _open_badge_elements(paths, alignments) | {
        "learner": learner,
        "grade": tuple(result for result in results if result.value),
    }
    return _facts(
        values,
        title=values["title"],
        description=paths.text("achievement.description", "credential.description"),
        image=paths.first(_image, "achievement.image", "credential.image"),
        learner_name=learner_name,
        achievement_type=paths.text("achievement.achievementType"),
        criteria=paths.text("achievement.criteria.narrative"),
        alignments=alignments,
        results=results,
        credits=paths.first(_number, "subject.creditsEarned", "achievement.creditsAvailable"),
        source="open_badges" if achievement else "verifiable_credential",
    )


def _open_badge_elements(paths: _Paths, alignments: tuple[Alignment, ...]) -> dict[str, Any]:
    esco_skills = tuple(a.name for a in alignments if a.name and _is_esco(a))
    quality_assurance = (a.name for a in alignments if a.target_type == "ext:QualityAssurance")
    return {
        "title": paths.text("achievement.name", "credential.name"),
        "country": _country(paths, paths.raw("issuer.address.addressCountryCode")),
        "awarding_body": paths.text("issuer.name", "issuer.id", "issuer"),
        "issued_on": paths.first(
            _date, "credential.awardedDate", "credential.validFrom", "credential.issuanceDate"
        ),
        "learning_outcomes": paths.extension("learningOutcomes", convert=paths.texts_of)
        or esco_skills,
        "workload": _stated(
            Workload,
            ects=paths.extension("ECTS", convert=_number),
            hours=paths.extension("workloadHours", convert=_number),
            text=None,
        ),
        "level": _stated(
            Level, eqf=_level(alignments, "ext:EQF"), seqf=_level(alignments, "ext:SeQF")
        ),
        "assessment": paths.extension("assessmentType"),
        "participation": paths.extension("participationType"),
        "quality_assurance": paths.extension("qualityAssurance")
        or next(filter(None, quality_assurance), None),
        "prerequisites": paths.extension("prerequisites"),
        "supervision": _stated(
            Supervision,
            text=paths.extension("supervisionType"),
            identity_checked=paths.extension("identityChecked", convert=_boolean),
        ),
        "stackability": paths.extension("stackability"),
        "further_information": paths.extension("furtherInformation"),
    }


def _alignments(paths: _Paths, value: Any) -> tuple[Alignment, ...]:
    return tuple(
        Alignment(
            name=paths.text_of(alignment.get("targetName")),
            url=_link(alignment.get("targetUrl")),
            framework=paths.text_of(alignment.get("targetFramework")),
            code=paths.text_of(alignment.get("targetCode")),
            target_type=paths.text_of(alignment.get("targetType")),
        )
        for alignment in _dicts(value)
    )


def _is_esco(alignment: Alignment) -> bool:
    url = (alignment.url or "").removeprefix("https://").removeprefix("http://")
    return (alignment.framework or "").upper() == "ESCO" or url.startswith("data.europa.eu/esco/")


def _level(alignments: tuple[Alignment, ...], target_type: str) -> int | None:
    codes = (_framework_level(a.code) for a in alignments if a.target_type == target_type)
    return next(filter(None, codes), None)


def _results(paths: _Paths) -> tuple[Result, ...]:
    descriptions = _dicts(paths.raw("achievement.resultDescription"))
    names = {d["id"]: d.get("name") for d in descriptions if isinstance(d.get("id"), str)}
    return tuple(
        Result(
            name=paths.text_of(names.get(reference) if isinstance(reference, str) else None),
            value=paths.text_of(result.get("value")),
            status=paths.text_of(result.get("status")),
        )
        for result in _dicts(paths.raw("subject.result"))
        for reference in [result.get("resultDescription")]
    )


def _learner(paths: _Paths) -> tuple[str | None, str | None]:
    """The learner's name, and the best identification a page may show."""
    plain: dict[str, str] = {}
    hashes = []
    for identity in _dicts(paths.raw("subject.identifier")):
        kind, value = identity.get("identityType"), paths.text_of(identity.get("identityHash"))
        if identity.get("hashed") is False and isinstance(kind, str) and value:
            plain.setdefault(kind, value)
        elif value:
            hashes.append(value)
    name = plain.get("name") or paths.text("subject.name")
    fallback = plain.get("emailAddress") or paths.text("subject.id")
    return name, name or fallback or next(iter(hashes), None)


def _describe_europass(
    document: dict[str, Any], subject: dict[str, Any], languages: tuple[str, ...]
) -> MicroCredentialFacts:
    claim = _first_dict(subject.get("hasClaim"))
    roots = {
        "credential": document,
        "subject": subject,
        "claim": claim,
        "spec": claim.get("specifiedBy"),
        "assessment": claim.get("provenBy"),
        "body": _dig(claim, "awardedBy", "awardingBody"),
    }
    paths = _Paths(roots, languages)
    alignments, outcomes = _europass_outcomes(paths)
    name = paths.text("subject.fullName") or " ".join(
        filter(None, (paths.text("subject.givenName"), paths.text("subject.familyName")))
    )
    values = _europass_elements(paths) | {
        "learner": name or paths.text("subject.id"),
        "learning_outcomes": outcomes,
    }
    return _facts(
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
    )


def _europass_elements(paths: _Paths) -> dict[str, Any]:
    grade = paths.text("assessment.grade")
    return {
        "title": paths.text("claim.title", "spec.title"),
        "country": _country(paths, paths.raw("body.location.address.countryCode")),
        "awarding_body": paths.text("body.legalName"),
        "issued_on": paths.first(
            _date, "claim.awardedBy.awardingDate", "credential.issued",
            "credential.issuanceDate", "credential.validFrom",
        ),
        "workload": _stated(Workload, ects=_europass_ects(paths), **_volume_of_learning(paths)),
        "level": _stated(
            Level, eqf=_framework_level(_concept_code(paths.raw("spec.eqfLevel"))), seqf=None
        ),
        "assessment": paths.text("assessment.specifiedBy.dcType"),
        "participation": paths.text("spec.mode"),
        "quality_assurance": paths.text(
            "spec.accreditation.title", "body.accreditation.title",
            "spec.accreditation.accreditingAgent.legalName",
            "body.accreditation.accreditingAgent.legalName",
        ),
        "prerequisites": paths.text("spec.entryRequirement"),
        "supervision": _stated(
            Supervision, text=paths.text("assessment.idVerification"), identity_checked=None
        ),
        "grade": (Result(paths.text("assessment.title"), grade, None),) if grade else (),
        "further_information": paths.text("claim.additionalNote", "spec.additionalNote"),
    }


def _europass_outcomes(paths: _Paths) -> tuple[tuple[Alignment, ...], tuple[str, ...]]:
    """Learning outcome titles, and their ESCO skills as alignments."""
    outcomes = _dicts(paths.raw("spec.learningOutcome"))
    skills = [skill for outcome in outcomes for skill in _dicts(outcome.get("relatedESCOSkill"))]
    alignments = tuple(
        Alignment(paths.text_of(skill), _link(skill.get("id")), framework="ESCO", code=None)
        for skill in skills[:MAX_ITEMS]
    )
    titles = tuple(filter(None, (paths.text_of(outcome.get("title")) for outcome in outcomes)))
    return alignments, titles


def _europass_ects(paths: _Paths) -> float | None:
    english = _Paths(paths.roots, ("en",))
    for credit in _dicts(paths.raw("spec.creditPoint")):
        framework = credit.get("framework")
        label = english.text_of(framework) or ""
        if _concept_code(framework) == ECTS_CONCEPT or "European Credit Transfer" in label:
            return _number(credit.get("point"))
    return None


def _volume_of_learning(paths: _Paths) -> dict[str, Any]:
    """Hours from an ISO 8601 duration in whole hours ("PT200H"); any other form as text."""
    volume = paths.text("spec.volumeOfLearning")
    hours = _HOURS_DURATION.fullmatch(volume or "")
    if hours:
        return {"hours": _number(hours.group(1)), "text": None}
    return {"hours": None, "text": volume}
