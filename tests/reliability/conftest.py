"""Reliability tests: the app under gunicorn on loopback, on the test database (SQLite or
``TEST_DATABASE_URL``), driven by many clients at once; each test is bounded in time.

- ``served_app``: ``make_app()`` whose database gunicorn serves (tables already created).
- ``gunicorn_log``: where the servers of a test write their logs (shown when a test fails).
"""

from __future__ import annotations

import pytest
from flask import Flask


@pytest.fixture
def served_app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def gunicorn_log(tmp_path):
    log = tmp_path / "gunicorn.log"
    yield log
    if log.exists():
        print(log.read_text()[-5000:])  # shown by pytest only when the test failed
