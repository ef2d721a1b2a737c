"""Who works at the issuing desk: grants of a demo issuer to a staff member's account."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask_login import current_user
from flask_login import login_required

from wallet.issuing.demo_issuers import issuer_slugs
from wallet.models import IssuerStaff
from wallet.models import User
from wallet.platform.database import writes
from wallet.platform.extensions import db


def slugs_of(user_id: int) -> list[str]:
    """The demo issuers the account may issue for, in the order the demo lists them."""
    granted = set(db.session.scalars(db.select(IssuerStaff.issuer_slug).filter_by(user_id=user_id)))
    return [slug for slug in issuer_slugs() if slug in granted]


@writes
def grant(user: User, slug: str, granted: bool) -> None:
    row = db.session.scalar(db.select(IssuerStaff).filter_by(user_id=user.id, issuer_slug=slug))
    if granted and row is None:
        db.session.add(IssuerStaff(user_id=user.id, issuer_slug=slug))
    elif not granted and row is not None:
        db.session.delete(row)
    db.session.commit()


def staff_only(blueprint: Blueprint) -> None:
    """Every page of ``blueprint`` is for signed-in staff of some organisation: others get 403,
    a visitor the login page. Pages of one organisation check it with ``require_staff``."""

    @blueprint.before_request
    @login_required
    def require_some_organisation():
        if not slugs_of(current_user.id):
            abort(403)


def require_staff(slug: str) -> None:
    """404 unless the signed-in account works for ``slug``: another organisation's desk is not
    even admitted to exist."""
    if slug not in slugs_of(current_user.id):
        abort(404)
