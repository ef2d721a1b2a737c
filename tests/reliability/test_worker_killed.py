"""A gunicorn worker killed in the middle of imports: the database stays whole, every
acknowledged import is there, a retry of an unanswered one is safe, and the app keeps serving."""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import signal
import threading
import time

import requests
from support.gunicorn import running_gunicorn
from support.stored import signed_tokens
from support.stored import sqlite_integrity
from support.stored import stored_rows
from support.web_learner import WebLearner

CLIENTS = 4
TOKENS = 120


def digests(tokens: list[str]) -> set[str]:
    return {hashlib.sha256(token.encode()).hexdigest() for token in tokens}


def stored_digests(app) -> list[str]:
    """The SHA-256 of every stored credential (the test has one learner)."""
    return [digest for rows in stored_rows(app).credentials.values() for _, digest in rows]


def import_all(learner: WebLearner, tokens: list[str], kill) -> tuple[list[str], list[str]]:
    """Post every token from several threads; ``kill()`` runs once a third are answered."""
    acknowledged: list[str] = []
    unanswered: list[str] = []
    lock = threading.Lock()

    def post(token: str) -> None:
        try:
            response = learner.clone().import_credential(token)
        except requests.ConnectionError:
            outcome = unanswered  # the worker died with the request: outcome unknown
        else:
            assert response.status_code == 303, (response.status_code, response.text[:300])
            outcome = acknowledged
        with lock:
            outcome.append(token)
            if len(acknowledged) + len(unanswered) == len(tokens) // 3:
                kill()

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(post, tokens))
    return acknowledged, unanswered


def test_killing_a_worker_mid_import_loses_nothing_acknowledged(served_app, gunicorn_log):
    tokens = signed_tokens(TOKENS, slot=40)
    with running_gunicorn(served_app, gunicorn_log, workers=2) as server:
        learner = WebLearner.register(server.url, "Kim Krasch", "kim@example.se", "hela vägen 7")
        workers = server.worker_pids()
        victim = min(workers)
        kill = lambda: os.kill(victim, signal.SIGKILL)  # noqa: E731
        acknowledged, unanswered = import_all(learner, tokens, kill)
        # The master replaces the worker; the app answers as before.
        deadline = time.monotonic() + 15
        while len(server.worker_pids() - {victim}) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert victim not in server.worker_pids() and len(server.worker_pids()) == 2
        assert learner.get("/wallet").status_code == 200
        assert digests(acknowledged) <= set(stored_digests(served_app))
        # A client that got no answer tries again: each is then stored exactly once.
        for token in unanswered:
            assert learner.import_credential(token).status_code == 303
    assert sorted(stored_digests(served_app)) == sorted(digests(tokens))
    assert sqlite_integrity(served_app) == ["ok"]
    print(f"acknowledged {len(acknowledged)}, unanswered {len(unanswered)} of {len(tokens)}")
