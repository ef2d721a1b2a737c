"""Outgoing e-mail: plain text and simple HTML in the reader's language, sent off the request.

How mail leaves is decided once, when the app starts:

- ``smtp`` when ``MAIL_SERVER`` is set (``MAIL_PORT``, ``MAIL_USERNAME``, ``MAIL_PASSWORD``,
  ``MAIL_USE_TLS`` for STARTTLS, ``MAIL_USE_SSL`` for TLS from the start, ``MAIL_FROM``);
- ``console`` in the demo, debug mode and tests without a server: each mail is printed,
  labelled as not sent, so ``make run`` shows the links it would have mailed;
- ``off`` when ``MAIL_ENABLED=false``: nothing is sent, and pages say what to do instead.

Anywhere else a missing server stops the app: a learner who gets no mail cannot confirm an
address or reset a password, and nobody would notice until one tried.

Messages are composed in the request (words, language, links) and handed to one sending thread
per process, so no request waits for a mail server and none talks to one inside a database
transaction. ``MAIL_TIMEOUT`` cuts every step of the SMTP conversation; a server that is slow
or down loses that mail only (logged as ``mail.failed``), never the account or the answer the
learner already has, and the pages say how to ask for the mail again.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import email.message
import email.utils
import logging
import smtplib
import ssl
import sys
import threading
import urllib.parse
from collections.abc import Callable

from flask import Flask
from flask import current_app
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from wallet.platform.config import ConfigurationError
from wallet.platform.i18n import text_direction

logger = logging.getLogger(__name__)
EXTENSION = "wallet.mail"


@dataclasses.dataclass(frozen=True)
class Paragraph:
    """A paragraph of a mail; ``link`` (absolute, from WALLET_BASE_URL) is written out under it."""

    text: str
    link: str | None = None


@dataclasses.dataclass(frozen=True)
class Letter:
    """What a mail says, already in the reader's language (written inside ``force_locale``)."""

    subject: str
    paragraphs: tuple[Paragraph, ...]


@dataclasses.dataclass(frozen=True)
class SmtpSettings:
    server: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    use_ssl: bool
    timeout: float


class Outbox:
    """Where composed messages go: an SMTP server (from a thread of its own), the console, or
    nowhere."""

    def __init__(self, mode: str, smtp: SmtpSettings | None, sender: str) -> None:
        self.mode = mode
        self.smtp = smtp
        self.sender = sender
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._pending: set[concurrent.futures.Future] = set()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.mode != "off"

    def send(self, message: email.message.EmailMessage) -> None:
        if self.mode == "console":
            print(console_text(message), file=sys.stdout, flush=True)
        elif self.mode == "smtp":
            self._submit(message)
        else:
            logger.info("mail.skipped: e-mail is turned off (MAIL_ENABLED=false)")

    def wait_until_sent(self, timeout: float) -> None:
        """Wait for every message handed over so far (tests, and anyone shutting down)."""
        with self._lock:
            pending = set(self._pending)
        concurrent.futures.wait(pending, timeout=timeout)

    def _submit(self, message: email.message.EmailMessage) -> None:
        with self._lock:
            # Made on first use, in the process that serves: a thread would not survive a fork.
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(1, "mail")
            future = self._executor.submit(deliver, self.smtp, message)
            self._pending.add(future)
        future.add_done_callback(self._done)

    def _done(self, future: concurrent.futures.Future) -> None:
        with self._lock:
            self._pending.discard(future)


def init_app(app: Flask) -> None:
    """Decide how mail leaves; refuse to serve learners with no way to reach them."""
    config = app.config
    sender = config["MAIL_FROM"] or f"no-reply@{_site_host(config['WALLET_BASE_URL'])}"
    if config["MAIL_SERVER"]:
        use_ssl = bool(config["MAIL_USE_SSL"])
        smtp = SmtpSettings(
            server=config["MAIL_SERVER"],
            port=config["MAIL_PORT"] or (465 if use_ssl else 587),
            username=config["MAIL_USERNAME"],
            password=config["MAIL_PASSWORD"],
            use_tls=bool(config["MAIL_USE_TLS"]) and not use_ssl,
            use_ssl=use_ssl,
            timeout=float(config["MAIL_TIMEOUT"]),
        )
        app.extensions[EXTENSION] = Outbox("smtp", smtp, sender)
    elif not config["MAIL_ENABLED"]:
        app.extensions[EXTENSION] = Outbox("off", None, sender)
    elif config.get("WALLET_DEMO") or app.debug or app.testing:
        app.extensions[EXTENSION] = Outbox("console", None, sender)
    else:
        raise ConfigurationError(
            "MAIL_SERVER must name the SMTP server that sends learners their links (address "
            "confirmation, password reset), e.g. MAIL_SERVER=smtp.example.se "
            "MAIL_FROM=no-reply@example.se; or set MAIL_ENABLED=false to run without e-mail. "
            "For a local demo set WALLET_DEMO=1 (make run does)."
        )
    app.context_processor(lambda: {"mail_enabled": outbox(app).enabled})


def outbox(app: Flask | None = None) -> Outbox:
    return (app or current_app).extensions[EXTENSION]


def compose(to: str, locale: str, letter: Letter) -> email.message.EmailMessage:
    """The letter as plain text and as simple HTML: no images, nothing fetched, no tracking."""
    with force_locale(locale):
        context = {"letter": letter, "language": locale, "direction": text_direction(locale)}
        text = render_template("mail/letter.txt", **context)
        html = render_template("mail/letter.html", **context)
    sender = outbox().sender
    message = email.message.EmailMessage()
    message["Subject"] = letter.subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = email.utils.formatdate(localtime=False)
    message["Message-ID"] = email.utils.make_msgid(domain=sender.rpartition("@")[2].strip(">"))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to us
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = locale  # after the content, which replaces Content-* headers
    return message


def send(message: email.message.EmailMessage) -> None:
    """Hand the message over and go on; call only after the request's transaction committed."""
    outbox().send(message)


def send_letter(to: str, name: str, locale: str, write: Callable[[], tuple]) -> None:
    """Write a letter in ``locale`` (``write`` returns its subject, then its paragraphs), greet
    ``name`` and send it to ``to``: every mail to a learner is put together this one way."""
    with force_locale(locale):
        subject, *paragraphs = write()
        greeting = Paragraph(_("Hello %(name)s,", name=name))
        letter = Letter(subject, (greeting, *paragraphs))
    send(compose(to, locale, letter))


def deliver(smtp: SmtpSettings, message: email.message.EmailMessage) -> None:
    """Speak SMTP (in the sending thread); a failure is logged, without the address."""
    client_class = smtplib.SMTP_SSL if smtp.use_ssl else smtplib.SMTP
    options = {"context": ssl.create_default_context()} if smtp.use_ssl else {}
    try:
        with client_class(smtp.server, smtp.port, timeout=smtp.timeout, **options) as client:
            if smtp.use_tls:
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password or "")
            client.send_message(message)
    except Exception as error:  # noqa: BLE001  (the thread's edge: it would vanish unseen)
        logger.warning("mail.failed reason=%s", type(error).__name__)


def console_text(message: email.message.EmailMessage) -> str:
    """The demo's mail as printed: who it is for, the subject and the text, clearly framed."""
    text = message.get_body(("plain",)).get_content()
    return (
        "----- E-mail (not sent: printed because no MAIL_SERVER is set) -----\n"
        f"To: {message['To']}\nSubject: {message['Subject']}\n\n{text.rstrip()}\n"
        "----- End of e-mail -----"
    )


def _site_host(base_url: str) -> str:
    host = urllib.parse.urlsplit(base_url).hostname or "localhost"
    return host if any(c.isalpha() for c in host) else "localhost"  # never an address literal
