"""Many learners import and share at once through several gunicorn workers: every accepted
write is stored exactly once and whole, and every answer is a success or a clean refusal."""

from __future__ import annotations

import concurrent.futures
import hashlib
import random
import uuid

from support.gunicorn import running_gunicorn
from support.stored import signed_tokens
from support.stored import sqlite_integrity
from support.stored import stored_rows
from support.web_learner import WebLearner
from support.web_learner import created_id
from wallet.extensions import db
from wallet.models import User

LEARNERS = 6
TOKENS_EACH = 8
SHARES_EACH = 4
THREADS = 16


def at_once(tasks, threads=THREADS) -> list:
    """Run every (function, *args) task on a thread pool, in a random order; results in order."""
    order = list(range(len(tasks)))
    random.shuffle(order)
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        futures = {index: pool.submit(*tasks[index]) for index in order}
        return [futures[index].result() for index in range(len(tasks))]


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
