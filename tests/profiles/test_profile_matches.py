"""What the credentials add up to: on the learner's wallet, on the share form "for a profile",
and on the employer's page and JSON of a link shared for a profile."""

from __future__ import annotations

import datetime
import json
import re

from support.cli import run_cli

from wallet.issuing.demo import DEMO_LOGIN
from wallet.models import ShareLink
from wallet.models import StoredCredential
from wallet.platform.extensions import db
from wallet.shares.tokens import open_token

OPERATOR = "drifttekniker-vattenkraft"
SAFETY = "Säkerhet i vattenkraftstation – operatör"


def share_for(demo_app, learner, csrf_token, slug: str, lang: str = "en") -> str:
    """The learner shares for a profile through the form; returns the employer's path."""
    form_page = learner.get(f"/shares/new?profile={slug}").get_data(as_text=True)
    ids = re.findall(r'name="credential_ids" value="(\d+)"', form_page)
    form = {"credential_ids": ids, "expires_in_days": "7", "profile": slug, "language": lang,
            "csrf_token": csrf_token(learner, f"/shares/new?profile={slug}")}
    created = learner.post("/shares", data=form)
    assert created.status_code == 303, created.get_data(as_text=True)
    with demo_app.app_context():
        share = db.session.scalars(db.select(ShareLink).order_by(ShareLink.id.desc())).first()
        assert share.profile.slug == slug
        return "/v/" + open_token(share.token_sealed, demo_app.config["SECRET_KEY"])


def test_the_wallet_shows_what_is_missing_and_a_credential_that_lapses_soon(learner):
    page = learner.get("/wallet", headers={"Accept-Language": "en"}).get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "What your credentials add up to" in text
    assert "Fibre technician (Sobona) You have 1 of 2 required credentials." in text
    assert "Fibre splicing , issued by Sobona" in text
    assert "Hydropower operator: Step 2: operations technician (Skellefteå Kraft)" in text
    assert "You have reached Step 1: operator." in text
    assert "Heta arbeten , issued by Skellefteå Kraft: the credential has expired" in text
    # The safety credential the first step rests on lapses within 60 days: said above the list.
    reminder = page.split('class="profile-lapsing"', 1)[1].split("</ul>", 1)[0]
    assert SAFETY in reminder and "Hydropower operator rests on it" in reminder
    assert page.index('class="profile-lapsing"') < page.index('id="credential-list"')
    assert f'href="/shares/new?profile={OPERATOR}"' in page


def test_a_profile_nobody_meets_any_of_is_not_shown(demo_app, learner, tmp_path):
    definition = json.loads(run_cli(demo_app, "profile", "export", "fibertekniker"))
    definition |= {"slug": "elektriker", "name": {"sv": "Elektriker"}}
    for requirement in definition["requires"]:
        requirement["title"] = {"sv": "Elbehörighet B"}
    path = tmp_path / "elektriker.json"
    path.write_text(json.dumps(definition))
    run_cli(demo_app, "profile", "import", str(path))
    assert "Elektriker" not in learner.get("/wallet").get_data(as_text=True)


def test_sharing_for_a_profile_picks_the_credentials_that_meet_it(demo_app, learner):
    page = learner.get(f"/shares/new?profile={OPERATOR}", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    with demo_app.app_context():
        safety = db.session.scalar(db.select(StoredCredential.id).filter_by(title=SAFETY))
    assert re.findall(r'name="credential_ids" value="(\d+)"', text) == [str(safety)]
    assert "For the profile Hydropower operator" in text
    assert f'<input type="hidden" name="profile" value="{OPERATOR}">' in text


def test_the_employer_sees_what_the_link_meets_with_each_requirement_linked(
    demo_app, learner, csrf_token
):
    path = share_for(demo_app, learner, csrf_token, OPERATOR)
    employer = demo_app.test_client()
    page = employer.get(path, follow_redirects=True).get_data(as_text=True)
    verdict = page.split('class="profile-verdict', 1)[1].split("</section>", 1)[0]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", verdict))
    assert ("Does not yet meet Hydropower operator: Step 2: operations technician "
            "(Skellefteå Kraft): 1 of 2 required credentials.") in text
    assert "Meets Step 1: operator." in text
    assert 'href="#credential-0"' in verdict and "Heta arbeten : no credential for it yet" in text
    assert page.index("profile-verdict") < page.index('class="checked-credential')
    document = employer.get(path + ".json").get_json()
    profile = document["profile"]
    owner = document["credentials"][0]["issuer"]["id"]  # Skellefteå Kraft issued the one shared
    assert (profile["slug"], profile["owner"], profile["reached"], profile["in_use"]) == (
        OPERATOR, owner, 0, True
    )
    assert [(level["met"], level["required"], level["required_met"]) for level in profile["levels"]] == [
        (True, 1, 1), (False, 2, 1)
    ]
    requirements = profile["levels"][1]["requirements"]
    assert [(r["title"]["sv"], r["met_by"], r["reason"]) for r in requirements] == [
        (SAFETY, 0, None), ("Heta arbeten", None, "missing")
    ]
    lapses = datetime.datetime.fromisoformat(requirements[0]["lapses_on"])
    assert lapses - datetime.datetime.now(datetime.UTC) < datetime.timedelta(days=60)


def test_a_change_to_the_profile_shows_at_the_next_view(demo_app, learner, csrf_token, tmp_path):
    path = share_for(demo_app, learner, csrf_token, OPERATOR)
    employer = demo_app.test_client()
    visit = employer.get(path).headers["Location"]
    assert "Does not yet meet" in employer.get(visit).get_data(as_text=True)
    definition = json.loads(run_cli(demo_app, "profile", "export", OPERATOR))
    definition["levels"] = definition["levels"][:1]  # step 2 dropped: step 1 is the whole ladder
    (tmp_path / "operator.json").write_text(json.dumps(definition))
    run_cli(demo_app, "profile", "import", str(tmp_path / "operator.json"))
    page = employer.get(visit).get_data(as_text=True)
    assert "Meets Hydropower operator: Step 1: operator (Skellefteå Kraft)" in page
    run_cli(demo_app, "profile", "remove", OPERATOR)
    assert "Its owner no longer uses this profile." in employer.get(visit).get_data(as_text=True)
    assert employer.get(path + ".json").get_json()["profile"]["in_use"] is False


def test_a_link_not_shared_for_a_profile_has_no_profile(demo_app, learner, csrf_token):
    with demo_app.app_context():
        ids = [str(i) for i in db.session.scalars(db.select(StoredCredential.id).limit(2))]
    form = {"credential_ids": ids, "expires_in_days": "7",
            "csrf_token": csrf_token(learner, "/shares/new?credential_ids=" + ids[0])}
    assert learner.post("/shares", data=form).status_code == 303
    with demo_app.app_context():
        share = db.session.scalars(db.select(ShareLink).order_by(ShareLink.id.desc())).first()
        token = open_token(share.token_sealed, demo_app.config["SECRET_KEY"])
    employer = demo_app.test_client()
    assert employer.get(f"/v/{token}.json").get_json()["profile"] is None
    assert "profile-verdict" not in employer.get(f"/v/{token}", follow_redirects=True).get_data(
        as_text=True
    )
    assert DEMO_LOGIN[0] not in employer.get(f"/v/{token}", follow_redirects=True).get_data(
        as_text=True
    )


def test_a_credential_added_from_the_wallet_keeps_the_link_for_the_profile(demo_app, learner):
    form = learner.get(f"/shares/new?profile={OPERATOR}").get_data(as_text=True)
    chosen = re.findall(r'name="credential_ids" value="(\d+)"', form)
    back = re.search(r'href="(/wallet\?[^"]+)">Choose other credentials', form)[1].replace("&amp;", "&")
    assert f"profile={OPERATOR}" in back and all(f"credential_ids={i}" in back for i in chosen)
    wallet = learner.get(back).get_data(as_text=True)
    assert f'<input type="hidden" name="profile" value="{OPERATOR}">' in wallet
    assert all(re.search(rf'value="{i}"[^>]*checked', wallet) for i in chosen)
    with demo_app.app_context():
        other = db.session.scalar(db.select(StoredCredential.id).filter_by(title="Heta arbeten"))
    # The wallet's form, with one more ticked, opens the share form for the same profile.
    added = learner.get(f"/shares/new?profile={OPERATOR}&credential_ids={chosen[0]}&credential_ids={other}")
    page = added.get_data(as_text=True)
    assert re.findall(r'name="credential_ids" value="(\d+)"', page) == [chosen[0], str(other)]
    assert f'<input type="hidden" name="profile" value="{OPERATOR}">' in page
