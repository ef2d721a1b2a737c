"""Our own wallet answers the portal's /ask request (issue 15): the learner's pages in-process,
the wallet's fetches and its answer over real HTTP to the site on loopback (named by an https
address; WALLET_INSECURE_LOCALHOST lets the wallet reach loopback over plain http in tests).
Only what was asked is disclosed; the same answer posted again is refused, and an answer changed
on the way is refused with a plain reason, the learner told it was not accepted, and the
request still open for the genuine answer. The browser story is tests/browser/test_ask_story.py."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from asking_helpers import RequestObject
from asking_helpers import ask
from flask_babel import force_locale
from support.live import serving
from support.presenting import LEARNING_ISSUER
from support.presenting import add_learning_credential
from support.presenting import open_request
from support.presenting import send
from support.registry import trust_in_file

from wallet.asking.messages import refusal
from wallet.presenting.messages import describe_present_problem
from wallet.presenting.views import PRESENT_HTTP

NOT_ASKED = ("Godkänd", "Byta blixtlås", "assessment_grade")


class Recording:
    """The wallet's HTTP client, keeping each form it posts and the answer; ``change`` alters a
    form on the way, as someone between the wallet and the portal could."""

    def __init__(self, http, change=None) -> None:
        self.http, self.change = http, change
        self.posted: list[tuple[str, dict, dict]] = []  # (url, form, the portal's answer)

    def __call__(self, url: str) -> bytes:
        return self.http(url)

    def post(self, url: str, **options):
        form = self.change(options["form"]) if self.change else options["form"]
        answer = self.http.post(url, **{**options, "form": form})
        self.posted.append((url, form, json.loads(answer.body)))
        return answer


@pytest.fixture
def site(app, user, csrf_token):
    with serving(app) as url:
        app.config["WALLET_BASE_URL"] = url.replace("http://", "https://", 1)
        trust_in_file(app, LEARNING_ISSUER.did, "Nordiska Textilakademin")
        add_learning_credential(app, user, csrf_token)
        yield url


def answered(app, client, csrf_token, user, monkeypatch, change=None):
    """An employer asks for the two names; the learner opens the link and chooses Send."""
    key = ask(client, csrf_token)
    recording = Recording(app.extensions[PRESENT_HTTP], change)
    monkeypatch.setitem(app.extensions, PRESENT_HTTP, recording)
    page = open_request(user, RequestObject.fetch(client, key).link)
    assert page.status_code == 200
    return key, send(user, page), recording


def tampered(form: dict) -> dict:
    response = form["response"]  # the JWE's last characters are its authentication tag
    tag = "B" * 8 if response.endswith("A" * 8) else "A" * 8
    return {**form, "response": response[:-8] + tag}


def test_our_wallet_answers_with_only_what_was_asked_and_a_replay_is_refused(
    app, client, csrf_token, user, site, monkeypatch
):
    key, sent, recording = answered(app, client, csrf_token, user, monkeypatch)
    assert sent.status_code == 200 and 'id="present-outcome"' in sent.get_data(as_text=True)
    [(url, form, portal_answer)] = recording.posted
    assert portal_answer == {}
    document = client.get(f"/ask/{key}", headers={"Accept": "application/json"}).get_json()
    [credential] = document["credentials"]
    assert (credential["title"], credential["state"]) == ("Reparationssömnad", "valid")
    assert credential["checks"][-1]["code"] == "request.matched"
    assert document["holder"]["presented_by_subject"] is True
    page = client.get(f"/ask/{key}").get_data(as_text=True)
    assert "Anna" in page and "Andersson" in page
    assert not [claim for claim in NOT_ASKED if claim in page + json.dumps(document)]

    replayed = client.post(urllib.parse.urlsplit(url).path, data=form)
    assert (replayed.status_code, replayed.get_json()["code"]) == (400, "present.answer_replayed")
    assert replayed.get_json()["error_description"] == "This request has already been answered."


def test_an_answer_changed_on_the_way_is_refused_and_the_learner_told(
    app, client, csrf_token, user, site, monkeypatch
):
    key, sent, recording = answered(app, client, csrf_token, user, monkeypatch, tampered)
    [(_, _, portal_answer)] = recording.posted
    with app.test_request_context(headers={"Accept-Language": "en"}):
        reason = describe_present_problem("present.submission_refused")  # the learner's English
        with force_locale("sv"):  # the wallet's client asks for no language: the site's default
            plain = refusal("present.undecryptable")
    assert portal_answer["code"] == "present.undecryptable"
    assert portal_answer["error_description"] == plain
    assert sent.status_code == 422 and reason in sent.get_data(as_text=True).replace("&#39;", "'")
    waiting = client.get(f"/ask/{key}").get_data(as_text=True)
    assert "Scan to answer" in waiting and "Reparationssömnad" not in waiting


def test_crawlers_are_kept_off_the_pages_of_requests(client):
    assert "Disallow: /ask/" in client.get("/robots.txt").get_data(as_text=True)
