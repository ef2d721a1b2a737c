"""Two gunicorn servers on different ports share one database and one secret: a learner logs in
on one, imports on the other, shares, and the employer's link opens on either."""

from __future__ import annotations

import contextlib
import re

import requests
from support.gunicorn import running_gunicorn
from support.stored import signed_tokens
from support.web_learner import WebLearner
from support.web_learner import created_id

LINK_FIELD = re.compile(r'id="share-link"[^>]*value="[^"]*/v/([^"]+)"')


def test_requests_alternate_between_two_app_servers(served_app, gunicorn_log):
    title_token, second_token = signed_tokens(2, slot=50)
    with contextlib.ExitStack() as stack:
        one = stack.enter_context(running_gunicorn(served_app, gunicorn_log, workers=1))
        two = stack.enter_context(running_gunicorn(served_app, gunicorn_log, workers=1))
        assert one.url != two.url
        WebLearner.register(one.url, "Tove Två", "tove@example.se", "två servrar en databas")
        on_one = WebLearner.login(one.url, "tove@example.se", "två servrar en databas")
        on_two = on_one.clone(two.url)  # the same browser, its next request balanced elsewhere
        first = created_id(on_two.import_credential(title_token))
        second = created_id(on_one.import_credential(second_token))
        assert on_two.import_credential(title_token).headers["Location"].endswith(f"/{first}")
        request_id = "0b9a4c4e-6b1d-4c55-9a8e-3c1f2f0e7a11"
        share = created_id(on_two.create_share([first, second], request_id))
        link = LINK_FIELD.search(on_one.get(f"/shares/{share}").text)
        assert link, "the share page on the other server shows the link"
        for server in (one, two, one):
            page = requests.get(f"{server.url}/v/{link[1]}", timeout=10)  # the employer
            assert page.status_code == 200 and "Omvårdnadssvenska" in page.text
        for learner, credential in ((on_one, first), (on_two, second)):
            assert learner.get(f"/wallet/{credential}").status_code == 200
