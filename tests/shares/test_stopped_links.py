"""A link that stopped working: its page says what the employer sees now and what to do next.

Expired: the same link can work again (a QR code printed on a CV keeps working). Used up: it
can be opened more times. Ended by the learner: it stays ended. Each offers a new link with the
same credentials, and none of them previews credentials an employer can no longer see.
"""

from __future__ import annotations

import datetime

import pytest
from support.sharing import link_on_page
from support.sharing import make_share
from support.sharing import now
from support.sharing import share_row
from support.sharing import update_share


def page_of(user, share_id: int) -> str:
    return user.client.get(f"/shares/{share_id}").get_data(as_text=True)


def post(user, csrf_token, share_id: int, action: str, form: dict):
    token = csrf_token(user.client, f"/shares/{share_id}")
    return user.client.post(f"/shares/{share_id}/{action}", data={**form, "csrf_token": token})


def employer_opens(app, link: str) -> int:
    path = link.removeprefix(app.config["WALLET_BASE_URL"])
    return app.test_client().get(path, follow_redirects=True).status_code


@pytest.mark.parametrize(
    "stopped, heading",
    [
        ({"expires_at": now() - datetime.timedelta(hours=1)}, "This link has expired"),
        ({"max_views": 1, "view_count": 1, "last_viewed_at": now()}, "This link has been used up"),
        ({"revoked_at": now()}, "This link has been switched off"),
    ],
    ids=["expired", "used-up", "ended"],
)
def test_the_preview_shows_what_the_employer_sees_now_not_the_credentials(
    app, user, csrf_token, two, stopped, heading
):
    share_id = make_share(user.client, csrf_token, two)
    update_share(app, share_id, **stopped)
    page = page_of(user, share_id)
    preview = page.split('id="preview-heading"', 1)[1]
    assert heading in preview
    assert "checked-credential" not in preview and "Omvårdnadssvenska" not in preview
    # Whatever stopped it, the same credentials are one tap from a new link, in the same order.
    new_link = f'/shares/new?credential_ids={two[0]}&amp;credential_ids={two[1]}'
    assert new_link in page and "Make a new link with the same credentials" in page
    chosen = user.client.get(f"/shares/new?credential_ids={two[0]}&credential_ids={two[1]}")
    assert chosen.status_code == 200
    assert "Omvårdnadssvenska, grundnivå" in chosen.get_data(as_text=True)


def test_an_expired_link_works_again_with_the_same_address(app, user, csrf_token, two):
    share_id = make_share(user.client, csrf_token, two)
    link = link_on_page(page_of(user, share_id))
    update_share(app, share_id, expires_at=now() - datetime.timedelta(hours=1))
    assert employer_opens(app, link) == 410
    assert "Let the same link work again" in page_of(user, share_id)

    response = post(user, csrf_token, share_id, "extend", {"expires_in_days": "7"})

    assert response.status_code == 303
    assert share_row(app, share_id).expires_at > now() + datetime.timedelta(days=6)
    assert employer_opens(app, link) == 200
    assert link_on_page(page_of(user, share_id)) == link


def test_a_used_up_link_can_be_opened_more_times(app, user, csrf_token, two):
    share_id = make_share(user.client, csrf_token, two, max_views="1")
    link = link_on_page(page_of(user, share_id))
    assert [employer_opens(app, link) for _ in range(2)] == [200, 410]
    assert "Let the link be opened again" in page_of(user, share_id)

    too_few = post(user, csrf_token, share_id, "views", {"max_views": "1"})
    assert too_few.status_code == 422
    assert "It has been opened 1 time already: choose a larger number." in too_few.get_data(
        as_text=True
    )
    assert post(user, csrf_token, share_id, "views", {"max_views": "3"}).status_code == 303

    assert [employer_opens(app, link) for _ in range(3)] == [200, 200, 410]
    assert share_row(app, share_id).view_count == 3


def test_a_link_the_learner_ended_stays_ended(app, user, csrf_token, two):
    share_id = make_share(user.client, csrf_token, two, max_views="1")
    link = link_on_page(page_of(user, share_id))
    update_share(app, share_id, revoked_at=now(), view_count=1, last_viewed_at=now())
    page = page_of(user, share_id)
    assert "You ended this link, so it stays ended" in page
    assert 'action="/shares/%d/extend"' % share_id not in page
    for action, form in (("extend", {"expires_in_days": "30"}), ("views", {"max_views": "9"})):
        refused = post(user, csrf_token, share_id, action, form)
        assert refused.status_code == 422, action
        assert "Make a new link instead." in refused.get_data(as_text=True)
    assert share_row(app, share_id).max_views == 1
    assert employer_opens(app, link) == 410


@pytest.mark.app_config(MAX_ACTIVE_SHARES=1)
def test_a_link_works_again_only_within_the_limit_of_working_links(app, user, csrf_token, two):
    old = make_share(user.client, csrf_token, two)
    update_share(app, old, expires_at=now() - datetime.timedelta(hours=1))
    make_share(user.client, csrf_token, two)  # the one link that works now

    refused = post(user, csrf_token, old, "extend", {"expires_in_days": "7"})

    assert refused.status_code == 422
    assert "You already have 1 link that works." in refused.get_data(as_text=True)
    assert share_row(app, old).expires_at < now()
