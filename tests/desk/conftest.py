"""``app``: the issuing desk's app (support.desk.desk_app); ``staff``: the ``user`` fixture
granted the desk of ``support.desk.SLUG``."""

from __future__ import annotations

import pytest
from support.desk import desk_app
from support.desk import make_staff


@pytest.fixture
def app(make_app, tmp_path):
    return desk_app(make_app, tmp_path)


@pytest.fixture
def staff(app, user):
    make_staff(app, user)
    return user
