"""Demo issuers' status lists: the route, the revoking CLI, what employers and learners see."""

from __future__ import annotations

import re

import datetime
import itertools
import json
import urllib.parse

import pytest
import sqlalchemy as sa
from support.demo import ISSUER
from support.demo import TITLE
from support.demo import demo_credential
from support.demo import seeded_app
from support.demo import share_demo_credential
from support.live import serving

from wallet.credentials import Concern
from wallet.credentials import CredentialError
from wallet.credentials import HttpFetcher
from wallet.credentials import KeyResolver
from wallet.credentials import StatusListChecker
from wallet.credentials import decode_status_list
from wallet.credentials import parse_credential
from wallet.credentials import read_status
from wallet.issuing import demo
from wallet.issuing import status_lists
from wallet.issuing.demo_issuers import load_issuer
from wallet.models import IssuedCredential
from wallet.platform.extensions import db
from wallet.verification import verifier
from wallet.verification.verifier import OwnListsInProcess

ISSUER_NAME = "Skellefteå kommun"
# Pages in English name the issuer as the registry does in English, which we do not pin here.
NAMED = "Skellefteå"
REVOKED = "The issuer has withdrawn this credential. It is no longer valid."
PAUSED = "The issuer has paused this credential. It is not valid while it is paused."


@pytest.fixture
def app(make_app, tmp_path):
    return seeded_app(make_app, tmp_path)


def entries_of(raw: str) -> dict[str, dict]:
    """The credential's status entries by purpose."""
    entries = parse_credential(raw).document["credentialStatus"]
    return {entry["statusPurpose"]: entry for entry in entries}


def issuer_cli(app, *args: str):
    return app.test_cli_runner().invoke(args=["issuer", *args])


def change_demo_credential(app, command: str, by: str = "--credential") -> None:
    """revoke, suspend or reinstate Skellefteå kommun's demo credential with the CLI."""
    stored = demo_credential(app)
    named = stored.credential_id if by == "--credential" else index_of(stored.raw)
    result = issuer_cli(app, command, "--issuer", ISSUER, by, named)
    assert result.exit_code == 0, result.output


def index_of(raw: str) -> str:
    """The credential's index, the same on its issuer's revocation and suspension lists."""
    [index] = {entry["statusListIndex"] for entry in entries_of(raw).values()}
    return index


def issued_indexes(slug: str, purpose: str) -> set[int]:
    status_list = status_lists.find_list(slug, purpose)
    query = db.select(IssuedCredential.status_index).filter_by(list_id=status_list.id)
    return set(db.session.scalars(query))


def fill_to_half(slug: str) -> None:
    """Hand out free indexes in bulk until exactly half of each of the issuer's lists is taken."""
    for purpose in status_lists.PURPOSES:
        status_list = status_lists.find_list(slug, purpose)
        half = len(status_list.bits) * 8 // 2
        taken = issued_indexes(slug, purpose)
        free = (index for index in range(half * 2) if index not in taken)
        rows = [
            {"list_id": status_list.id, "credential_id": f"urn:uuid:bulk-{i}", "status_index": i}
            for i in itertools.islice(free, half - len(taken))
        ]
        db.session.execute(sa.insert(IssuedCredential), rows)
        status_list.issued_count = half
    db.session.commit()


def status_code(app, raw: str) -> str:
    """The status check's code when the app verifies ``raw`` now."""
    with app.test_request_context():
        return verifier.verify(raw).check(Concern.STATUS).code


def bits_of(status_list: str) -> bytes:
    """The bitstring of a signed status list credential."""
    subject = parse_credential(status_list).document["credentialSubject"]
    return decode_status_list(subject["encodedList"])


def standalone_checker(fetcher) -> StatusListChecker:
    """A verifier that is not this app: nothing cached, so every check asks ``fetcher``."""
    return StatusListChecker(fetcher, KeyResolver(None), max_age=0)


def test_demo_credentials_point_at_both_lists_of_their_issuer(app):
    stored = demo_credential(app)
    entries = entries_of(stored.raw)
    base = app.config["WALLET_BASE_URL"]
    assert set(entries) == {"revocation", "suspension"}
    for purpose, entry in entries.items():
        assert entry["type"] == "BitstringStatusListEntry"
        assert entry["statusListCredential"] == f"{base}/status/{ISSUER}/{purpose}"
        assert entry["statusListIndex"].isdigit()
    assert status_code(app, stored.raw) == "status.ok"


def test_route_serves_a_signed_list_a_verifier_accepts(app):
    client = app.test_client()
    response = client.get(f"/status/{ISSUER}/revocation")
    assert response.status_code == 200
    assert response.content_type == "application/vc+jwt"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response.headers
    listed = parse_credential(response.get_data(as_text=True))
    with app.app_context():
        assert listed.issuer_id == load_issuer(ISSUER).did
    assert "BitstringStatusListCredential" in listed.types
    assert listed.document["credentialSubject"]["ttl"] == 300_000
    assert listed.valid_until - listed.valid_from == datetime.timedelta(minutes=10)
    assert len(bits_of(response.get_data(as_text=True))) == 16_384

    def through_route(url: str) -> bytes:
        return client.get(urllib.parse.urlsplit(url).path).data

    credential = parse_credential(demo_credential(app).raw)
    now = datetime.datetime.now(datetime.UTC)
    assert standalone_checker(through_route)(credential, now).code == "status.ok"
    change_demo_credential(app, "revoke")
    assert standalone_checker(through_route)(credential, now).code == "status.revoked"


def test_a_verifier_elsewhere_fetches_the_list_over_http(make_app, tmp_path):
    app = make_app(DEMO_KEYS_DIR=str(tmp_path / "demo-keys"))
    with serving(app) as base_url:
        app.config["WALLET_BASE_URL"] = base_url  # the lists are published by this server
        with app.app_context():
            demo.seed()
        credential = parse_credential(demo_credential(app).raw)
        checker = standalone_checker(HttpFetcher(allow_insecure_localhost=True))
        now = datetime.datetime.now(datetime.UTC)
        assert checker(credential, now).code == "status.ok"
        change_demo_credential(app, "suspend")
        assert checker(credential, now).code == "status.suspended"


@pytest.mark.parametrize(
    "path",
    [
        "/status/nobody/revocation",
        f"/status/{ISSUER}/message",
        "/status/rise/revocation",  # a demo issuer that has signed nothing yet
    ],
)
def test_lists_that_do_not_exist_are_404_without_a_cookie(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("by", ["--index", "--credential"])
def test_revoke_suspend_and_reinstate_show_at_the_next_verification(app, by):
    stored = demo_credential(app)
    named = index_of(stored.raw) if by == "--index" else stored.credential_id
    target = ["--issuer", ISSUER, by, named]
    steps = [
        ("revoke", "status.revoked", "revocation list: index"),
        ("reinstate", "status.ok", "cleared"),
        ("suspend", "status.suspended", "suspension list: index"),
        ("reinstate", "status.ok", "cleared"),
    ]
    for command, code, said in steps:
        result = issuer_cli(app, command, *target)
        assert result.exit_code == 0, result.output
        assert said in result.output
        assert status_code(app, stored.raw) == code, command


@pytest.mark.parametrize(
    "args, message",
    [
        (["revoke", "--issuer", ISSUER], "Give either --index or --credential"),
        (["revoke", "--issuer", ISSUER, "--index", "0", "--credential", "x"], "Give either"),
        (["revoke", "--issuer", ISSUER, "--credential", "urn:uuid:nobody"], "No credential"),
        # The first index past the list: never handed out (the list has not grown).
        (["suspend", "--issuer", ISSUER, "--index", "131072"], "has not been given"),
        (["revoke", "--issuer", "rise", "--index", "0"], "has not signed any credential"),
        (["revoke", "--issuer", "nobody", "--index", "0"], "Invalid value for '--issuer'"),
    ],
)
def test_status_commands_refuse_what_they_cannot_find(app, args, message):
    result = issuer_cli(app, *args)
    assert result.exit_code != 0
    assert message in result.output


def test_issuer_sign_adds_status_entries_that_revoke_works_on(app, tmp_path):
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "validFrom": "2026-05-01T08:00:00Z",
        "credentialSubject": {"id": "did:example:pilot-learner"},
    }
    source = tmp_path / "credential.json"
    source.write_text(json.dumps(document))
    target = tmp_path / "credential.jwt"
    result = issuer_cli(app, "sign", "--issuer", "handelsradet", str(source), "-o", str(target))
    assert result.exit_code == 0, result.output
    token = target.read_text().strip()
    credential_id = parse_credential(token).id
    assert credential_id.startswith("urn:uuid:")
    assert f"Credential {credential_id}: status list index {index_of(token)}" in result.output
    assert set(entries_of(token)) == {"revocation", "suspension"}
    assert status_code(app, token) == "status.ok"
    issuer_cli(app, "revoke", "--issuer", "handelsradet", "--credential", credential_id)
    assert status_code(app, token) == "status.revoked"


def test_signing_one_credential_id_again_keeps_its_index(app, tmp_path):
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:same",
                "type": ["VerifiableCredential"], "credentialSubject": {}}
    source = tmp_path / "credential.json"
    source.write_text(json.dumps(document))
    tokens = [issuer_cli(app, "sign", "--issuer", "rise", str(source)) for _ in range(2)]
    first, again = (entries_of(token.stdout.strip()) for token in tokens)
    assert first == again
    with app.app_context():
        assert issued_indexes("rise", "revocation") == {int(first["revocation"]["statusListIndex"])}


def test_indexes_are_drawn_at_random_across_the_list(app):
    with app.app_context():
        signed = [status_lists.status_entries("rise", f"urn:uuid:{n}") for n in range(50)]
        size = len(status_lists.find_list("rise", "revocation").bits) * 8
    indexes = [int(revocation["statusListIndex"]) for revocation, _ in signed]
    assert len(set(indexes)) == 50
    # Fails by chance with probability below 1e-27: 50 draws from 131,072 entries come out
    # sorted with probability 1/50! < 1e-64, and span at most a quarter of the list with
    # probability at most 50 * ((131,072 / 4 + 1) / (131,072 - 49)) ** 49 < 2e-28 (one draw is
    # the lowest; each of the other 49 must land in the quarter above it).
    assert indexes != sorted(indexes)
    assert max(indexes) - min(indexes) > size // 4


def test_a_list_more_than_half_taken_grows_by_another_16_kb(app):
    with app.app_context():
        fill_to_half(ISSUER)
        status_lists.status_entries(ISSUER, "urn:uuid:the-65537th")
        assert len(status_lists.find_list(ISSUER, "revocation").bits) == 16_384  # half: not yet
        [entry, _] = status_lists.status_entries(ISSUER, "urn:uuid:the-65538th")
    issuer_cli(app, "revoke", "--issuer", ISSUER, "--credential", "urn:uuid:the-65538th")
    for purpose in status_lists.PURPOSES:
        bits = bits_of(app.test_client().get(f"/status/{ISSUER}/{purpose}").get_data(as_text=True))
        assert len(bits) == 32_768
    revoked = bits_of(app.test_client().get(f"/status/{ISSUER}/revocation").get_data(as_text=True))
    assert read_status(revoked, int(entry["statusListIndex"])) == 1


def test_an_index_never_handed_out_is_refused(app):
    with app.app_context():
        unused = min(set(range(100)) - issued_indexes(ISSUER, "revocation"))
    result = issuer_cli(app, "revoke", "--issuer", ISSUER, "--index", str(unused))
    assert result.exit_code != 0
    assert f"Index {unused} has not been given to any credential of {ISSUER}." in result.output


def test_issuer_sign_keeps_a_pilots_own_status_entries(app, tmp_path):
    own = [{"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": "7", "statusListCredential": "https://pilot.example/status/1"}]
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiableCredential"], "credentialSubject": {}, "credentialStatus": own}
    source = tmp_path / "credential.json"
    source.write_text(json.dumps(document))
    result = issuer_cli(app, "sign", "--issuer", "handelsradet", str(source))
    assert result.exit_code == 0, result.output
    assert parse_credential(result.output.strip()).document["credentialStatus"] == own


def test_own_lists_are_read_in_process_never_over_http(app, monkeypatch):
    stored = demo_credential(app)

    def no_http(self, url):
        raise AssertionError(f"fetched over HTTP: {url}")

    monkeypatch.setattr(HttpFetcher, "__call__", no_http)
    assert status_code(app, stored.raw) == "status.ok"


def test_the_in_process_fetcher_passes_other_urls_on_and_refuses_unknown_own_ones(app):
    asked = []
    fetcher = OwnListsInProcess(lambda url: asked.append(url) or b"x")
    with app.app_context():
        assert fetcher("https://issuer.example/status/1") == b"x"
        own = f"{app.config['WALLET_BASE_URL']}/status/nobody/revocation"
        with pytest.raises(CredentialError) as refused:
            fetcher(own)
    assert asked == ["https://issuer.example/status/1"]
    assert refused.value.code == "resolution.fetch_failed"


def test_the_served_list_and_the_in_process_list_say_the_same(app):
    stored = demo_credential(app)
    index = int(entries_of(stored.raw)["revocation"]["statusListIndex"])
    issuer_cli(app, "revoke", "--issuer", ISSUER, "--index", str(index))
    served = app.test_client().get(f"/status/{ISSUER}/revocation").get_data(as_text=True)
    with app.app_context():
        in_process = OwnListsInProcess(lambda url: pytest.fail(f"fetched over HTTP: {url}"))
        fetched = in_process(entries_of(stored.raw)["revocation"]["statusListCredential"])
    for body in (served, fetched.decode()):
        assert read_status(bits_of(body), index) == 1


@pytest.mark.parametrize("by", ["--credential", "--index"])
def test_employer_page_marks_a_revoked_credential_and_says_what_to_do(app, by):
    token = share_demo_credential(app).token
    assert "badge badge-verified" in app.test_client().get(f"/v/{token}", follow_redirects=True).get_data(as_text=True)
    change_demo_credential(app, "revoke", by)
    page = app.test_client().get(f"/v/{token}", follow_redirects=True).get_data(as_text=True)
    assert "badge badge-failed" in page
    assert "check check-failed check-status-revoked" in page
    assert REVOKED in page
    assert f"Do not rely on this credential. The issuer has withdrawn it. Ask {NAMED}" in page


def test_employer_page_shows_a_suspended_credential_amber(app):
    token = share_demo_credential(app).token
    change_demo_credential(app, "suspend")
    page = app.test_client().get(f"/v/{token}", follow_redirects=True).get_data(as_text=True)
    assert "check check-failed check-status-suspended" in page
    assert PAUSED in page
    assert "Do not rely on this credential for now." in page


def test_json_answer_reports_the_revocation_like_any_check(app):
    token = share_demo_credential(app).token
    change_demo_credential(app, "revoke")
    document = app.test_client().get(f"/v/{token}.json").get_json()
    assert document["verdict"] == "failed"
    [shared] = document["credentials"]
    [status] = [check for check in shared["checks"] if check["concern"] == "status"]
    assert (status["code"], status["status"]) == ("status.revoked", "failed")
    assert status["message"] == REVOKED
    assert status["next_step"].startswith("Do not rely on this credential.")


@pytest.mark.parametrize("command, said", [("revoke", "withdrawn by"), ("suspend", "paused by")])
def test_learner_share_page_lists_what_an_employer_now_sees_as_withdrawn(
    app, client, auth, command, said
):
    share_id = share_demo_credential(app).share_id
    auth.login(*demo.DEMO_LOGIN)
    assert "withdrawn-notice" not in client.get(f"/shares/{share_id}").get_data(as_text=True)
    change_demo_credential(app, command)
    page = client.get(f"/shares/{share_id}").get_data(as_text=True)
    assert "An employer opening this link now sees 1 credential as not valid" in page
    assert f"{TITLE}: {said} {NAMED}" in page
    assert page.index("withdrawn-notice") < page.index('class="preview"')


def test_wallet_marks_a_revoked_credential_with_its_issuer(app, client, auth):
    stored = demo_credential(app)
    auth.login(*demo.DEMO_LOGIN)
    change_demo_credential(app, "revoke")
    detail = client.get(f"/wallet/{stored.id}").get_data(as_text=True)
    assert f"{ISSUER_NAME} has withdrawn this credential." in detail
    assert "check-status-revoked" in detail
    wallet = client.get("/wallet").get_data(as_text=True)
    reason = f'<span class="card-reason card-status-revoked"[^>]*>Withdrawn by {ISSUER_NAME}</span>'
    assert re.search(reason, wallet)


def test_learner_share_page_brings_the_wallet_card_up_to_date(app, client, auth):
    share_id = share_demo_credential(app).share_id
    auth.login(*demo.DEMO_LOGIN)
    change_demo_credential(app, "suspend")
    assert f"Paused by {ISSUER_NAME}" not in client.get("/wallet").get_data(as_text=True)
    client.get(f"/shares/{share_id}")
    assert f"Paused by {ISSUER_NAME}" in client.get("/wallet").get_data(as_text=True)
