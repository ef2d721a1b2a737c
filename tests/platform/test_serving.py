"""Serving: gunicorn's configuration, and share tokens masked in every log line (ASVS 16.2.5)."""

from __future__ import annotations

import logging
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from wallet.platform.serving import MaskShareTokens
from wallet.platform.serving import mask_share_tokens

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOKEN = secrets.token_urlsafe(16)


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (f'"GET /v/{TOKEN} HTTP/1.1" 404', '"GET /v/[token] HTTP/1.1" 404'),
        (f"GET /v/{TOKEN}.json", "GET /v/[token].json"),
        (f"GET /v/{TOKEN}/receipt?view=a", "GET /v/[token]/receipt?view=a"),
        (f"GET /v/{TOKEN}/credentials/0.jwt", "GET /v/[token]/credentials/0.jwt"),
        ("GET /wallet/3 HTTP/1.1", "GET /wallet/3 HTTP/1.1"),
    ],
)
def test_share_tokens_are_masked_in_log_lines(line, masked):
    assert mask_share_tokens(line) == masked


def test_the_dev_server_log_masks_share_tokens(app, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    request_line = f"GET /v/{TOKEN} HTTP/1.1"
    logging.getLogger("werkzeug").info('%s - - "%s" %s', "127.0.0.1", request_line, 404)
    assert TOKEN not in caplog.text and "/v/[token]" in caplog.text


def test_masking_keeps_records_without_a_token_as_they_are():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "login %s", ("ok",), None)
    assert MaskShareTokens().filter(record) and record.getMessage() == "login ok"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


def fetch(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


def test_gunicorn_serves_with_the_documented_configuration_and_masks_tokens(app, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "TRUST_LIST": app.config["TRUST_LIST"],
        "WALLET_BIND": f"127.0.0.1:{port}",
        "TRUSTED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
        "MAIL_ENABLED": "false",
    }
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]
    log = (tmp_path / "gunicorn.log").open("w+")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz", process)
        paths = [f"/v/{TOKEN}", f"/v/{TOKEN}.json", f"/v/{TOKEN}/receipt?view=t"]
        assert [fetch(base + path) for path in paths] == [404, 404, 404]
        # The access log writes the path decoded: CR LF in it must not start a line of its own.
        assert fetch(base + "/healthz%0D%0Aaudit%20event=account.deleted%20user_id=1") == 404
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    written = pathlib.Path(log.name).read_text()
    log.close()
    assert "Using worker: sync" in written  # the worker class from gunicorn.conf.py
    assert TOKEN not in written
    assert written.count("/v/[token]") >= 3
    assert "view=t" not in written  # no query strings in the access log
    assert not any(line.startswith("audit event=") for line in written.splitlines())
    assert "\\r\\naudit event=account.deleted" in written
