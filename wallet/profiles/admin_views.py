"""The occupational profiles' admin pages: list, import a definition, download it, remove.

For registry admins only (a profile belongs to a registered issuer); every change goes into
the registry's history. A profile is edited by importing its changed definition (README).
"""

from __future__ import annotations

import json

from flask import Blueprint
from flask import Response
from flask import flash
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from wallet.accounts.admins import admins_only
from wallet.credentials.profile_definitions import profile_definition
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other
from wallet.profiles import store
from wallet.profiles.forms import read_upload
from wallet.profiles.forms import refusal_message
from wallet.registry import labels
from wallet.registry.store import Actor

bp = Blueprint("profiles_admin", __name__, url_prefix="/admin/profiles")
bp.context_processor(labels.template_labels)
admins_only(bp)


@bp.get("")
def index():
    return render("profiles/admin.html", profiles=store.read_all(), error=None)


@bp.post("")
def import_definition():
    """Add a profile from an uploaded JSON definition, or change the one with its slug."""
    try:
        row, outcome = store.import_profile(read_upload(request.files.get("definition")),
                                            Actor.admin(current_user))
    except store.ProfileRefused as refusal:
        return render("profiles/admin.html", status=422, error=refusal_message(refusal),
                      profiles=store.read_all())
    messages = {
        "added": _("The profile %(slug)s was added.", slug=row.slug),
        "changed": _("The profile %(slug)s was changed.", slug=row.slug),
        "unchanged": _("The profile %(slug)s already had this definition.", slug=row.slug),
    }
    flash(messages[outcome], "success")
    return see_other(url_for(".index"))


@bp.get("/<slug>.json")
def export(slug: str):
    row = store.profile_or_404(slug)
    body = json.dumps(profile_definition(store.read(row)), ensure_ascii=False, indent=2)
    response = Response(body + "\n", mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{row.slug}.json"'
    return response


@bp.route("/<slug>/remove", methods=["GET", "POST"])
def remove(slug: str):
    """GET asks first; POST takes the profile out of use."""
    row = store.profile_or_404(slug)
    if request.method == "GET":
        return render("profiles/remove.html", row=row, profile=store.read(row))
    try:
        store.remove_profile(row, Actor.admin(current_user))
    except store.ProfileRefused as refusal:
        flash(refusal_message(refusal), "error")
        return see_other(url_for(".index"))
    flash(_("The profile %(slug)s is no longer used.", slug=row.slug), "success")
    return see_other(url_for(".index"))
