"""The issuing desk in tests.

- ``SLUG`` / ``OTHER_SLUG``: two trusted demo issuers; ``TEMPLATE``: a template file's content.
- ``desk_app(make_app, folder)``: an app with demo issuer keys in ``folder``, the demo issuers
  trusted and ``TEMPLATE`` imported for both (``flask issuer template import``).
- ``template_id(app, slug)``: the id of the organisation's imported template.
- ``make_staff(app, learner, slug)``: confirm the learner's address, grant them the desk.
- ``issue_on_desk(client, template_id, **fields)``: submit the issuing form; the response.
- ``offer_in(client, page)``: (link, pre-authorized code, transaction code) from the offer page,
  the code from the offer its link names.
- ``collect(app, client, page, configuration_id)``: a wallet redeems the offer on the page (by
  ``TestWallet``, a new Ed25519 holder key): the credential it gets.
- ``only_offer(app)``: the one offer made; ``act(client, offer_id, action)``: press a button of
  "What you have issued" (withdraw, suspend, revoke, reinstate).
"""

from __future__ import annotations

import html
import json
import re

from support.cli import run_cli
from support.forms import read_csrf_token
from support.vci import GRANT
from support.vci import TestWallet
from support.vci import offer_body
from support.vci import proof

from wallet.credentials import generate_private_key
from wallet.issuing.demo import trust_demo_issuers
from wallet.models import CredentialOffer
from wallet.models import CredentialTemplate
from wallet.platform.extensions import db

SLUG = "nordiska-textilakademin"
OTHER_SLUG = "skelleftea-kraft"
TEMPLATE = {
    "key": "reparationssomnad",
    "title": {"sv": "Reparationssömnad – grund", "en": "Clothing repair – basics"},
    "description": {"sv": "Kan laga kläder.", "en": "Can mend clothes."},
    "learning_outcomes": {
        "sv": ["Lagar hål", "Byter blixtlås"], "en": ["Mends holes", "Replaces zips"]
    },
    "workload_hours": 40,
    "ects": 1.5,
    "eqf_level": 2,
    "assessment": {"sv": "Praktiskt prov", "en": "Practical test"},
    "participation": {"sv": "På plats", "en": "On site"},
    "quality_assurance": {"sv": "Intern granskning", "en": "Internal review"},
}
FORM = {"learner_name": "Amina Hassan", "completed": "2026-05-31", "result": "VG"}
_CODE = re.compile(r'class="desk-code"><strong>(\d+)</strong>')
_LINK = re.compile(r'id="offer-link"[^>]*>([^<]+)</textarea>')


def desk_app(make_app, folder, **settings):
    app = make_app(DEMO_KEYS_DIR=str(folder / "demo-keys"), **settings)
    with app.app_context():
        trust_demo_issuers()
    path = folder / "templates.json"
    path.write_text(json.dumps({"templates": [TEMPLATE]}), encoding="utf-8")
    for slug in (SLUG, OTHER_SLUG):
        run_cli(app, "issuer", "template", "import", "--issuer", slug, str(path))
    return app


def template_id(app, slug: str = SLUG) -> int:
    with app.app_context():
        query = db.select(CredentialTemplate.id).filter_by(issuer_slug=slug)
        return db.session.scalar(query)


def make_staff(app, learner, slug: str = SLUG) -> None:
    run_cli(app, "admin", "confirm", learner.email)
    run_cli(app, "admin", "grant-issuer", learner.email, "--issuer", slug)


def issue_on_desk(client, template: int, slug: str = SLUG, **fields):
    url = f"/issue/{slug}/templates/{template}"
    data = {**FORM, **fields, "csrf_token": read_csrf_token(client, url)}
    return client.post(url, data=data)


def offer_in(client, page) -> tuple[str, str, str]:
    text = page.get_data(as_text=True)
    link = html.unescape(_LINK.search(text)[1])
    code = offer_body(client, link)["grants"][GRANT]["pre-authorized_code"]
    return link, code, _CODE.search(text)[1]


def collect(app, client, page, configuration_id: str = "OpenBadgeCredential_jwt") -> str:
    _, code, tx_code = offer_in(client, page)
    wallet = TestWallet(client, app, SLUG)
    access = wallet.access(code, tx_code)
    jwt = proof(generate_private_key("Ed25519"), wallet.nonce(), wallet.audience)
    response = wallet.credential(access, configuration_id, {"jwt": [jwt]})
    assert response.status_code == 200, response.json
    return response.json["credentials"][0]["credential"]


def only_offer(app) -> CredentialOffer:
    with app.app_context():
        offer = db.session.scalar(db.select(CredentialOffer))
        db.session.expunge(offer)
        return offer


def act(client, offer_id: int, action: str, slug: str = SLUG):
    token = read_csrf_token(client, f"/issue/{slug}/issued")
    return client.post(f"/issue/{slug}/issued/{offer_id}/{action}", data={"csrf_token": token})
