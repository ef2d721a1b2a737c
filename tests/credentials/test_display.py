"""The EU micro-credential facts a verification page shows, from OB 3.0, EDC and plain VCs."""

import copy
import datetime

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies
from openbadgeslib.ob3.credential import Achievement
from openbadgeslib.ob3.credential import Issuer
from openbadgeslib.ob3.credential import OpenBadgeCredential

from wallet.credentials.display import EXAMPLE_ACHIEVEMENT_EXTENSIONS
from wallet.credentials.display import MANDATORY_ELEMENTS
from wallet.credentials.display import MAX_ITEMS
from wallet.credentials.display import MAX_TEXT
from wallet.credentials.display import OPTIONAL_ELEMENTS
from wallet.credentials.display import Alignment
from wallet.credentials.display import Level
from wallet.credentials.display import Result
from wallet.credentials.display import Supervision
from wallet.credentials.display import Workload
from wallet.credentials.display import describe_credential

GRADE_ID = "https://hogskolan.example/results/grade"
ESCO_SKILL = "http://data.europa.eu/esco/skill/81a2db2c-7e55-44d0-9cd9-74c25147d7cd"


def open_badge(achievement: dict | None = None, **members) -> dict:
    """A minimal OB 3.0 credential: title and issuer only, plus the members given."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://hogskolan.example", "type": ["Profile"], "name": "Högskolan"},
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {"type": ["Achievement"], "name": "Grundläggande testning"}
            | (achievement or {}),
        },
    } | members


def full_micro_credential() -> dict:
    document = open_badge(
        {
            **copy.deepcopy(EXAMPLE_ACHIEVEMENT_EXTENSIONS),
            "achievementType": "MicroCredential",
            "description": "En kurs om testning.",
            "criteria": {"narrative": "Godkänd skriftlig tentamen."},
            "image": {"id": "https://hogskolan.example/badge.png", "type": "Image"},
            "creditsAvailable": 7.5,
            "resultDescription": [
                {"id": GRADE_ID, "type": ["ResultDescription"], "name": "Betyg",
                 "resultType": "LetterGrade", "allowedValue": ["U", "G", "VG"]},
            ],
        },
        validFrom="2025-06-13T10:00:00Z",
        awardedDate="2025-06-12T22:30:00+02:00",
    )
    document["issuer"]["address"] = {"type": ["Address"], "addressCountryCode": "SE"}
    document["credentialSubject"] |= {
        "id": "did:example:learner",
        "identifier": [
            {"type": "IdentityObject", "identityType": "name", "hashed": False,
             "identityHash": "Anna Andersson"},
        ],
        "result": [{"type": ["Result"], "resultDescription": GRADE_ID, "value": "VG"}],
    }
    return document


def values(document: dict, languages=("sv", "en")) -> dict:
    return {e.key: e.value for e in describe_credential(document, languages).elements}


class TestOpenBadges:
    def test_fully_stated_micro_credential(self):
        facts = describe_credential(full_micro_credential())
        assert [e.key for e in facts.elements] == [*MANDATORY_ELEMENTS, *OPTIONAL_ELEMENTS]
        assert facts.mandatory_stated == 11
        assert all(e.stated for e in facts.elements)
        assert {e.key: e.value for e in facts.elements} == {
            "learner": "Anna Andersson",
            "title": "Grundläggande testning",
            "country": "SE",
            "awarding_body": "Högskolan",
            "issued_on": datetime.date(2025, 6, 12),  # awardedDate, as written by the issuer
            "learning_outcomes": ("Planera ett testarbete", "Analysera testdata"),
            "workload": Workload(ects=7.5, hours=200.0, text=None),
            "level": Level(eqf=6, seqf=6),
            "assessment": "Skriftlig tentamen",
            "participation": "Distans",
            "quality_assurance": "Universitetskanslersämbetet",
            "prerequisites": "Grundläggande behörighet",
            "supervision": Supervision("Övervakad på plats med identitetskontroll", True),
            "grade": (Result(name="Betyg", value="VG", status=None),),
            "stackability": "Kan ingå i en examen",
            "further_information": "Ges på svenska",
        }

    def test_fully_stated_micro_credential_summary_fields(self):
        facts = describe_credential(full_micro_credential())
        assert facts.source == "open_badges"
        assert facts.learner_name == "Anna Andersson"
        assert facts.achievement_type == "MicroCredential"
        assert facts.description == "En kurs om testning."
        assert facts.criteria == "Godkänd skriftlig tentamen."
        assert facts.image == "https://hogskolan.example/badge.png"
        assert facts.credits == 7.5
        assert facts.alignments[3] == Alignment(
            name="develop test procedures",
            url="http://data.europa.eu/esco/skill/f10142ce-d522-49c3-9fd1-054fb63529d4",
            framework="ESCO",
            code=None,
        )
        assert facts.element("level").mandatory and not facts.element("grade").mandatory

    def test_minimal_credential_states_title_and_awarding_body_only(self):
        facts = describe_credential(open_badge())
        assert facts.mandatory_stated == 2
        not_stated = [e for e in facts.elements if not e.stated]
        assert [e.key for e in not_stated] == [
            "learner", "country", "issued_on", "learning_outcomes", "workload", "level",
            "assessment", "participation", "quality_assurance",
        ]
        assert all(e.value is None and e.mandatory for e in not_stated)
        assert len(facts.elements) == 11  # optional elements appear only when stated

    def test_description_and_criteria_are_not_taken_for_learning_outcomes(self):
        document = open_badge({"description": "Lär dig testa", "criteria": {"narrative": "Prov"}})
        assert values(document)["learning_outcomes"] is None

    def test_esco_alignments_are_outcomes_when_no_outcome_list_is_stated(self):
        alignment = [
            {"targetName": "analyse test data", "targetFramework": "ESCO",
             "targetUrl": ESCO_SKILL},
            {"targetName": "Python", "targetUrl": "https://example.org/python"},
        ]
        assert values(open_badge({"alignment": alignment}))["learning_outcomes"] == (
            "analyse test data",
        )

    def test_credits_without_a_unit_are_not_a_workload(self):
        facts = describe_credential(open_badge({"creditsAvailable": 5}))
        assert facts.credits == 5.0
        assert not facts.element("workload").stated

    def test_validity_end_is_not_an_issue_date(self):
        assert values(open_badge(validUntil="2030-01-01T00:00:00Z"))["issued_on"] is None

    def test_hashed_identifier_identifies_without_a_name(self):
        document = open_badge()
        document["credentialSubject"]["identifier"] = [
            {"identityType": "emailAddress", "hashed": True, "identityHash": "sha256$abc123",
             "salt": "s"},
        ]
        facts = describe_credential(document)
        assert facts.element("learner").value == "sha256$abc123"
        assert facts.learner_name is None

    def test_national_identity_number_is_never_shown(self):
        document = open_badge()
        document["credentialSubject"] |= {
            "id": "did:example:learner",
            "identifier": [
                {"identityType": "nationalIdentityNumber", "hashed": False,
                 "identityHash": "19900101-1234"},
            ],
        }
        assert values(document)["learner"] == "did:example:learner"

    def test_identity_not_checked_is_a_stated_supervision(self):
        document = open_badge({"identityChecked": False})
        assert values(document)["supervision"] == Supervision(text=None, identity_checked=False)

    def test_subject_level_extension_terms_are_read(self):
        document = open_badge()
        document["credentialSubject"] |= {"ECTS": "7,5", "assessmentType": "Portfolio"}
        assert values(document)["workload"] == Workload(ects=7.5, hours=None, text=None)
        assert values(document)["assessment"] == "Portfolio"

    def test_credential_made_by_openbadgeslib(self):
        credential = OpenBadgeCredential(
            issuer=Issuer(id="did:example:issuer", name="Yrkeshögskolan Testby"),
            recipient_id="did:example:learner",
            achievement=Achievement(
                id="urn:uuid:0b8f6a4e-2f7c-4d3a-9a51-6a0c2f4f1e11",
                name="Svetsning grund",
                description="Grundkurs",
                criteria_narrative="Godkänt prov",
                achievement_type="MicroCredential",
                credits_available=3.0,
            ),
            issuance_date=datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC),
        )
        facts = describe_credential(credential.to_vc())
        assert (facts.title, facts.achievement_type, facts.credits) == (
            "Svetsning grund", "MicroCredential", 3.0,
        )
        assert values(credential.to_vc())["awarding_body"] == "Yrkeshögskolan Testby"
        assert values(credential.to_vc())["learner"] == "did:example:learner"
        assert values(credential.to_vc())["issued_on"] == datetime.date(2025, 3, 1)


class TestPlainVerifiableCredential:
    def test_name_issuer_and_date_of_a_plain_vc(self):
        document = {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiableCredential"],
            "issuer": "did:example:issuer",
            "issuanceDate": "2024-02-29T12:00:00Z",
            "name": "Truckkort",
            "credentialSubject": {"id": "did:example:holder", "name": "Bo Ek"},
        }
        facts = describe_credential(document)
        assert facts.source == "verifiable_credential"
        assert facts.learner_name == "Bo Ek"
        assert {k: v for k, v in values(document).items() if v is not None} == {
            "learner": "Bo Ek",
            "title": "Truckkort",
            "awarding_body": "did:example:issuer",
            "issued_on": datetime.date(2024, 2, 29),
        }

    @pytest.mark.parametrize("document", [{}, {"credentialSubject": []}, [], "text", None])
    def test_empty_or_odd_documents_state_nothing(self, document):
        facts = describe_credential(document)
        assert facts.mandatory_stated == 0
        assert [e.key for e in facts.elements] == list(MANDATORY_ELEMENTS)


class TestLanguages:
    TITLES = {"sv": "Svetsning", "en": "Welding", "fi": "Hitsaus"}

    @pytest.mark.parametrize(
        ("languages", "expected"),
        [
            (("sv", "en"), "Svetsning"),
            (("en", "sv"), "Welding"),
            (("en_GB",), "Welding"),  # a Babel locale name
            (("de",), "Svetsning"),  # none present: the first entry
        ],
    )
    def test_language_map_follows_the_preferred_languages(self, languages, expected):
        assert values(open_badge({"name": self.TITLES}), languages)["title"] == expected

    def test_tagged_values_match_on_the_primary_language(self):
        name = [
            {"@value": "Welding", "@language": "en-GB"},
            {"@value": "Svetsning", "@language": "sv-SE"},
        ]
        assert values(open_badge({"name": name}), ("sv",))["title"] == "Svetsning"

    def test_preferred_language_with_an_empty_text_falls_back(self):
        assert values(open_badge({"name": {"sv": " ", "en": "Welding"}}))["title"] == "Welding"

    def test_outcomes_each_in_the_preferred_language(self):
        outcomes = [{"sv": "Svetsa", "en": "Weld"}, {"en": "Read drawings", "sv": "Läsa ritningar"}]
        document = open_badge({"learningOutcomes": outcomes})
        assert values(document, ("en",))["learning_outcomes"] == ("Weld", "Read drawings")


def europass_credential() -> dict:
    return {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "http://data.europa.eu/snb/model/context/edc-ap",
        ],
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "issuanceDate": "2024-05-02T08:00:00Z",
        "credentialSubject": {
            "id": "urn:epass:person:1",
            "type": "Person",
            "givenName": {"en": "Eva"},
            "familyName": {"en": "Lind"},
            "nationalID": {"notation": "198001011234"},
            "hasClaim": [{
                "type": "LearningAchievement",
                "title": {"en": "Data analysis", "sv": "Dataanalys"},
                "description": {"en": "Short course"},
                "awardedBy": {
                    "awardingDate": "2024-04-30T00:00:00+02:00",
                    "awardingBody": [{
                        "type": "Organisation",
                        "legalName": {"sv": "Lunds universitet", "en": "Lund University"},
                        "location": [{"address": [{"countryCode": {
                            "id": "http://publications.europa.eu/resource/authority/country/SWE",
                        }}]}],
                    }],
                },
                "specifiedBy": {
                    "type": "LearningAchievementSpecification",
                    "learningOutcome": [{
                        "title": {"en": "Clean a data set", "sv": "Rensa ett dataset"},
                        "relatedESCOSkill": [{
                            "id": ESCO_SKILL,
                            "prefLabel": {"en": "analyse test data"},
                        }],
                    }],
                    "creditPoint": [{"framework": {
                        "id": "http://data.europa.eu/snb/education-credit/6fcec5c5af",
                        "prefLabel": {"en": "European Credit Transfer System"},
                    }, "point": "3"}],
                    "volumeOfLearning": "PT80H",
                    "eqfLevel": {"id": "http://data.europa.eu/snb/eqf/6"},
                    "mode": {"prefLabel": {"en": "Online", "sv": "Distans"}},
                    "entryRequirement": {"noteLiteral": {"en": "Basic statistics"}},
                    "accreditation": [{"title": {"en": "UKÄ institutional review"}}],
                },
                "provenBy": [{
                    "title": {"en": "Final exam"},
                    "grade": {"noteLiteral": {"en": "Pass with distinction"}},
                    "idVerification": {"prefLabel": {"en": "Onsite with identity check"}},
                    "specifiedBy": {"dcType": {"prefLabel": {"en": "Written exam"}}},
                }],
            }],
        },
    }


class TestEuropass:
    def test_elm_paths_fill_the_annex_elements(self):
        facts = describe_credential(europass_credential())
        assert facts.source == "europass"
        assert facts.mandatory_stated == 11
        assert {e.key: e.value for e in facts.elements} == {
            "learner": "Eva Lind",
            "title": "Dataanalys",
            "country": "SE",
            "awarding_body": "Lunds universitet",
            "issued_on": datetime.date(2024, 4, 30),
            "learning_outcomes": ("Rensa ett dataset",),
            "workload": Workload(ects=3.0, hours=80.0, text=None),
            "level": Level(eqf=6, seqf=None),
            "assessment": "Written exam",
            "participation": "Distans",
            "quality_assurance": "UKÄ institutional review",
            "prerequisites": "Basic statistics",
            "supervision": Supervision("Onsite with identity check", None),
            "grade": (Result(name="Final exam", value="Pass with distinction", status=None),),
        }
        assert facts.alignments == (
            Alignment(
                name="analyse test data",
                url=ESCO_SKILL,
                framework="ESCO",
                code=None,
            ),
        )

    def test_national_id_is_never_shown(self):
        document = europass_credential()
        subject = document["credentialSubject"]
        del subject["givenName"], subject["familyName"]
        assert values(document)["learner"] == "urn:epass:person:1"

    def test_non_ects_credits_and_other_durations(self):
        document = europass_credential()
        spec = document["credentialSubject"]["hasClaim"][0]["specifiedBy"]
        spec["creditPoint"][0]["framework"] = {"prefLabel": {"en": "Other credit system"}}
        spec["volumeOfLearning"] = "P2W"
        assert values(document)["workload"] == Workload(ects=None, hours=None, text="P2W")


class TestHostileValues:
    def test_markup_stays_plain_text(self):
        name = '<script>alert(1)</script><img src=x onerror="alert(2)">'
        assert describe_credential(open_badge({"name": name})).title == name

    @pytest.mark.parametrize(
        "image",
        [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "http://hogskolan.example/badge.png",
            "https://user@evil.example/badge.png",
            'https://hogskolan.example/a.png" onerror="alert(1)',
            {"id": "vbscript:msgbox"},
            "data:image/png;base64," + "A" * 300_000,
        ],
    )
    def test_unsafe_images_are_dropped(self, image):
        assert describe_credential(open_badge({"image": image})).image is None

    @pytest.mark.parametrize(
        "image",
        [
            "https://hogskolan.example/badge.png?size=2",
            "data:image/png;base64,iVBORw0KGgo=",
            "data:image/svg+xml;base64,PHN2Zy8+",
        ],
    )
    def test_safe_images_are_kept(self, image):
        assert describe_credential(open_badge({"image": {"id": image}})).image == image

    def test_megabyte_description_is_capped(self):
        facts = describe_credential(open_badge({"description": "A" * 1_000_000}))
        assert len(facts.description) == MAX_TEXT
        assert facts.description.endswith("…")

    def test_control_and_bidi_override_characters_are_removed(self):
        facts = describe_credential(open_badge({"name": "Kurs\u202egnp.exe\x00\x1b[31m"}))
        assert facts.title == "Kursgnp.exe[31m"

    def test_lists_are_capped(self):
        document = open_badge({"learningOutcomes": [f"Outcome {i}" for i in range(10_000)]})
        assert len(values(document)["learning_outcomes"]) == MAX_ITEMS

    def test_script_links_in_alignments_are_dropped(self):
        alignment = [{"targetName": "x", "targetUrl": "javascript:alert(1)"}]
        assert describe_credential(open_badge({"alignment": alignment})).alignments[0].url is None

    @pytest.mark.parametrize("ects", [-5, 1e308, 10**400, float("nan"), True, "7.5 ECTS", [7.5]])
    def test_nonsense_numbers_are_not_stated(self, ects):
        assert values(open_badge({"ECTS": ects}))["workload"] is None

    @pytest.mark.parametrize("code", ["0", "9", "5.5", "level 5", 5.0])
    def test_levels_outside_the_frameworks_are_not_stated(self, code):
        alignment = [{"targetType": "ext:EQF", "targetCode": code, "targetUrl": "https://x.se"}]
        expected = Level(eqf=5, seqf=None) if code == 5.0 else None
        assert values(open_badge({"alignment": alignment}))["level"] == expected

    def test_invalid_dates_are_not_stated(self):
        document = open_badge(awardedDate="2025-02-30", validFrom="yesterday")
        assert values(document)["issued_on"] is None

    def test_nested_language_maps_do_not_recurse_without_end(self):
        name: object = "deep"
        for _ in range(10_000):
            name = {"sv": name}
        assert describe_credential(open_badge({"name": name})).title is None


json_values = strategies.recursive(
    strategies.none() | strategies.booleans() | strategies.floats() | strategies.text(max_size=20),
    lambda children: strategies.lists(children, max_size=4)
    | strategies.dictionaries(
        strategies.sampled_from(
            ["name", "en", "sv", "@value", "@language", "prefLabel", "id", "achievement",
             "credentialSubject", "hasClaim", "specifiedBy", "alignment", "targetType",
             "targetCode", "ECTS", "issuer", "address", "result", "identifier", "image"]
        ),
        children,
        max_size=5,
    ),
    max_leaves=30,
)


@settings(max_examples=300)
@given(json_values)
def test_any_json_gives_the_fixed_elements(document):
    facts = describe_credential(document)
    assert [e.key for e in facts.elements][:11] == list(MANDATORY_ELEMENTS)
    assert all(e.stated == (e.value is not None) for e in facts.elements)
