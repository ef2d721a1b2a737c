"""Many learners import and share at once through several gunicorn workers: every accepted
write is stored exactly once and whole, and every answer is a success or a clean refusal.
One learner racing many requests past a limit gets exactly the limit, never more."""

from __future__ import annotations

import concurrent.futures
import hashlib
import random
import threading
import uuid

from support.gunicorn import running_gunicorn
from support.stored import signed_tokens
from support.stored import sqlite_integrity
from support.stored import stored_rows
from support.web_learner import WebLearner
from support.web_learner import created_id

from wallet.models import User
from wallet.platform.extensions import db
from wallet.platform.i18n import COOKIE

LEARNERS = 6
TOKENS_EACH = 8
SHARES_EACH = 4
THREADS = 16
LIMIT = 3
RACERS = 8  # distinct requests racing for LIMIT places, each sent twice


def at_once(tasks, threads=THREADS) -> list:
    """Run every (function, *args) task on a thread pool, in a random order; results in order."""
    order = list(range(len(tasks)))
    random.shuffle(order)
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        futures = {index: pool.submit(*tasks[index]) for index in order}
        return [futures[index].result() for index in range(len(tasks))]


def all_at_once(tasks) -> list:
    """``at_once``, every task on a thread of its own, all released together by a barrier."""
    barrier = threading.Barrier(len(tasks))

    def when_all_ready(function, *args):
        barrier.wait(timeout=30)
        return function(*args)

    return at_once([(when_all_ready, *task) for task in tasks], threads=len(tasks))


def import_as(learner: WebLearner, token: str):
    return learner.clone().import_credential(token)  # a tab of its own per request


def share_as(learner: WebLearner, request_id: str, credential_ids: list[int]):
    return learner.clone().create_share(credential_ids, request_id)


def assert_all_succeeded(answers) -> None:
    """Every answer a redirect to what was made; no 500, no "database is locked"."""
    failed = [(a.status_code, a.text[:300]) for a in answers if a.status_code != 303]
    assert failed == []


def owner_ids(app, emails) -> list[int]:
    with app.app_context():
        query = db.select(User.email, User.id).where(User.email.in_(emails))
        rows = dict(db.session.execute(query).all())
        return [rows[email] for email in emails]


def test_simultaneous_imports_and_shares_are_stored_once_and_whole(served_app, gunicorn_log):
    with running_gunicorn(served_app, gunicorn_log, workers=3) as server:
        emails = [f"learner{n}@example.se" for n in range(LEARNERS)]
        learners = [
            WebLearner.register(server.url, f"Learner {n}", email, f"lösen ord {n}!")
            for n, email in enumerate(emails)
        ]
        tokens = [signed_tokens(TOKENS_EACH, slot=30 + n) for n in range(LEARNERS)]
        # Every import is sent twice at once, as a client retrying an unanswered request would.
        imports = [(n, token) for n in range(LEARNERS) for token in tokens[n] for _ in range(2)]
        answers = at_once([(import_as, learners[n], token) for n, token in imports])
        assert_all_succeeded(answers)
        ids = {(n, token): set() for n, token in imports}
        for (n, token), answer in zip(imports, answers):
            ids[n, token].add(created_id(answer))
        assert all(len(found) == 1 for found in ids.values())  # both tries name the same row

        shares = []
        for n in range(LEARNERS):
            chosen = [ids[n, token].pop() for token in tokens[n]]
            for _ in range(SHARES_EACH):
                picked = random.sample(chosen, 3)
                shares += [(n, str(uuid.uuid4()), picked)] * 2  # each create form sent twice
        answers = at_once([(share_as, learners[n], request, picked) for n, request, picked in shares])
        assert_all_succeeded(answers)
        acked_shares = {}
        for (n, request_id, picked), answer in zip(shares, answers):
            acked_shares.setdefault((n, request_id), set()).add(created_id(answer))
        assert all(len(found) == 1 for found in acked_shares.values())

    owners = owner_ids(served_app, emails)
    rows = stored_rows(served_app)
    for n, owner in enumerate(owners):
        digests = sorted(digest for _, digest in rows.credentials[owner])
        assert digests == sorted(hashlib.sha256(t.encode()).hexdigest() for t in tokens[n])
        wanted = {request_id: picked for m, request_id, picked in shares if m == n}
        assert {r: items for r, (_, items) in rows.shares[owner].items()} == wanted
        assert {r: {share_id} for r, (share_id, _) in rows.shares[owner].items()} == {
            r: made for (m, r), made in acked_shares.items() if m == n
        }
    assert sqlite_integrity(served_app) == ["ok"]


def assert_limit_held(answers, refusal_status: int, refusal: str) -> set[int]:
    """LIMIT rows made, every other answer the limit's refusal, both tries of a request alike."""
    made = {created_id(answer) for answer in answers if answer.status_code == 303}
    refused = [a for a in answers if a.status_code != 303]
    unclean = [(a.status_code, a.text[:300]) for a in refused if refusal not in a.text]
    assert (unclean, {a.status_code for a in refused}) == ([], {refusal_status})  # no 500
    assert len(made) == LIMIT, sorted(made)
    tries = zip(answers[::2], answers[1::2])
    assert all(a.headers.get("Location") == b.headers.get("Location") for a, b in tries)
    return made


def test_one_learner_racing_past_the_limits_gets_exactly_the_limits(
    served_app, gunicorn_log, monkeypatch
):
    monkeypatch.setenv("MAX_CREDENTIALS_PER_WALLET", str(LIMIT))
    monkeypatch.setenv("MAX_ACTIVE_SHARES", str(LIMIT))
    with running_gunicorn(served_app, gunicorn_log, workers=RACERS) as server:
        learner = WebLearner.register(server.url, "Lina Gräns", "lina@example.se", "tre åt gången")
        learner.session.cookies.set(COOKIE, "en")  # the refusals in English, as asserted below
        tokens = signed_tokens(RACERS, slot=60)
        answers = all_at_once([(import_as, learner, token) for token in tokens for _ in range(2)])
        full = f"Your wallet is full: it holds at most {LIMIT} credentials"
        credential = min(assert_limit_held(answers, 413, full))

        request_ids = [str(uuid.uuid4()) for _ in range(RACERS)]
        shares = [(share_as, learner, request_id, [credential]) for request_id in request_ids]
        answers = all_at_once([share for share in shares for _ in range(2)])
        assert_limit_held(answers, 422, f"You already have {LIMIT} links that work")

    [owner] = owner_ids(served_app, ["lina@example.se"])
    rows = stored_rows(served_app)
    assert (len(rows.credentials[owner]), len(rows.shares[owner])) == (LIMIT, LIMIT)
