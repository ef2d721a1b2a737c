"""Profiles as files: imported and exported on the command line and by an admin, every change
in the registry's history, a definition that does not follow the shape refused saying where."""

from __future__ import annotations

import io
import json

import pytest
from support.cli import run_cli

from wallet.issuing.demo import DEMO_LOGIN
from wallet.models import IssuerChange
from wallet.models import OccupationalProfile
from wallet.platform.extensions import db


def exported(app, slug: str) -> dict:
    return json.loads(run_cli(app, "profile", "export", slug))


def history(app) -> list[tuple[str, dict]]:
    with app.app_context():
        rows = db.session.scalars(db.select(IssuerChange).order_by(IssuerChange.id))
        return [(row.action, row.changes) for row in rows if row.action.startswith("profile")]


def write(tmp_path, definition: dict):
    path = tmp_path / f"{definition['slug']}.json"
    path.write_text(json.dumps(definition, ensure_ascii=False))
    return str(path)


def test_a_profile_exported_imports_again_as_it_was_and_a_change_is_kept_in_history(
    demo_app, tmp_path
):
    definition = exported(demo_app, "fibertekniker")
    assert [r["title"]["sv"] for r in definition["requires"]][:2] == [
        "Service av fibernät", "Fiberskarvning"
    ]
    assert "profile fibertekniker: unchanged" in run_cli(
        demo_app, "profile", "import", write(tmp_path, definition)
    ).lower()
    definition["requires"][1]["must_be_valid"] = True
    assert "changed" in run_cli(demo_app, "profile", "import", write(tmp_path, definition))
    assert exported(demo_app, "fibertekniker")["requires"][1]["must_be_valid"] is True
    actions = [action for action, _ in history(demo_app)]
    assert actions == ["profile_add", "profile_add", "profile_edit"]
    before, after = history(demo_app)[-1][1]["profile"].values()
    assert before.startswith("fibertekniker (") and after.startswith("fibertekniker (") and before != after


def test_a_removed_profile_is_listed_as_removed_and_its_page_says_so(demo_app):
    run_cli(demo_app, "profile", "remove", "fibertekniker")
    assert "fibertekniker\tremoved" in run_cli(demo_app, "profile", "list")
    page = demo_app.test_client().get("/profiles/fibertekniker?lang=en").get_data(as_text=True)
    assert "This profile is no longer used." in page
    listed = demo_app.test_client().get("/profiles?lang=en").get_data(as_text=True)
    assert "Fibre technician" not in listed and "Hydropower operator" in listed
    assert history(demo_app)[-1] == (
        "profile_remove", {"profile": {"before": history(demo_app)[-1][1]["profile"]["before"],
                                        "after": None}}
    )


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["requires"][0].pop("issuers"), "look at requires[0].issuers"),
        (lambda d: d.update(owner="did:web:unknown.example"), "not in the register of issuers"),
    ],
)
def test_the_command_refuses_a_definition_saying_why_and_keeps_the_old_one(
    demo_app, tmp_path, change, message
):
    definition = exported(demo_app, "fibertekniker")
    change(definition)
    result = demo_app.test_cli_runner().invoke(args=["profile", "import", write(tmp_path, definition)])
    assert result.exit_code != 0 and message in result.output
    assert exported(demo_app, "fibertekniker") != definition


def test_an_admin_imports_a_profile_file_and_downloads_it(demo_app, admin, csrf_token):
    definition = exported(demo_app, "fibertekniker") | {"slug": "fiberinstallator"}
    definition["name"] = {"sv": "Fiberinstallatör", "en": "Fibre installer"}
    form = {"csrf_token": csrf_token(admin, "/admin/profiles"),
            "definition": (io.BytesIO(json.dumps(definition).encode()), "profile.json")}
    response = admin.post("/admin/profiles", data=form, content_type="multipart/form-data")
    assert response.status_code == 303
    page = admin.get("/admin/profiles").get_data(as_text=True)
    assert "The profile fiberinstallator was added." in page and "Fibre installer" in page
    download = admin.get("/admin/profiles/fiberinstallator.json")
    assert json.loads(download.data) == definition
    assert download.headers["Content-Disposition"] == 'attachment; filename="fiberinstallator.json"'
    history_page = admin.get("/admin/issuers/history").get_data(as_text=True)
    assert "Occupational profile added" in history_page and DEMO_LOGIN[0] in history_page


def test_an_admin_upload_that_is_not_a_profile_shows_the_form_with_the_reason(
    demo_app, admin, csrf_token
):
    form = {"csrf_token": csrf_token(admin, "/admin/profiles"),
            "definition": (io.BytesIO(b'{"slug": "x y"}'), "profile.json")}
    response = admin.post("/admin/profiles", data=form, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "The profile does not follow the documented shape: look at slug." in response.get_data(
        as_text=True
    )
    with demo_app.app_context():
        assert db.session.scalar(db.select(db.func.count(OccupationalProfile.id))) == 2


def test_only_admins_manage_profiles(demo_app, learner, csrf_token):
    assert learner.get("/admin/profiles").status_code == 403
    form = {"csrf_token": csrf_token(learner, "/wallet"), "definition": (io.BytesIO(b"{}"), "p.json")}
    assert learner.post("/admin/profiles", data=form).status_code == 403
    assert demo_app.test_client().get("/admin/profiles/fibertekniker/remove").status_code == 303
