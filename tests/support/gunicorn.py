"""The app under gunicorn on a free loopback port, as production runs it, for reliability tests.

``running_gunicorn(app, log, workers=2, environment=None)`` serves ``wsgi:app`` with ``app``'s
database, secret and trust list (through the environment, as an operator would set them, plus
``environment``) and yields a ``Gunicorn`` with its ``url`` and master ``pid``;
``worker_pids()`` lists the live workers. ``gunicorn_command(port, workers)`` is the command.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import requests
from flask import Flask

ROOT = pathlib.Path(__file__).resolve().parents[2]
START_TIMEOUT = 20.0


@dataclasses.dataclass(frozen=True)
class Gunicorn:
    url: str
    pid: int

    def worker_pids(self) -> set[int]:
        children = pathlib.Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text()
        return {int(pid) for pid in children.split()}


def server_environment(app: Flask) -> dict[str, str]:
    """What an operator sets to serve ``app``'s data: database, shared secret, trust list."""
    return {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "TRUST_LIST": app.config["TRUST_LIST"],
        "WALLET_COOKIE_INSECURE": "1",  # plain http on loopback
        "TRUSTED_HOSTS": "127.0.0.1,localhost",
        "RATELIMIT_ENABLED": "false",  # the tests are the load
        "MAIL_ENABLED": "false",  # no mail server: e-mail turned off, as a server must say
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(port: int, workers: int) -> list[str]:
    """gunicorn with sync workers on 127.0.0.1, the project's gunicorn.conf.py otherwise."""
    return [
        sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync",
        "--threads", "1", "--timeout", "20", "--no-control-socket", "wsgi:app",
    ]


@contextlib.contextmanager
def running_gunicorn(
    app: Flask, log: pathlib.Path, workers: int = 2, environment: dict | None = None
) -> Iterator[Gunicorn]:
    """``gunicorn_command`` serving ``app`` until the block ends."""
    port = free_port()
    env = server_environment(app) | (environment or {})
    with log.open("ab") as output:
        process = subprocess.Popen(
            gunicorn_command(port, workers), cwd=ROOT, env=env, stdout=output, stderr=output
        )
    server = Gunicorn(f"http://127.0.0.1:{port}", process.pid)
    try:
        wait_until_serving(server, process, workers, log)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_until_serving(server: Gunicorn, process: subprocess.Popen, workers: int, log) -> None:
    """Return once /healthz answers and every worker is up; fail with gunicorn's log if not."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{server.url}/healthz", timeout=2).ok:
                if len(server.worker_pids()) == workers:
                    return
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
