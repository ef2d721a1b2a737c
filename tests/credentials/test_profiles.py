"""Occupational profiles: what a learner's credentials add up to, and profile definitions."""

from __future__ import annotations

import copy
import datetime

import pytest

from wallet.credentials.profile_definitions import ProfileError
from wallet.credentials.profile_definitions import profile_definition
from wallet.credentials.profile_definitions import read_profile
from wallet.credentials.profiles import HeldCredential
from wallet.credentials.profiles import match_profile

NOW = datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC)
SOBONA = "did:web:sobona.example"
OTHER = "did:web:other.example"
KRAFT = "did:web:kraft.example"

FIBRE = {
    "slug": "fibertekniker",
    "name": {"sv": "Fibertekniker", "en": "Fibre technician"},
    "owner": SOBONA,
    "description": {"sv": "Bygger och underhåller fibernät."},
    "requires": [
        {"title": {"sv": "Service av fibernät"}, "issuers": [SOBONA], "must_be_valid": True},
        {"title": {"sv": "Fiberskarvning"}, "issuers": [SOBONA]},
        {"title": {"sv": "Arbete på väg"}, "issuers": [SOBONA, OTHER], "max_age_months": 36},
        {"title": {"sv": "Kundbemötande"}, "issuers": [SOBONA], "optional": True},
    ],
}
LADDER = {
    "slug": "drifttekniker",
    "name": {"sv": "Drifttekniker", "en": "Operator"},
    "owner": KRAFT,
    "levels": [
        {"name": {"sv": "Steg 1"}, "requires": [
            {"title": {"sv": "Säkerhet i vattenkraftstation"}, "issuers": [KRAFT],
             "must_be_valid": True},
        ]},
        {"name": {"sv": "Steg 2"}, "requires": [
            {"title": {"sv": "Heta arbeten"}, "issuers": [KRAFT], "must_be_valid": True,
             "achievement_id": "urn:kraft:heta-arbeten"},
        ]},
    ],
}


def held(title, issuer=SOBONA, state="valid", days_left=None, issued_days_ago=30, **extra):
    until = NOW + datetime.timedelta(days=days_left) if days_left is not None else None
    issued = NOW - datetime.timedelta(days=issued_days_ago)
    return HeldCredential(title, title, issuer, state, issued_on=issued, valid_until=until, **extra)


def outcomes(match, level=-1) -> dict[str, tuple]:
    return {
        o.requirement.title["sv"]: (o.met_by.reference if o.met_by else None, o.reason)
        for o in match.levels[level].outcomes
    }


def test_every_required_credential_from_an_accepted_issuer_meets_the_profile():
    wallet = [held("Service av fibernät"), held("fiberskarvning"), held("Arbete på väg", OTHER)]
    match = match_profile(read_profile(FIBRE), wallet, NOW)
    level = match.levels[0]
    assert level.met and level.required_met == 3 and len(level.required) == 3
    assert outcomes(match)["Kundbemötande"] == (None, "missing")  # optional: met without it
    assert match.reached is level and match.touches


def test_a_matching_title_from_another_issuer_never_counts():
    wallet = [held("Service av fibernät", issuer=OTHER), held("Fiberskarvning")]
    match = match_profile(read_profile(FIBRE), wallet, NOW)
    assert outcomes(match)["Service av fibernät"] == (None, "missing")
    assert match.levels[0].required_met == 1 and not match.levels[0].met
    assert match.reached is None


@pytest.mark.parametrize(
    "state, reason",
    [
        ("expired", "expired"),
        ("suspended", "suspended"),
        ("not_yet_valid", "not_yet_valid"),
        ("unknown_issuer", "issuer_not_confirmed"),
        ("status_unknown", "status_not_checked"),
        ("revoked", "revoked"),
        ("forged", "forged"),
    ],
)
def test_a_requirement_for_a_valid_credential_says_why_one_does_not_count(state, reason):
    match = match_profile(read_profile(FIBRE), [held("Service av fibernät", state=state)], NOW)
    assert outcomes(match)["Service av fibernät"] == (None, reason)


def test_without_the_demand_for_validity_an_expired_credential_counts_but_a_revoked_never():
    wallet = [held("Fiberskarvning", state="expired"), held("Arbete på väg", state="revoked")]
    found = outcomes(match_profile(read_profile(FIBRE), wallet, NOW))
    assert found["Fiberskarvning"] == ("Fiberskarvning", None)
    assert found["Arbete på väg"] == (None, "revoked")


def test_a_credential_older_than_allowed_does_not_count():
    old = held("Arbete på väg", issued_days_ago=4 * 365)
    recent = held("Arbete på väg", issued_days_ago=2 * 365)
    assert outcomes(match_profile(read_profile(FIBRE), [old], NOW))["Arbete på väg"] == (
        None, "too_old"
    )
    assert outcomes(match_profile(read_profile(FIBRE), [old, recent], NOW))["Arbete på väg"][1] is None


def test_of_several_that_do_not_count_the_closest_reason_is_given():
    wallet = [held("Service av fibernät", state="revoked"), held("Service av fibernät", state="expired")]
    assert outcomes(match_profile(read_profile(FIBRE), wallet, NOW))["Service av fibernät"] == (
        None, "expired"
    )


def test_the_credential_that_lasts_longest_meets_it_and_one_lapsing_soon_is_named():
    soon, later = held("Service av fibernät", days_left=45), held("Service av fibernät", days_left=400)
    match = match_profile(read_profile(FIBRE), [soon, held("Fiberskarvning"),
                                                held("Arbete på väg")], NOW)
    assert match.levels[0].outcomes[0].met_by is soon
    assert [o.lapses_on for o in match.lapsing] == [soon.valid_until]
    match = match_profile(read_profile(FIBRE), [soon, later, held("Fiberskarvning"),
                                                held("Arbete på väg")], NOW)
    assert match.levels[0].outcomes[0].met_by is later and match.lapsing == ()


def test_a_higher_step_includes_every_lower_one_and_is_matched_by_achievement_id():
    ladder = read_profile(LADDER)
    safety = held("Säkerhet i vattenkraftstation", KRAFT)
    renamed = held("Heta arbeten (ny version)", KRAFT, achievement_id="urn:kraft:heta-arbeten")
    match = match_profile(ladder, [safety, renamed], NOW)
    assert [level.met for level in match.levels] == [True, True]
    assert len(match.levels[1].outcomes) == 2 and match.reached is match.levels[1]
    titled_only = held("Heta arbeten", KRAFT)  # the title alone does not name it here
    match = match_profile(ladder, [safety, titled_only], NOW)
    assert [level.met for level in match.levels] == [True, False]
    assert match.next_step is match.levels[1] and match.reached is match.levels[0]


def test_nothing_held_touches_no_profile():
    match = match_profile(read_profile(FIBRE), [held("Truckkort", SOBONA)], NOW)
    assert not match.touches and match.reached is None


def test_a_definition_reads_and_writes_back_the_same():
    for definition in (FIBRE, LADDER):
        assert read_profile(profile_definition(read_profile(definition))) == read_profile(definition)
    exported = profile_definition(read_profile(LADDER))
    assert exported["levels"][1]["requires"][0]["achievement_id"] == "urn:kraft:heta-arbeten"
    assert "requires" not in exported


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d.update(slug="Fiber tekniker"), "slug"),
        (lambda d: d.pop("owner"), "owner"),
        (lambda d: d.update(name={"de": "Techniker"}), "name"),
        (lambda d: d.update(requires=[]), "requires"),
        (lambda d: d["requires"][0].update(issuers=[]), "requires[0].issuers"),
        (lambda d: d["requires"][1].update(max_age_months=0), "requires[1].max_age_months"),
        (lambda d: d["requires"][1].update(must_be_valid="yes"), "requires[1].must_be_valid"),
        (lambda d: d["requires"][2].update(title="Arbete på väg"), "requires[2].title"),
        (lambda d: d.update(levels=[]), "levels"),
        (lambda d: d.update(requires=[{"title": {"sv": "x"}, "issuers": [SOBONA]}] * 51), "requires"),
    ],
)
def test_a_definition_that_does_not_follow_the_shape_is_refused_saying_where(change, where):
    definition = copy.deepcopy(FIBRE)
    change(definition)
    with pytest.raises(ProfileError) as refused:
        read_profile(definition)
    assert refused.value.where == where
