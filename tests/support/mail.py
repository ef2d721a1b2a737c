"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it receives.

``receiving_mail()`` serves on a free port until the block ends and yields a ``MailSink``:
``settings`` are the app's ``MAIL_*`` for it; ``received(app)`` waits until the app's sending
thread has handed over everything so far and returns the messages, oldest first
(``email.message.EmailMessage``); ``to(app, address)`` only those for one address;
``text(message)``, ``html(message)`` and ``links(message)`` read one; ``link_path(message,
prefix)`` is the path of its link under ``prefix`` (``/confirm/``), to open with a test client.
"""

from __future__ import annotations

import contextlib
import dataclasses
import email
import email.policy
import re
import threading
import urllib.parse
from collections.abc import Iterator

from aiosmtpd.controller import Controller
from support.gunicorn import free_port

from wallet.platform import mail

SEND_TIMEOUT = 10.0
LINK = re.compile(r"https?://[^\s<>\"]+")


@dataclasses.dataclass
class MailSink:
    port: int
    messages: list = dataclasses.field(default_factory=list)
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    @property
    def settings(self) -> dict:
        return {
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": self.port,
            "MAIL_USE_TLS": False,  # loopback; a real server is reached with STARTTLS
            "MAIL_FROM": "Kompetenspass <no-reply@kompetenspass.test>",
        }

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted"

    def received(self, app) -> list:
        mail.outbox(app).wait_until_sent(SEND_TIMEOUT)
        with self.lock:
            return list(self.messages)

    def to(self, app, address: str) -> list:
        return [message for message in self.received(app) if message["To"] == address]


def text(message) -> str:
    return message.get_body(("plain",)).get_content()


def html(message) -> str:
    return message.get_body(("html",)).get_content()


def links(message) -> list[str]:
    """Every link in the plain text, in order."""
    return LINK.findall(text(message))


def link_path(message, prefix: str) -> str:
    paths = [urllib.parse.urlsplit(link).path for link in links(message)]
    [path] = [path for path in paths if path.startswith(prefix)]
    return path


@contextlib.contextmanager
def receiving_mail() -> Iterator[MailSink]:
    sink = MailSink(free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
