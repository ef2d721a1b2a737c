"""Numbers in running text written with the digits the page's language uses (Persian: ۱۲۳).

Babel knows each locale's default numbering system from CLDR (``arabext`` for Persian, ``latn``
for Swedish, Arabic as Babel has it, Tigrinya) but writes dates and counts with ASCII digits, so
the page's own dates, decimals and the counts in its sentences (``%(num)d``) are turned into the
locale's digits here. Only numbers are: a share code, a link or an identifier is a string and
passes untouched, because an employer types it on a keyboard that has ASCII digits.
"""

from __future__ import annotations

import functools
import re

from babel import Locale
from babel import UnknownLocaleError
from babel import numbers
from flask_babel import Babel
from flask_babel import Domain
from flask_babel import get_locale
from flask_babel import get_translations
from jinja2 import pass_context
from markupsafe import Markup

# The zero of each numbering system our languages may use; its nine successors follow it in
# Unicode. Systems not named here (latn) keep ASCII digits.
ZEROS = {"arabext": "\u06f0", "arab": "\u0660"}
NUMBER_PLACEHOLDER = re.compile(r"%\((\w+)\)[di]")


def digit_table(locale: str | None = None) -> dict[int, str] | None:
    """ASCII digit -> the locale's digit (the page's locale by default), None for ASCII."""
    return _digits_of(locale or str(get_locale()))


@functools.cache
def _digits_of(locale: str) -> dict[int, str] | None:
    try:
        system = Locale.parse(locale).default_numbering_system
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    zero = ZEROS.get(system)
    return {ord("0") + n: chr(ord(zero) + n) for n in range(10)} if zero else None


def local_digits(text: str, locale: str | None = None) -> str:
    """``text`` (a formatted date, time or number) with the locale's digits."""
    table = digit_table(locale)
    return text.translate(table) if table else text


def format_number(number: float) -> str:
    """A decimal number as the page's language writes it: "7,5" in Swedish, "۷٫۵" in Persian."""
    locale = str(get_locale())
    return local_digits(numbers.format_decimal(number, locale=locale, numbering_system="default"))


def fill(template: str, variables: dict) -> str:
    """``template % variables``, with the counts among the variables in the page's digits (a
    decimal comes already written, by ``format_number``)."""
    counts = {
        name
        for name, value in variables.items()
        if isinstance(value, int) and not isinstance(value, bool)
    }
    table = digit_table() if counts else None
    if table is None:
        return template % variables
    written = {name: str(variables[name]).translate(table) for name in counts}
    as_text = NUMBER_PLACEHOLDER.sub(lambda m: f"%({m[1]})s" if m[1] in counts else m[0], template)
    return type(template)(as_text) % (variables | written)


class LocalDigitsDomain(Domain):
    """Flask-Babel's messages, counts and numbers in the page's digits (Python code's ``_``)."""

    def gettext(self, string, **variables):
        text = self.get_translations().ugettext(string)
        return fill(text, variables) if variables else text

    def ngettext(self, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return fill(self.get_translations().ungettext(singular, plural, num), variables)


class LocalDigitsBabel(Babel):
    """Babel whose default domain writes numbers in the page's digits."""

    @functools.cached_property
    def domain_instance(self):
        return LocalDigitsDomain(domain=self.domain)


@pass_context
def template_gettext(context, string, **variables):
    """Templates' ``_`` and ``gettext``: as Jinja's own (always a format string, values escaped),
    with the counts in the page's digits."""
    text = get_translations().ugettext(string)
    return fill(Markup(text) if context.eval_ctx.autoescape else text, variables)


@pass_context
def template_ngettext(context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    text = get_translations().ungettext(singular, plural, num)
    return fill(Markup(text) if context.eval_ctx.autoescape else text, variables)
