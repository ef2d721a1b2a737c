"""The employer's side of a share link: the page, its JSON, downloads, receipt, typed code."""

from __future__ import annotations

import datetime
import hashlib
import html.parser
import json
import re
import urllib.parse

import pytest
from joserfc import jwt as joserfc_jwt
from joserfc.jwk import KeySet
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jwt as jwcrypto_jwt
from support.issuers import did_key_issuer

from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.credentials import did_key
from wallet.credentials import generate_private_key
from wallet.credentials import sign_presentation
from wallet.models import ShareLink
from wallet.models import User
from wallet.my_credentials.store import import_token
from wallet.platform.extensions import db
from wallet.shares import store as share_store
from wallet.shares.tokens import open_token
from wallet.shares.tokens import seal_token

TRUSTED = did_key_issuer("Ed25519", slot=8)
UNLISTED = did_key_issuer("P-256", slot=8)
HOLDER = "Anna Andersson"
MESSAGE = "For the operator position, application closes 30 May"
FIRST = "Omvårdnadssvenska, grundnivå"
SECOND = "Reparationssömnad"
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


@pytest.fixture(autouse=True)
def portal(app, tmp_path):
    """A trust list naming TRUSTED, and the portal key in a temporary folder."""
    app.config["PORTAL_KEY_PATH"] = str(tmp_path / "portal-key.pem")
    trust(app, TRUSTED)


def trust(app, *issuers):
    path = app.config["TRUST_LIST"]
    listed = TrustList([])
    for issuer in issuers:
        listed = listed.with_issuer(TrustedIssuer(issuer.did, "Skellefteå kommun (trust list)"))
    listed.save(path)


def learner_did(app, user) -> str:
    with app.app_context():
        return db.session.get(User, user.id).did


def credential(
    title=FIRST, *, issuer=TRUSTED, subject_id="did:example:someone-else", name=HOLDER, **changes
):
    """A signed credential with its own title and id (so two are never the same bytes)."""
    document = issuer.credential(
        subject_id=subject_id, id=f"urn:uuid:{hashlib.md5(title.encode()).hexdigest()}", **changes
    )
    document["name"] = title
    document["credentialSubject"]["achievement"]["name"] = title
    if name:
        document["credentialSubject"]["name"] = name
    return issuer.issue(document)


def share(app, user, tokens, days=7, **settings) -> str:
    """Import ``tokens`` into ``user``'s wallet and share them; returns the link token."""
    now = datetime.datetime.now(datetime.UTC)
    with app.app_context():
        owner = db.session.get(User, user.id)
        stored = [import_token(owner, token)[0] for token in tokens]
        expires_at = now + datetime.timedelta(days=days)
        made = share_store.create_share(
            owner, stored, share_store.ShareSettings(expires_at=expires_at, **settings), now
        )
        return open_token(made.token_sealed, app.config["SECRET_KEY"])


def update_share(app, token, **values):
    with app.app_context():
        row = db.session.scalar(
            db.select(ShareLink).filter_by(token_hash=hashlib.sha256(token.encode()).hexdigest())
        )
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()
        return row.view_count, row.last_viewed_at


def page(app, token, **headers):
    return app.test_client().get(f"/v/{token}", follow_redirects=True, headers=headers)


def test_a_share_of_two_credentials_shows_both_verified(app, user):
    token = share(app, user, [credential(FIRST), credential(SECOND)], message=MESSAGE)
    response = page(app, token)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert FIRST in text and SECOND in text
    assert text.count("badge badge-verified") == 2
    assert "All 2 credentials are genuine and valid." in text
    assert HOLDER in text and MESSAGE in text
    assert "This link works until" in text
    assert "Skellefteå kommun (trust list)" in text
    assert text.count("Not stated by the issuer") >= 2  # the fact sheet names what is missing


def test_the_page_sets_no_cookie_and_keeps_itself_private(app, user):
    token = share(app, user, [credential()])
    response = page(app, token)
    assert "Set-Cookie" not in response.headers
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert '<meta name="robots" content="noindex">' in response.get_data(as_text=True)


class Resources(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.attributes: set[str] = set()
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes |= {name for name, _ in attrs}
        self.scripts += [dict(attrs)] if tag == "script" else []
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def test_the_page_runs_only_its_read_aloud_script_and_loads_nothing_from_another_host(app, user):
    token = share(app, user, [credential(FIRST), credential(SECOND)])
    parser = Resources()
    parser.feed(page(app, token).get_data(as_text=True))
    assert parser.scripts == [{"src": "/static/js/read-aloud.js", "defer": None}]
    assert parser.urls
    for url in parser.urls:
        parts = urllib.parse.urlsplit(url)
        assert not parts.netloc and parts.scheme in ("", "data"), url  # data: fetches nothing


class IdReferences(html.parser.HTMLParser):
    """Every id on a page, in order, and every id an aria-labelledby names."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.labelled_by: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"])
        self.labelled_by += (values.get("aria-labelledby") or "").split()


def test_several_credentials_on_one_page_keep_their_ids_apart(app, user):
    token = share(app, user, [credential(FIRST), credential(SECOND), credential("Truckkort A")])
    with app.app_context():
        share_id = db.session.scalar(db.select(ShareLink.id))
    employer, preview = page(app, token), user.client.get(f"/shares/{share_id}")
    for response in (employer, preview):  # the learner's preview shows the employer's page
        assert response.status_code == 200
        found = IdReferences()
        found.feed(response.get_data(as_text=True))
        repeated = sorted({name for name in found.ids if found.ids.count(name) > 1})
        assert not repeated, f"{response.request.path}: ids used more than once: {repeated}"
        assert len(found.labelled_by) >= 6  # each credential's checks and facts at least
        missing = sorted(set(found.labelled_by) - set(found.ids))
        assert not missing, f"{response.request.path}: aria-labelledby names no element: {missing}"


def test_a_view_is_counted_without_anything_about_the_viewer(app, user):
    token = share(app, user, [credential()])
    assert update_share(app, token) == (0, None)
    page(app, token, **{"User-Agent": "Recruiter-Browser/1.0"})
    count, last_viewed = update_share(app, token)
    assert count == 1 and last_viewed is not None
    with app.app_context():
        row = db.session.scalar(db.select(ShareLink))
        stored = json.dumps(
            {c.name: str(getattr(row, c.name)) for c in ShareLink.__table__.columns}
        )
    assert "Recruiter-Browser" not in stored and "127.0.0.1" not in stored


def dead_link_body(response) -> str:
    """The page with its heading and reason blanked out, to compare the look of dead links."""
    text = response.get_data(as_text=True)
    text = re.sub(r"<h1>.*?</h1>", "<h1></h1>", text, flags=re.S)
    text = re.sub(r"<title>.*?</title>", "<title></title>", text, flags=re.S)
    return re.sub(r'<p class="gone-message">.*?</p>', "", text, flags=re.S)


@pytest.fixture
def dead_links(app, user):
    """One link of each dead kind, and the answers to opening each of them (plus an unknown one)."""
    tokens = {
        kind: share(app, user, [credential(f"{FIRST} {kind}")], message=MESSAGE, max_views=1)
        for kind in ("expired", "revoked", "view_limit")
    }
    update_share(
        app,
        tokens["expired"],
        expires_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1),
    )
    update_share(app, tokens["revoked"], revoked_at=datetime.datetime.now(datetime.UTC))
    assert page(app, tokens["view_limit"]).status_code == 200
    tokens["not_found"] = "AAAAAAAAAAAAAAAAAAAAAA"
    return tokens


def test_dead_links_answer_410_and_unknown_404_alike_with_no_learner_data(app, dead_links):
    answers = {kind: page(app, token) for kind, token in dead_links.items()}
    assert {kind: answer.status_code for kind, answer in answers.items()} == {
        "expired": 410,
        "revoked": 410,
        "view_limit": 410,
        "not_found": 404,
    }
    bodies = {dead_link_body(answer) for answer in answers.values()}
    assert len(bodies) == 1
    for answer in answers.values():
        text = answer.get_data(as_text=True)
        assert HOLDER not in text and MESSAGE not in text and FIRST not in text
        assert "Set-Cookie" not in answer.headers
        assert answer.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "has expired" in answers["expired"].get_data(as_text=True)


def test_dead_links_in_json_say_only_why(app, dead_links):
    for kind, token in dead_links.items():
        response = app.test_client().get(f"/v/{token}.json")
        assert response.status_code == (404 if kind == "not_found" else 410)
        document = response.get_json()
        assert document["version"] == 1 and document["verdict"] is None
        assert document["share"] == {"status": kind}
        assert HOLDER not in response.get_data(as_text=True)


def test_json_answer_has_the_documented_shape(app, user):
    token = share(
        app, user, [credential(FIRST), credential(SECOND, issuer=UNLISTED)], message=MESSAGE
    )
    by_accept = app.test_client().get(f"/v/{token}", follow_redirects=True, headers={"Accept": "application/json"})
    assert by_accept.mimetype == "application/json" and "Accept" in by_accept.vary
    document = app.test_client().get(f"/v/{token}.json").get_json()
    assert document["version"] == 1
    assert document["verdict"] == "warning"
    assert document["share"]["status"] == "active" and document["share"]["message"] == MESSAGE
    assert datetime.datetime.fromisoformat(document["share"]["expires_at"]) > datetime.datetime.now(
        datetime.UTC
    )
    assert document["holder"] == {
        "name": HOLDER,
        "names": [HOLDER],
        "presented_by_subject": False,
        "presentation": "presentation.ok",
    }
    first, second = document["credentials"]
    assert (first["verdict"], first["title"]) == ("verified", FIRST)
    assert first["issuer"] == {
        "id": TRUSTED.did,
        "name": "Skellefteå kommun (trust list)",
        "trusted": True,
    }
    assert first["valid_until"].startswith("2030-01-15")
    assert [c["code"] for c in first["checks"]] == [
        "format.ok",
        "signature.ok",
        "issuer.trusted",
        "validity.ok",
        "status.none",
    ]
    assert all(set(c) >= {"code", "status", "message"} for c in first["checks"])
    assert first["facts"]["title"] == FIRST and first["facts"]["level"] is None
    untrusted = next(c for c in second["checks"] if c["code"] == "issuer.untrusted")
    assert (second["verdict"], untrusted["status"]) == ("warning", "warning")
    assert "urn:uuid:" in untrusted["next_step"]  # the credential id to quote to the issuer


def test_json_links_point_at_the_site_whatever_host_was_asked_for(app, user):
    token = share(app, user, [credential(FIRST)])
    answer = app.test_client().get(f"/v/{token}.json", headers={"Host": "evil.example"})
    document = answer.get_json()
    links = [*document["links"].values(), *(c["download"] for c in document["credentials"])]
    base = app.config["WALLET_BASE_URL"].rstrip("/")
    assert len(links) == 3 and all(link.startswith(f"{base}/v/{token}") for link in links)
    assert "evil.example" not in answer.get_data(as_text=True)


def test_holder_binding_is_claimed_only_when_proven(app, user):
    did = learner_did(app, user)
    token = share(
        app,
        user,
        [
            credential(FIRST, subject_id=did),
            credential(SECOND, subject_id="mailto:anna@example.se"),
            credential("Utan mottagare", subject_id=None),
            credential("Utan namn", subject_id=None, name=None),
        ],
    )
    text = page(app, token).get_data(as_text=True)
    proven, other, by_name, nobody = text.split('<article class="checked-credential')[1:]
    assert "Shared by the person it was issued to." in proven
    assert "Shared by the person" not in other and "named someone else" in other
    # A name alone is stated as what it is, never as "named no one" beside that very name.
    assert "Shared by the person" not in by_name and "named no one" not in by_name
    assert f"The issuer wrote the name {HOLDER}, but no identifier we can check" in by_name
    assert "Shared by the person" not in nobody and "named no one" in nobody


def test_holder_binding_needs_the_share_owners_wallet_key(app, user):
    """A presentation by the credential's subject proves nothing unless the learner signed it."""
    stranger = generate_private_key("Ed25519")
    stranger_did = did_key(stranger.public_key())
    raw = credential(FIRST, subject_id=stranger_did)
    token = share(app, user, [raw])
    now = datetime.datetime.now(datetime.UTC)
    by_stranger = sign_presentation(
        [raw],
        stranger,
        holder_did=stranger_did,
        audience=f"{app.config['WALLET_BASE_URL']}/v/{token}",
        nonce=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=now + datetime.timedelta(days=1),
        now=now,
    )
    sealed = seal_token(by_stranger, app.config["SECRET_KEY"])
    update_share(app, token, presentation_sealed=sealed)
    text = page(app, token).get_data(as_text=True)
    assert "Shared by the person it was issued to" not in text
    assert "could not confirm the signature of the person who shared" in text
    assert (
        app.test_client().get(f"/v/{token}.json").get_json()["holder"]["presented_by_subject"]
        is False
    )
    assert app.test_client().get(f"/v/{token}/presentation.jwt").status_code == 404


HOSTILE = {
    "title": "<script>alert('title')</script>",
    "description": '<img src=x onerror="alert(1)">',
    "issuer": '"><script>alert("issuer")</script>',
    "criteria": "<svg onload=alert(2)>",
}


def test_hostile_credential_content_is_escaped_on_the_page_and_kept_intact_in_json(app, user):
    token = share(app, user, [hostile_credential()])
    text = page(app, token).get_data(as_text=True)
    for value in HOSTILE.values():
        assert value not in text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in text
    parser = Resources()
    parser.feed(text)
    assert not {"img", "svg"} & set(parser.tags) and len(parser.scripts) == 1  # ours, read aloud
    assert not {"onerror", "onload"} & parser.attributes
    response = app.test_client().get(f"/v/{token}.json")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    first = response.get_json()["credentials"][0]
    assert first["title"] == HOSTILE["title"] and first["issuer"]["name"] == HOSTILE["issuer"]


def hostile_credential() -> str:
    document = UNLISTED.credential(
        issuer={"id": UNLISTED.did, "type": ["Profile"], "name": HOSTILE["issuer"]}
    )
    achievement = document["credentialSubject"]["achievement"]
    achievement |= {"name": HOSTILE["title"], "description": HOSTILE["description"]}
    achievement["criteria"] = {"narrative": HOSTILE["criteria"]}
    document["name"] = HOSTILE["title"]
    return UNLISTED.issue(document)


def did_key_public_jwk(did: str) -> dict:
    """The Ed25519 public key inside a did:key, decoded here without the app's code."""
    number = 0
    for char in did.removeprefix("did:key:z"):
        number = number * 58 + BASE58.index(char)
    data = number.to_bytes((number.bit_length() + 7) // 8, "big")
    assert data[:2] == b"\xed\x01"  # the multicodec prefix of an Ed25519 public key
    x = urllib.parse.quote(__import__("base64").urlsafe_b64encode(data[2:]).decode().rstrip("="))
    return {"kty": "OKP", "crv": "Ed25519", "x": x}


def test_the_presentation_verifies_with_an_independent_jose_library(app, user):
    tokens = [credential(FIRST), credential(SECOND)]
    token = share(app, user, tokens)
    response = app.test_client().get(f"/v/{token}/presentation.jwt")
    assert response.mimetype == "application/jwt"
    assert response.headers["Content-Disposition"].startswith("attachment")
    did = learner_did(app, user)
    key = jwcrypto_jwk.JWK(**did_key_public_jwk(did))
    verified = jwcrypto_jwt.JWT(jwt=response.get_data(as_text=True), key=key, algs=["EdDSA"])
    claims = json.loads(verified.claims)
    assert claims["iss"] == did and claims["vp"]["holder"] == did
    assert claims["aud"] == f"{app.config['WALLET_BASE_URL']}/v/{token}"
    assert claims["vp"]["verifiableCredential"] == tokens  # byte-identical, in the chosen order
    with app.app_context():
        expires_at = db.session.scalar(db.select(ShareLink.expires_at))
    assert claims["exp"] == int(expires_at.timestamp())


def test_each_credential_downloads_exactly_as_issued(app, user):
    tokens = [credential(FIRST), credential(SECOND)]
    token = share(app, user, tokens)
    for position, raw in enumerate(tokens):
        response = app.test_client().get(f"/v/{token}/credentials/{position}.jwt")
        assert response.get_data(as_text=True) == raw
        assert (
            response.headers["Content-Disposition"]
            == f'attachment; filename="credential-{position}.jwt"'
        )
    assert app.test_client().get(f"/v/{token}/credentials/9.jwt").status_code == 404


def test_the_receipt_verifies_against_the_published_key_and_names_the_bytes(app, user):
    tokens = [credential(FIRST), credential(SECOND)]
    token = share(app, user, tokens)
    client = app.test_client()
    receipt_page = client.get(f"/v/{token}/receipt").get_data(as_text=True)
    signed = re.search(r'<pre id="receipt-jwt" class="receipt-jwt">([^<]+)</pre>', receipt_page)[1]
    jwks = client.get("/.well-known/jwks.json").get_json()
    claims = joserfc_jwt.decode(signed, KeySet.import_key_set(jwks), algorithms=["ES256"]).claims
    assert [c["sha256"] for c in claims["credentials"]] == [
        hashlib.sha256(raw.encode()).hexdigest() for raw in tokens
    ]
    assert {c["verdict"] for c in claims["credentials"]} == {"verified"}
    for digest in (c["sha256"] for c in claims["credentials"]):
        assert digest in receipt_page
    download = client.get(f"/v/{token}/receipt.jwt")
    assert download.headers["Content-Disposition"].startswith("attachment")
    kept = joserfc_jwt.decode(download.get_data(as_text=True), KeySet.import_key_set(jwks)).claims
    assert kept["share_id"] == claims["share_id"]
    # The receipt names the share by a reference of its own, never the database's row id.
    with app.app_context():
        row_id = db.session.scalar(db.select(ShareLink.id))
    assert re.fullmatch("[0-9a-f]{20}", claims["share_id"])
    assert f"<code>{row_id}</code>" not in receipt_page
    disposition = download.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="receipt-{claims["share_id"][:12]}.jwt"'
    assert claims["share_id"] != str(row_id)


def test_the_portal_key_is_made_once_and_its_kid_stays(app, make_app):
    first = app.test_client().get("/.well-known/jwks.json").get_json()["keys"]
    again = make_app(PORTAL_KEY_PATH=app.config["PORTAL_KEY_PATH"])
    assert again.test_client().get("/.well-known/jwks.json").get_json()["keys"] == first
    assert "d" not in first[0]


def test_a_one_view_link_still_lets_the_viewer_switch_language_and_download(app, user):
    token = share(app, user, [credential()], max_views=1)
    client = app.test_client()
    text = page(app, token).get_data(as_text=True)
    ticket = re.search(r'href="\?lang=en&amp;view=([^"]+)"', text)[1]
    again = client.get(f"/v/{token}?lang=sv&view={ticket}", follow_redirects=True).get_data(as_text=True)
    assert f"view={ticket}" in again  # the view keeps its ticket: it cannot be renewed forever
    for url in (
        f"/v/{token}/receipt?view={ticket}",
        f"/v/{token}/credentials/0.jwt?view={ticket}",
        f"/v/{token}/presentation.jwt?view={ticket}",
    ):
        assert client.get(url).status_code == 200, url
    assert update_share(app, token)[0] == 1
    assert page(app, token).status_code == 410
    assert client.get(f"/v/{token}/credentials/0.jwt").status_code == 410  # no ticket: a new view


def test_the_page_checks_again_on_every_view(app, user):
    token = share(app, user, [credential()])
    assert "badge badge-verified" in page(app, token).get_data(as_text=True)
    trust(app)  # the issuer has left the trust list since
    text = page(app, token).get_data(as_text=True)
    assert "badge badge-warning" in text
    assert "not on our list of trusted issuers" in text
    assert "What this means for you" in text and "urn:uuid:" in text


def test_an_expired_credential_can_be_shared_and_says_what_to_do(app, user):
    expired = credential(valid_from="2020-01-01T00:00:00Z", valid_until="2021-01-01T00:00:00Z")
    token = share(app, user, [expired])
    text = page(app, token).get_data(as_text=True)
    assert "The credential is genuine, but it expired on 1 January 2021." in text
    assert "did not pass our checks" not in text  # genuine: expired is not forged
    assert "no longer valid" in text and "renewed" in text


def test_the_summary_counts_each_kind_and_the_json_names_each_state(app, user):
    expired = credential(
        SECOND, valid_from="2020-01-01T00:00:00Z", valid_until="2021-01-01T00:00:00Z"
    )
    token = share(app, user, [credential(FIRST), expired, credential("Okänt", issuer=UNLISTED)])
    text = page(app, token).get_data(as_text=True)
    verdict = re.search(r'<p class="share-verdict">.*?<span[^>]*>([^<]+)</span>', text, re.S).group(1)
    assert verdict == (
        "3 credentials: 1 expired on 1 January 2021, 1 from an issuer we cannot confirm and 1 valid."
    )
    badges = re.findall(r'<span class="badge badge-([a-z]+)"[^>]*>.*?</span> ([^<]+)</span>', text)
    assert badges == [
        ("verified", "Genuine and valid"),
        ("warning", "Genuine, but expired"),
        ("warning", "Signed, issuer not confirmed"),
    ]
    document = app.test_client().get(f"/v/{token}.json").get_json()
    assert document["state"] == "expired"
    assert [c["state"] for c in document["credentials"]] == ["valid", "expired", "unknown_issuer"]
    assert [c["verdict"] for c in document["credentials"]] == ["verified", "failed", "warning"]


def typed_code(app, token) -> str:
    with app.app_context():
        row = db.session.scalar(db.select(ShareLink))
        return open_token(row.code_sealed, app.config["SECRET_KEY"])


def post_code(client, csrf_token, typed):
    return client.post("/code", data={"code": typed, "csrf_token": csrf_token(client, "/code")})


def test_a_typed_code_opens_the_link(app, user, client, csrf_token):
    token = share(app, user, [credential()])
    code = typed_code(app, token)
    response = post_code(client, csrf_token, code.lower().replace("-", " "))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/v/{token}")


def test_a_wrong_code_says_so(app, user, client, csrf_token):
    share(app, user, [credential()])
    response = post_code(client, csrf_token, "0000-0000-00000")
    assert response.status_code == 422
    assert "does not open an active link" in response.get_data(as_text=True)


@pytest.mark.app_config(CODE_RATE_LIMIT="3 per minute")
def test_wrong_codes_are_rate_limited(app, user, client, csrf_token):
    for _ in range(3):
        assert post_code(client, csrf_token, "0000-0000-00000").status_code == 422
    refused = post_code(client, csrf_token, "0000-0000-00000")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)


@pytest.mark.app_config(SHARE_LOOKUP_RATE_LIMIT="3 per minute")
def test_guessing_tokens_is_rate_limited(app, user):
    client = app.test_client()
    for guess in range(3):
        assert client.get(f"/v/guess{guess}AAAAAAAAAAAAAAAA").status_code == 404
    refused = client.get("/v/guess9AAAAAAAAAAAAAAAA")
    assert refused.status_code == 429 and "Set-Cookie" not in refused.headers


@pytest.mark.app_config(SHARE_LOOKUP_RATE_LIMIT="3 per minute")
def test_another_visitors_misses_never_lock_out_a_real_link(app, user):
    """One office behind one address: someone's mistyped links must not block a colleague's."""
    token = share(app, user, [credential(FIRST)])
    office = app.test_client()
    for guess in range(4):
        office.get(f"/v/guess{guess}AAAAAAAAAAAAAAAA")
    assert office.get("/v/guess9AAAAAAAAAAAAAAAA").status_code == 429
    assert office.get(f"/v/{token}", follow_redirects=True).status_code == 200
    assert office.get(f"/v/{token}.json").status_code == 200


def html_lang(response) -> str:
    return re.search(r'<html lang="([a-z]+)"', response.get_data(as_text=True))[1]


def test_language_the_learners_choice_then_the_browser_then_swedish(app, user):
    chosen = share(app, user, [credential(FIRST)], language="en")
    unset = share(app, user, [credential(SECOND)])
    assert html_lang(page(app, chosen, **{"Accept-Language": "sv"})) == "en"
    assert html_lang(page(app, unset, **{"Accept-Language": "en-GB,en;q=0.9"})) == "en"
    assert html_lang(page(app, unset, **{"Accept-Language": "de"})) == "sv"
    switched = app.test_client().get(f"/v/{chosen}?lang=sv", follow_redirects=True)
    assert html_lang(switched) == "sv" and "Intyg som delats med dig" in switched.get_data(
        as_text=True
    )
    assert 'href="?lang=en' in switched.get_data(as_text=True)


def test_robots_txt_keeps_crawlers_off_share_links(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /v/" in text and "Disallow: /code" in text
