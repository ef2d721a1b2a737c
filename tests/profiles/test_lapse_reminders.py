"""The daily lapse reminder by e-mail (``flask profile remind``): a learner with a confirmed
address is told once which credential a met profile rests on lapses soon, in their language."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from flask_babel import force_locale
from flask_babel import ngettext
from support.cli import run_cli
from support.demo import seeded_app
from support.mail import link_path
from support.mail import text

from wallet.credentials import Shape
from wallet.credentials import issue_credential
from wallet.issuing.demo import ACHIEVEMENTS
from wallet.issuing.demo import DEMO_LOGIN
from wallet.issuing.demo import credential_document
from wallet.issuing.demo_issuers import load_issuer
from wallet.issuing.status_lists import with_status
from wallet.models import LapseReminder
from wallet.models import StoredCredential
from wallet.models import User
from wallet.my_credentials.store import import_tokens
from wallet.platform import clock
from wallet.platform.extensions import db
from wallet.platform.i18n import format_day

SAFETY = "Säkerhet i vattenkraftstation – operatör"  # the operator profile's step 1 rests on it
SUBJECT = ("A credential you need is valid only a little longer",
           "%(num)d credentials you need are valid only a little longer")


@pytest.fixture
def demo_app(make_app, mail_server, tmp_path):
    """The demo (its learner's address is confirmed), mailing to ``mail_server``."""
    return seeded_app(make_app, tmp_path, **mail_server.settings)


def change_learner(app, **columns) -> None:
    with app.app_context():
        learner = db.session.scalar(db.select(User).filter_by(email=DEMO_LOGIN[0]))
        for name, value in columns.items():
            setattr(learner, name, value)
        db.session.commit()


def newest_safety(app) -> StoredCredential:
    """The learner's safety credential that lasts longest (detached: read its columns only)."""
    with app.app_context():
        query = db.select(StoredCredential).filter_by(title=SAFETY)
        stored = db.session.scalars(query.order_by(StoredCredential.valid_until.desc())).first()
        db.session.expunge(stored)
        return stored


def days_before(monkeypatch, moment: datetime.datetime, days: int) -> None:
    """Move the app's clock to ``days`` before ``moment``."""
    now = moment - datetime.timedelta(days=days)
    monkeypatch.setattr(clock, "now", lambda: now)


def renew_safety(app) -> None:
    """Skellefteå Kraft issues the safety credential again, valid two years from now."""
    [safety] = [a for a in ACHIEVEMENTS if a.name == SAFETY]
    with app.app_context():
        learner = db.session.scalar(db.select(User).filter_by(email=DEMO_LOGIN[0]))
        issuer = load_issuer(safety.issuer)
        achievement = dataclasses.replace(safety, issued_days_ago=0)
        document = with_status(issuer, credential_document(issuer, achievement, learner.did))
        token = issue_credential(document, issuer.key, kid=issuer.kid, shape=Shape.OB3_JWT)
        import_tokens(learner, [token])


def reminders_kept(app) -> list[tuple[int, datetime.datetime]]:
    with app.app_context():
        query = db.select(LapseReminder.credential_id, LapseReminder.valid_until)
        return [tuple(row) for row in db.session.execute(query.order_by(LapseReminder.id))]


def in_language(app, locale: str, function, *args, **kwargs) -> str:
    with app.app_context(), force_locale(locale):
        return function(*args, **kwargs)


def test_a_credential_lapsing_in_30_days_is_mailed_once(
    demo_app, learner, mail_server, monkeypatch
):
    change_learner(demo_app, locale="en")
    safety = newest_safety(demo_app)
    days_before(monkeypatch, safety.valid_until, 30)
    assert "Lapse reminders mailed: 1." in run_cli(demo_app, "profile", "remind")
    [mail] = mail_server.to(demo_app, DEMO_LOGIN[0])
    assert mail["Subject"] == "A credential you need is valid only a little longer"
    body = " ".join(text(mail).split())
    date = in_language(demo_app, "en", format_day, safety.valid_until)
    assert f"{SAFETY}, from Skellefteå Kraft, is valid until {date}." in body
    assert "You need it for Hydropower operator: Step 1: operator (Skellefteå Kraft)." in body
    assert "Ask the issuer for a new credential before that date" in body
    assert f"{demo_app.config['WALLET_BASE_URL'].rstrip('/')}/wallet/{safety.id}" in body
    page = learner.get(link_path(mail, "/wallet/"))
    assert page.status_code == 200 and SAFETY in page.get_data(as_text=True)
    assert reminders_kept(demo_app) == [(safety.id, safety.valid_until)]
    # The timer runs every day: the same credential and end date are never told of again.
    assert "Lapse reminders mailed: 0." in run_cli(demo_app, "profile", "remind")
    assert len(mail_server.to(demo_app, DEMO_LOGIN[0])) == 1


def test_an_address_not_confirmed_gets_no_reminder(demo_app, mail_server, monkeypatch):
    change_learner(demo_app, email_confirmed_at=None)
    days_before(monkeypatch, newest_safety(demo_app).valid_until, 30)
    assert "Lapse reminders to mail: 0" in run_cli(demo_app, "profile", "remind", "--dry-run")
    assert "Lapse reminders mailed: 0." in run_cli(demo_app, "profile", "remind")
    assert mail_server.received(demo_app) == [] and reminders_kept(demo_app) == []


def test_a_renewed_credential_is_reminded_of_again_when_it_lapses_in_turn(
    demo_app, mail_server, monkeypatch
):
    first = newest_safety(demo_app)
    days_before(monkeypatch, first.valid_until, 30)
    run_cli(demo_app, "profile", "remind")
    renew_safety(demo_app)  # the new one lasts two years: nothing to tell now
    assert "Lapse reminders mailed: 0." in run_cli(demo_app, "profile", "remind")
    renewed = newest_safety(demo_app)
    assert renewed.id != first.id and renewed.valid_until > first.valid_until
    days_before(monkeypatch, renewed.valid_until, 30)
    assert "Lapse reminders mailed: 1." in run_cli(demo_app, "profile", "remind")
    first_mail, second_mail = mail_server.to(demo_app, DEMO_LOGIN[0])
    date = in_language(demo_app, "sv", format_day, renewed.valid_until)
    assert date in text(second_mail) and f"/wallet/{renewed.id}" in text(second_mail)
    assert date not in text(first_mail)
    assert reminders_kept(demo_app) == [
        (first.id, first.valid_until), (renewed.id, renewed.valid_until)
    ]


@pytest.mark.parametrize(("chosen", "written_in"), [(None, "sv"), ("uk", "uk"), ("ar", "ar")])
def test_the_mail_is_in_the_learners_language(
    demo_app, mail_server, monkeypatch, chosen, written_in
):
    change_learner(demo_app, locale=chosen)
    safety = newest_safety(demo_app)
    days_before(monkeypatch, safety.valid_until, 30)
    run_cli(demo_app, "profile", "remind")
    [mail] = mail_server.to(demo_app, DEMO_LOGIN[0])
    subject = in_language(demo_app, written_in, ngettext, *SUBJECT, 1)
    assert subject != SUBJECT[0]  # translated, not the English source
    assert (mail["Subject"], mail["Content-Language"]) == (subject, written_in)
    assert in_language(demo_app, written_in, format_day, safety.valid_until) in text(mail)


def test_a_dry_run_says_how_many_and_sends_and_keeps_nothing(demo_app, mail_server, monkeypatch):
    days_before(monkeypatch, newest_safety(demo_app).valid_until, 30)
    output = run_cli(demo_app, "profile", "remind", "--dry-run")
    assert "Lapse reminders to mail: 1 (dry run: none sent)." in output
    assert mail_server.received(demo_app) == [] and reminders_kept(demo_app) == []
    assert "Lapse reminders mailed: 1." in run_cli(demo_app, "profile", "remind")


def test_nothing_lapsing_within_60_days_sends_nothing(demo_app, mail_server, monkeypatch):
    days_before(monkeypatch, newest_safety(demo_app).valid_until, 61)
    assert "Lapse reminders mailed: 0." in run_cli(demo_app, "profile", "remind")
    assert mail_server.received(demo_app) == []
