"""Public pages of the occupational profiles: what each asks for, in plain words.

Linked from the employer's page, so they look and behave like it: no login, no cookie, nothing
from another host, in the page's language.
"""

from __future__ import annotations

from flask import Blueprint

from wallet.platform.public_pages import answer
from wallet.platform.public_pages import use_public_look
from wallet.profiles import store
from wallet.profiles.labels import issuer_names

bp = Blueprint("profiles", __name__, url_prefix="/profiles")
use_public_look(bp)


@bp.get("")
def index():
    return answer("profiles/index.html", profiles=store.read_all(active_only=True))


@bp.get("/<slug>")
def show(slug: str):
    """A profile's requirements; a removed profile's page stays, saying it is no longer used."""
    row = store.profile_or_404(slug)
    profile = store.read(row)
    accepted = {i for level in profile.levels for r in level.requires for i in r.issuers}
    return answer("profiles/profile.html", row=row, profile=profile,
                  issuer_names=issuer_names(accepted))
