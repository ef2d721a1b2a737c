"""Credential templates: the JSON shape, ``flask issuer template import|export``, the demo's
templates, and the Open Badges document a template becomes."""

from __future__ import annotations

import copy
import datetime
import json

import pytest
from support.cli import run_cli
from support.desk import SLUG
from support.desk import TEMPLATE
from support.demo import seeded_app

from wallet.desk import store
from wallet.desk.credential_templates import TemplateError
from wallet.desk.credential_templates import credential_document
from wallet.desk.credential_templates import read_templates


def without(field: str) -> dict:
    template = copy.deepcopy(TEMPLATE)
    del template[field]
    return template


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([1], "Template 1 is not a JSON object."),
        ({**TEMPLATE, "key": "Stora Bokstäver"}, "key must be small letters"),
        (without("title"), "title needs a Swedish text"),
        ({**TEMPLATE, "description": {"en": "Only English"}}, "description needs a Swedish text"),
        ({**TEMPLATE, "learning_outcomes": {"sv": []}}, "learning_outcomes needs a Swedish list"),
        ({**TEMPLATE, "workload_hours": 0}, "workload_hours must be a number above 0"),
        ({**TEMPLATE, "eqf_level": 9}, "eqf_level must be a whole number from 1 to 8"),
        ({"templates": [TEMPLATE, TEMPLATE]}, "Two templates in the file have the same key."),
    ],
)
def test_a_wrong_template_is_refused_with_the_reason(document, message):
    documents = document if isinstance(document, dict) and "templates" in document else None
    with pytest.raises(TemplateError, match=message.replace(".", r"\.")):
        listed = document if isinstance(document, list) else [document]
        read_templates(documents or {"templates": listed})


def test_import_then_export_gives_the_same_templates(app, tmp_path):
    exported = tmp_path / "out.json"
    run_cli(app, "issuer", "template", "export", "--issuer", SLUG, str(exported))
    assert json.loads(exported.read_text(encoding="utf-8")) == {"templates": [TEMPLATE]}


def test_importing_a_key_again_replaces_the_template(app, tmp_path):
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps({**TEMPLATE, "workload_hours": 48}), encoding="utf-8")
    output = run_cli(app, "issuer", "template", "import", "--issuer", SLUG, str(changed))
    assert "1 templates imported" in output and "(1 replaced)" in output
    with app.app_context():
        [template] = store.templates_of(SLUG)
        assert template.content["workload_hours"] == 48


def test_a_broken_file_is_refused_and_nothing_is_imported(app, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["issuer", "template", "import", "--issuer", "sobona", str(broken)]
    )
    assert result.exit_code == 2 and "not JSON" in result.output
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(without("assessment")), encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["issuer", "template", "import", "--issuer", "sobona", str(wrong)]
    )
    assert result.exit_code == 1 and "assessment needs a Swedish text" in result.output
    with app.app_context():
        assert store.templates_of("sobona") == []


def test_the_demo_seeds_templates_for_the_trusted_issuers(make_app, tmp_path):
    app = seeded_app(make_app, tmp_path)
    with app.app_context():
        titles = [t.content["title"]["sv"] for t in store.templates_of("skelleftea-kraft")]
        assert titles == ["Heta arbeten", "Säkerhet i vattenkraftstation – operatör"]
        assert store.templates_of("snabbcertifikat") == []  # not a trusted issuer


def test_a_template_becomes_an_open_badge_with_the_learner_date_and_result():
    document = credential_document(
        TEMPLATE, "https://textilakademin.se/mikromeriter/x", "Amina Hassan",
        datetime.date(2026, 5, 31), "VG",
    )
    subject = document["credentialSubject"]
    achievement = subject["achievement"]
    assert document["validFrom"] == "2026-05-31T00:00:00Z"
    assert subject["identifier"][0]["identityHash"] == "Amina Hassan"
    assert subject["result"][0]["value"] == "VG"
    assert achievement["learningOutcomes"] == ["Lagar hål", "Byter blixtlås"]
    assert (achievement["workloadHours"], achievement["ECTS"]) == (40, 1.5)
    assert achievement["alignment"][0]["targetCode"] == "2"
    assert achievement["qualityAssurance"] == "Intern granskning"
    no_grade = credential_document(TEMPLATE, "x", "A B", datetime.date(2026, 5, 31), None)
    assert "result" not in no_grade["credentialSubject"]
