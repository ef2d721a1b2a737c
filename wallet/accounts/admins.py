"""Who may manage the registry: pages only for admins (``flask admin grant``)."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask_login import current_user
from flask_login import login_required


def admins_only(blueprint: Blueprint) -> None:
    """Every page of ``blueprint`` is for signed-in admins: anyone else signed in gets 403, and
    a visitor the login page."""

    @blueprint.before_request
    @login_required
    def require_admin():
        if not current_user.is_admin:
            abort(403)
