"""The mails an account gets, each in the learner's language, sent after the transaction.

The language is the one the learner chose in the wallet, else the page's they were on when the
mail was asked for. Links are made from WALLET_BASE_URL, never from the request.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from flask_babel import gettext as _

from wallet.models import User
from wallet.platform import mail
from wallet.platform.addresses import absolute_url
from wallet.platform.i18n import current_locale
from wallet.platform.i18n import format_moment

Paragraph = mail.Paragraph


def send_confirmation(user: User, address: str, token: str) -> None:
    """The link that confirms ``address`` (the one signed up with, or the one to change to)."""
    _send(user, address, lambda: (
        _("Confirm your e-mail address"),
        Paragraph(
            _("Open this link to confirm that this e-mail address is yours:"),
            absolute_url("addresses.confirm", token=token),
        ),
        Paragraph(_("The link works once, for 24 hours.")),
        Paragraph(_("Did you not ask for this? Then you can ignore this e-mail. Nothing changes "
                    "until someone opens the link.")),
    ))


def send_address_taken(user: User) -> None:
    """Someone tried to sign up with the address of an account that exists: tell its owner."""
    _send(user, user.email, lambda: (
        _("Someone tried to create an account with your e-mail address"),
        Paragraph(
            _("Someone, maybe you, tried to create a new wallet with this e-mail address. You "
              "already have a wallet with it. Log in here:"),
            absolute_url("accounts.login"),
        ),
        Paragraph(
            _("Forgot your password? Choose a new one here:"),
            absolute_url("recovery.ask_for_reset"),
        ),
        Paragraph(_("Was it not you? Then you do not need to do anything. Nobody can open your "
                    "wallet without your password.")),
    ))


def send_reset_link(user: User, token: str) -> None:
    """The link that lets the learner choose a new password."""
    _send(user, user.email, lambda: (
        _("Choose a new password"),
        Paragraph(
            _("Open this link to choose a new password for your wallet:"),
            absolute_url("recovery.reset_password", token=token),
        ),
        Paragraph(_("The link works once, for 1 hour.")),
        Paragraph(_("Did you not ask for this? Then you can ignore this e-mail. Your password "
                    "stays the same.")),
    ))


def send_password_changed(user: User, changed_at: datetime.datetime) -> None:
    """Tell the learner their password changed, so a change they did not make is noticed."""
    _send(user, user.email, lambda: (
        _("Your password was changed"),
        Paragraph(_("The password of your wallet was changed %(moment)s. Every phone and "
                    "computer that was logged in has been logged out.",
                    moment=format_moment(changed_at))),
        Paragraph(
            _("Was it not you? Choose a new password at once:"),
            absolute_url("recovery.ask_for_reset"),
        ),
    ))


def _send(user: User, address: str, write: Callable[[], tuple]) -> None:
    """The letter ``write`` gives, to ``address``, in the learner's language (the one chosen in
    the wallet, else the page's)."""
    mail.send_letter(address, user.name, user.locale or current_locale(), write)
