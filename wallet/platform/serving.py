"""Serving behind a proxy and logging without share tokens, for gunicorn and the dev server."""

from __future__ import annotations

import logging
import re

from gunicorn import glogging
from werkzeug.middleware.proxy_fix import ProxyFix

# The capability part of a share URL: /v/<token>, /v/<token>.json, /v/<token>/receipt ...
SHARE_TOKEN = re.compile(r"(/v/)[^/?#\s\".]+")
MASK = r"\1[token]"


def mask_share_tokens(text: str) -> str:
    """The text with the token of every share URL replaced, so logs never open a share."""
    return SHARE_TOKEN.sub(MASK, text)


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
        super().setup(cfg)
        for logger in (self.access_log, self.error_log):
            logger.addFilter(MaskShareTokens())


def init_app(app) -> None:
    """Trust one proxy's forwarded headers when asked to; log the audit trail; mask tokens."""
    if app.config["WALLET_PROXY_FIX"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    if app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.INFO)  # the audit trail is INFO; Python's default hides it
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, MaskShareTokens) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(MaskShareTokens())
