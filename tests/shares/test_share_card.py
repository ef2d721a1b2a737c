"""The interview card: a printable page of one share, for its owner only, while the link works."""

from __future__ import annotations

import re

from support.site import build_site


def test_the_card_shows_name_credentials_qr_link_and_code(app, user, csrf_token):
    site = build_site(app, user, csrf_token)
    detail = user.client.get(f"/shares/{site['share']}").get_data(as_text=True)
    assert f'href="/shares/{site["share"]}/card"' in detail
    code = re.search(r'class="share-code"[^>]*>([^<]+)<', detail)[1]

    response = user.client.get(f"/shares/{site['share']}/card")
    assert response.status_code == 200
    card = response.get_data(as_text=True)
    assert f'<h1 id="card-name">{user.name}</h1>' in card
    assert card.count("Skellefteå kommun") >= 2  # each credential with its issuer
    assert f"/v/{site['token']}</p>" in card
    assert code in card
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in card and 'role="img"' in card

def test_only_the_owner_gets_a_card_and_only_for_a_working_link(app, user, other_user, csrf_token):
    site = build_site(app, user, csrf_token)
    assert other_user.client.get(f"/shares/{site['share']}/card").status_code == 404
    assert user.client.get(f"/shares/{site['gone']}/card").status_code == 404
    assert user.client.get("/shares/999999/card").status_code == 404
    user.client.post("/logout", data={"csrf_token": csrf_token(user.client, "/account")})
    login = user.client.get(f"/shares/{site['share']}/card")
    assert login.status_code in (302, 303) and "/login" in login.headers["Location"]
