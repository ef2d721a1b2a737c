"""Persian pages write numbers in Persian digits; what an employer must type never changes."""

from __future__ import annotations

import datetime
import re

import pytest
from flask import render_template_string
from flask_babel import force_locale
from flask_babel import ngettext
from support.registry import trust_in_file
from support.sharing import CODE_TEXT
from support.sharing import LINK_FIELD
from support.sharing import TRUSTED
from support.sharing import add_credential
from support.sharing import make_share

from wallet.credentials.display import Workload
from wallet.platform.i18n import format_moment
from wallet.platform.numerals import format_number
from wallet.verification.facts import format_fact

PERSIAN_DIGITS = re.compile("[\u06f0-\u06f9]")
COUNTED = "{{ ngettext('%(num)d credential shown', '%(num)d credentials shown', 12) }}"
DAY = datetime.date(2026, 5, 1)
MOMENT = datetime.datetime(2026, 12, 3, 8, 12, tzinfo=datetime.UTC)  # 09:12 in Stockholm


def written(app, locale: str, template: str, **context) -> str:
    with app.test_request_context(), force_locale(locale):
        return render_template_string(template, **context)


def test_persian_counts_dates_and_decimals_use_persian_digits(app):
    assert persian(written(app, "fa", COUNTED)) == "۱۲"
    assert persian(written(app, "fa", "{{ day | day }}", day=DAY)) == "۱ ۲۰۲۶"
    assert persian(written(app, "fa", "{{ day | dateformat('long') }}", day=DAY)) == "۱ ۲۰۲۶"
    with app.test_request_context(), force_locale("fa"):
        assert format_number(7.5) == "۷٫۵"
        assert format_fact(Workload(7.5, None, None)).count("۷٫۵") == 2  # hp and ECTS credits
        assert persian(format_moment(MOMENT)) == "۳ ۲۰۲۶ ۹:۱۲"
        assert persian(ngettext("%(num)d credential shown", "%(num)d credentials shown", 3)) == "۳"


def persian(text: str) -> str:
    """The numbers in ``text``, which has no ASCII digit."""
    assert not re.search("[0-9]", text), text
    return " ".join(re.findall("[\u06f0-\u06f9:]+", text))


@pytest.mark.parametrize("locale", ["sv", "en", "ar", "so", "uk", "ti"])
def test_other_languages_keep_the_digits_of_their_locale(app, locale):
    assert " 12 " in f" {written(app, locale, COUNTED)} "
    assert not PERSIAN_DIGITS.search(written(app, locale, "{{ day | day }}", day=DAY))


def test_values_are_still_escaped_when_their_numbers_change(app):
    page = written(app, "fa", "{{ _('%(name)s has %(count)d', name=name, count=2) }}", name="<b>")
    assert page == "&lt;b&gt; has ۲"


def test_a_share_code_a_link_and_an_identifier_are_never_localised(app, user, csrf_token):
    """An employer types these on a keyboard with ASCII digits, whatever the page's language."""
    trust_in_file(app, TRUSTED.did)
    credential = add_credential(user.client, csrf_token, TRUSTED.issue())
    share_page = f"/shares/{make_share(user.client, csrf_token, [credential])}"
    english = user.client.get(share_page).get_data(as_text=True)
    token = csrf_token(user.client, share_page)
    user.client.post("/language", data={"language": "fa", "next": share_page, "csrf_token": token})
    persian = user.client.get(share_page).get_data(as_text=True)
    link, code = LINK_FIELD.search(english)[1], CODE_TEXT.search(english)[1]
    assert 'lang="fa" dir="rtl"' in persian and PERSIAN_DIGITS.search(persian)
    assert LINK_FIELD.search(persian)[1] == link and CODE_TEXT.search(persian)[1] == code
    employer = (
        app.test_client().get(f"{link}?lang=fa", follow_redirects=True).get_data(as_text=True)
    )
    assert TRUSTED.credential()["id"] in employer  # urn:uuid:5b0c7a5e-…, as issued
