"""Serving behind a proxy, and logs that no input can forge or open a share with.

Every log record, from any module (ours, a library's, gunicorn's access log), is made with the
values in it escaped (CR, LF, tab, the other C0 and C1 characters, ANSI escapes, Unicode line
separators): a value taken from a request or a credential can never start a line of its own or
repaint the terminal. Share tokens are masked in gunicorn's and the dev server's logs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from gunicorn import glogging
from werkzeug.middleware.proxy_fix import ProxyFix

# C0, DEL, C1 and the Unicode line and paragraph separators.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The capability part of a share URL: /v/<token>, /v/<token>.json, /v/<token>/receipt ...
SHARE_TOKEN = re.compile(r"(/v/)[^/?#\s\".]+")
MASK = r"\1[token]"


def mask_share_tokens(text: str) -> str:
    """The text with the token of every share URL replaced, so logs never open a share."""
    return SHARE_TOKEN.sub(MASK, text)


def escape_controls(text: str) -> str:
    """``text`` with every control character written as its escape, e.g. a newline as ``\\n``."""
    return CONTROL_CHARACTERS.sub(lambda found: found[0].encode("unicode_escape").decode(), text)


def escape_every_log_record() -> None:
    """Make every log record of this process with the values in it escaped (idempotent).

    A record factory rather than a filter: a logger's filters see only records logged to that
    very logger, while the factory makes every record, whatever logger or handler it goes to.
    Input reaches a log as the values put into a message (``log.info("url %s", url)``: ours,
    gunicorn's access log, werkzeug's request lines), so those are escaped; the message's own
    text is the program's (werkzeug's coloured start-up banner stays as it is).
    """
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "escapes_controls", False):
        return

    def make_escaped_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        if isinstance(record.args, Mapping):
            record.args = {key: _escaped(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_escaped(value) for value in record.args)
        return record

    make_escaped_record.escapes_controls = True
    logging.setLogRecordFactory(make_escaped_record)


def _escaped(value: object) -> object:
    """Numbers as they are (for %d and friends); anything else as its text, escaped."""
    if isinstance(value, int | float):
        return value
    return escape_controls(str(value))


class MaskShareTokens(logging.Filter):
    """Format each record once and mask it, whatever the arguments (tuple or dict)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_share_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class TokenMaskingLogger(glogging.Logger):
    """gunicorn's logger with share tokens masked in the access log and the error log."""

    def setup(self, cfg) -> None:
        escape_every_log_record()
        super().setup(cfg)
        for logger in (self.access_log, self.error_log):
            logger.addFilter(MaskShareTokens())


def init_app(app) -> None:
    """Trust one proxy's forwarded headers when asked to; log the audit trail; escape, mask."""
    escape_every_log_record()
    if app.config["WALLET_PROXY_FIX"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    if app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.INFO)  # the audit trail is INFO; Python's default hides it
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, MaskShareTokens) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(MaskShareTokens())
