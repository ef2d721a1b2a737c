"""SD-JWT VC claims on the EU fact sheet: the EUDI Learning Credential and DC4EU micro-credential."""

from __future__ import annotations

import datetime

from support.issuers import did_key_issuer
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential

from wallet.credentials import describe_credential
from wallet.credentials import parse_credential
from wallet.credentials.display import Level
from wallet.credentials.display import Workload


def facts_of(document):
    facts = describe_credential(document)
    return facts, {e.key: e.value for e in facts.elements if e.stated}


def test_the_learning_credential_fills_the_fact_sheet_from_what_was_disclosed():
    issuer = did_key_issuer("P-256")
    issued = issue_sd_jwt(learning_credential(issuer.did), issuer.key, header={"kid": issuer.kid})
    facts, stated = facts_of(parse_credential(issued.token).document)
    assert facts.source == "sd_jwt_vc" and facts.title == "Reparationssömnad"
    assert facts.learner_name == "Anna Andersson"
    assert stated == {
        "learner": "Anna Andersson",
        "title": "Reparationssömnad",
        "country": "SE",
        "awarding_body": "Nordiska Textilakademin",
        "issued_on": datetime.date(2025, 1, 15),
        "learning_outcomes": ("Byta blixtlås", "Laga revor med maskin"),
        "workload": Workload(ects=None, hours=40.0, text=None),
        "level": Level(eqf=4, seqf=None),
        "quality_assurance": "Yrkeshögskolemyndigheten",
        "prerequisites": "Grundläggande sömnad",
        "grade": facts.results,
        "stackability": True,
    }
    # Without the name's disclosures the learner is simply not stated.
    kept = [issued.disclosure_named("assessment_grade")]
    _, partial = facts_of(parse_credential(issued.with_disclosures(kept)).document)
    assert "learner" not in partial and "learning_outcomes" not in partial


def test_stand_alone_is_stated_and_free_text_workload_is_kept():
    document = {
        "vct": "urn:eu.europa.ec.eudi:learning:credential:1",
        "achievement_title": "Heta arbeten",
        "integration_stackability_options": False,
        "expected_study_time": "12 months",
        "form_of_participation": "På plats",
    }
    _, stated = facts_of(document)
    assert stated["stackability"] is False
    assert stated["workload"] == Workload(ects=None, hours=None, text="12 months")
    assert stated["participation"] == "På plats"


def test_the_dc4eu_micro_credential_maps_onto_the_same_elements():
    document = {
        "vct": "urn:eudi:micro_credential:1",
        "identification_of_the_learner": {"givenNames": "Anna", "familyName": "Andersson",
                                          "nationalId": "19900101-1234"},
        "title_of_the_micro_credential": {"title": "Fibernätsservice", "iscedCode": "0714"},
        "country_or_region_of_the_issuer": {"country": "SWE"},
        "awarding_body": {"legalName": "Skellefteå Kraft AB"},
        "dateOfIssuing": "2025-03-01",
        "learning_outcomes": {"title": "Skarva fiber", "relatedESCOskills": "…"},
        "education_level": {"eqfLevel": "5"},
        "type_of_assessment": {"type": "Praktiskt prov", "grade": "Godkänd"},
        "form_of_participation": {"mode": "På plats"},
        "quality_assurance": {"title": "Intern kvalitetssäkring"},
        "notionalWorkload": "PT80H",
        "supervisionAndIdentityVerification": "Övervakad med id-kontroll",
        "integrationStackabilityOptions": "Kan ingå i yrkesutbildning",
    }
    facts, stated = facts_of(document)
    assert stated["learner"] == "Anna Andersson"
    assert "19900101-1234" not in str(facts)  # a national id is never shown
    assert stated["country"] == "SE" and stated["level"] == Level(eqf=5, seqf=None)
    assert stated["learning_outcomes"] == ("Skarva fiber",)
    assert stated["workload"].hours == 80.0 and stated["assessment"] == "Praktiskt prov"
    assert stated["participation"] == "På plats" and stated["grade"][0].value == "Godkänd"
    assert stated["supervision"].text == "Övervakad med id-kontroll"
    assert stated["stackability"] == "Kan ingå i yrkesutbildning"
    assert facts.mandatory_stated == 11  # every Annex I element is stated


def test_a_dc4eu_open_badge_is_read_as_an_open_badge():
    document = {
        "vct": "urn:eudi:openbadge_complete:1",
        "credentialSubject": {"achievement": {"name": "Truckkort A", "ECTS": 1.5}},
    }
    facts, stated = facts_of(document)
    assert facts.source != "sd_jwt_vc" and facts.title == "Truckkort A"
    assert stated["workload"].ects == 1.5
