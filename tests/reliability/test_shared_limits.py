"""Rate limits hold across workers: counted together in Redis, or one worker counts alone.

Several gunicorn workers with per-process counts would each allow the whole limit (20 of 45
wrong logins got through a limit of 10 that way). Redis on 127.0.0.1 is part of the suite:
`make test` starts it where the machine has none running.
"""

from __future__ import annotations

import secrets
import subprocess

import redis
import requests
from support.gunicorn import ROOT
from support.gunicorn import free_port
from support.gunicorn import gunicorn_command
from support.gunicorn import running_gunicorn
from support.gunicorn import server_environment

LOCAL_REDIS = "redis://127.0.0.1:6379/15"
LIMIT = 6


def test_three_workers_count_one_limit_together_in_redis(served_app, gunicorn_log):
    assert redis.Redis.from_url(LOCAL_REDIS, socket_timeout=1).ping(), "Redis must answer"
    environment = {
        "RATELIMIT_ENABLED": "true",
        "REDIS_URL": LOCAL_REDIS,
        "RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(8)}",
        "SHARE_LOOKUP_RATE_LIMIT": f"{LIMIT} per minute",
    }
    with running_gunicorn(served_app, gunicorn_log, workers=3, environment=environment) as server:
        answers = []
        for guess in range(3 * LIMIT):
            # A new connection each time: sync workers take turns, so every worker counts some.
            with requests.Session() as fresh:
                answers.append(fresh.get(f"{server.url}/v/guess{guess}AAAAAAAAAAAAAAA").status_code)
    assert answers == [404] * LIMIT + [429] * (2 * LIMIT)


def test_several_workers_with_counts_of_their_own_are_refused(served_app, tmp_path):
    environment = server_environment(served_app) | {"RATELIMIT_ENABLED": "true"}
    environment.pop("REDIS_URL", None)
    environment.pop("RATELIMIT_STORAGE_URI", None)
    started = subprocess.run(
        gunicorn_command(free_port(), workers=3),
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert started.returncode != 0
    assert "Refusing to start 3 workers with per-process rate limits" in started.stderr
