"""The share form lets the learner choose what an employer sees of an SD-JWT credential: the
claims its issuer lets them keep back, in plain words, personal details unticked to begin with."""

from __future__ import annotations

import html
import json
import re

import pytest
from support.issuers import did_key_issuer
from support.sd_jwt import Sd
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential
from support.sharing import add_credential
from support.sharing import learners_sd_jwt
from support.sharing import make_share
from support.sharing import post_share
from support.sharing import wallet_key

from wallet.credentials import disclosable_claims
from wallet.credentials.jose import b64url_decode
from wallet.models import ShareItem
from wallet.platform.extensions import db

ISSUER = did_key_issuer("P-256", slot=12)
CHECKBOX = re.compile(
    r'<input type="checkbox" name="disclose_(\d+)" value="([^"]+)"( checked)?> <span>(.*?)</span></label>',
    re.DOTALL,
)


@pytest.fixture
def sd_jwt(app, user, csrf_token) -> tuple[int, str]:
    """The learner's Learning Credential (with a date of birth) in their wallet: id and token."""
    token = learners_sd_jwt(app, user.id, ISSUER).token
    return add_credential(user.client, csrf_token, token), token


def digest_of(token: str, name: str) -> str:
    return next(claim.digest for claim in disclosable_claims(token) if claim.name == name)


def choices_on(page: str) -> dict[str, bool]:
    """Each checkbox's label (with what the claim says) and whether it is ticked."""
    return {
        html.unescape(re.sub(r"<[^>]+>", "", label)): bool(ticked)
        for _id, _digest, ticked, label in CHECKBOX.findall(page)
    }


def new_form(client, query: str, **headers) -> str:
    response = client.get(f"/shares/new?{query}", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def presented_names(app) -> set[str]:
    """The names of the claims the share presents, read from the disclosures themselves."""
    with app.app_context():
        presented = db.session.scalar(db.select(ShareItem.presented))
    disclosures = presented.split("~")[1:-1]
    return {json.loads(b64url_decode(d))[1] for d in disclosures}


def test_the_form_lists_the_claims_in_plain_words(user, sd_jwt, two):
    credential_id, _token = sd_jwt
    page = new_form(user.client, f"credential_ids={two[0]}&credential_ids={credential_id}")
    choices = choices_on(page)
    assert len(choices) == 10  # the nine the issuer made disclosable and the date of birth
    assert choices["First name: Anna"] and choices["Last name: Andersson"]
    assert choices["Grade: Godkänd"] and choices["Level (EQF / SeQF): EQF 4"]
    assert choices["Workload: 40 hours"]  # as the fact sheet words it, not "PT40H"
    assert choices["Learning outcomes: Byta blixtlås; Laga revor med maskin"]  # they go with it
    assert choices["Date of birth: 1988-04-12"] is False  # personal: kept back unless ticked
    assert f'name="disclose_{two[0]}"' not in page  # a JWT has nothing to keep back


def test_what_is_unticked_is_not_presented(app, user, csrf_token, sd_jwt):
    credential_id, token = sd_jwt
    chosen = {"disclosures_of": str(credential_id),
              f"disclose_{credential_id}": [digest_of(token, "given_name")]}
    make_share(user.client, csrf_token, [credential_id], **chosen)
    assert presented_names(app) == {"given_name"}


def test_a_form_without_the_choices_keeps_back_the_personal_details(app, user, csrf_token, sd_jwt):
    credential_id, _token = sd_jwt
    make_share(user.client, csrf_token, [credential_id])
    names = presented_names(app)
    assert "birth_date" not in names
    assert {"given_name", "family_name", "assessment_grade"} <= names


def test_the_claims_the_title_is_read_from_are_always_shown(app, user, csrf_token):
    payload = learning_credential(ISSUER.did, holder=wallet_key(app, user.id))
    payload[Sd("achievement_title")] = payload.pop("achievement_title")
    token = issue_sd_jwt(payload, ISSUER.key, header={"kid": ISSUER.kid}).token
    credential_id = add_credential(user.client, csrf_token, token)
    page = new_form(user.client, f"credential_ids={credential_id}")
    assert "Always shown: Title." in page and "Title" not in "".join(choices_on(page))
    make_share(user.client, csrf_token, [credential_id], disclosures_of=str(credential_id))
    assert presented_names(app) == {"achievement_title"}  # nothing ticked but the title


def test_moving_a_credential_keeps_the_choices(user, sd_jwt, two, htmx):
    credential_id, token = sd_jwt
    query = (f"credential_ids={two[0]}&credential_ids={credential_id}"
             f"&disclosures_of={credential_id}"
             f"&disclose_{credential_id}={digest_of(token, 'family_name')}")
    page = new_form(user.client, query)
    assert [label for label, ticked in choices_on(page).items() if ticked] == ["Last name: Andersson"]
    # Without script, "Move up" is a plain link that carries the choices along.
    move_up = html.unescape(re.findall(r'href="(/shares/new\?[^"]+)" hx-get', page)[0])
    moved = new_form(user.client, move_up.split("?", 1)[1])
    assert moved.index(f'value="{credential_id}"') < moved.index(f'value="{two[0]}"')
    assert [label for label, ticked in choices_on(moved).items() if ticked] == ["Last name: Andersson"]
    # With htmx the swapped list brings the boxes as they are ticked now (hx-include).
    assert "hx-include=\"#chosen-credentials [name^='disclos']\"" in page
    fragment = new_form(user.client, query, **htmx.swap)
    assert fragment.lstrip().startswith("<section id=\"chosen-credentials\"")
    assert choices_on(fragment) == choices_on(page)


def test_a_form_sent_back_keeps_the_ticks(user, csrf_token, sd_jwt):
    credential_id, token = sd_jwt
    birth_date = digest_of(token, "birth_date")
    response = post_share(user.client, csrf_token, [credential_id], expires_in_days="5",
                          disclosures_of=str(credential_id),
                          **{f"disclose_{credential_id}": [birth_date]})
    assert response.status_code == 422
    choices = choices_on(response.get_data(as_text=True))
    assert [label for label, ticked in choices.items() if ticked] == ["Date of birth: 1988-04-12"]
