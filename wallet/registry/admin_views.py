"""The issuer registry's admin pages: list, add, edit, suspend, reinstate, remove, history.

Only for signed-in admins: anyone else who is signed in gets 403, and a visitor the login page.
"""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wallet.accounts.admins import admins_only
from wallet.models import RegisteredIssuer
from wallet.platform.extensions import db
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other
from wallet.registry import labels
from wallet.registry import store
from wallet.registry import trust
from wallet.registry.forms import conflict_message
from wallet.registry.forms import parse_issuer_form
from wallet.registry.store import Actor
from wallet.registry.store import RegistryConflict

bp = Blueprint("registry_admin", __name__, url_prefix="/admin/issuers")
admins_only(bp)

DONE = {
    "add": _l("%(name)s is now a trusted issuer."),
    "edit": _l("The details of %(name)s were saved."),
    "suspend": _l("%(name)s is suspended. Its credentials show a warning from the next view."),
    "reinstate": _l("%(name)s is trusted again."),
    "remove": _l("%(name)s was removed. Its credentials show a warning from the next view."),
    "unchanged": _l("Nothing was changed for %(name)s."),
}


ACTION_BUTTONS = {"suspend": _l("Suspend"), "reinstate": _l("Trust again"), "remove": _l("Remove")}


@bp.context_processor
def registry_vocabulary():
    return labels.template_labels() | {
        "action_labels": labels.ACTION_LABELS,
        "action_buttons": ACTION_BUTTONS,
        "status_actions": store.STATUS_ACTIONS,
        "describe_value": describe_value,
    }


@bp.get("")
def index():
    snapshot = trust.current()
    from_file = [issuer for issuer in snapshot.trust_list if issuer.id not in snapshot.registered]
    return render("registry/index.html", issuers=store.all_issuers(), from_file=from_file)


@bp.get("/history")
def history():
    return render("registry/history.html", changes=store.history(), issuer=None)


@bp.route("/new", methods=["GET", "POST"])
def new():
    if request.method == "GET":
        return render_form(None, {})
    parsed = parse_issuer_form(request.form, request.files)
    if isinstance(parsed, dict):
        return render_form(None, parsed, 422)
    try:
        issuer = store.add(parsed.details, Actor.admin(current_user), parsed.logo)
    except RegistryConflict as conflict:
        return render_form(None, conflict_message(conflict.field), 422)
    return done(issuer, "add")


@bp.get("/<int:issuer_key>")
def detail(issuer_key: int):
    issuer = db.get_or_404(RegisteredIssuer, issuer_key)
    return render("registry/detail.html", issuer=issuer, changes=store.history(issuer))


@bp.route("/<int:issuer_key>/edit", methods=["GET", "POST"])
def edit(issuer_key: int):
    issuer = db.get_or_404(RegisteredIssuer, issuer_key)
    if request.method == "GET":
        return render_form(issuer, {})
    parsed = parse_issuer_form(request.form, request.files, issuer.issuer_id)
    if isinstance(parsed, dict):
        return render_form(issuer, parsed, 422)
    actor = Actor.admin(current_user)
    try:
        changed = store.edit(issuer, parsed.details, actor, parsed.logo, parsed.drop_logo)
    except RegistryConflict as conflict:
        return render_form(issuer, conflict_message(conflict.field), 422)
    return done(issuer, "edit" if changed else "unchanged")


@bp.route("/<int:issuer_key>/<any(suspend, reinstate, remove):action>", methods=["GET", "POST"])
def change_status(issuer_key: int, action: str):
    """Ask first; the answer changes trust from the next view of any of its credentials."""
    issuer = db.get_or_404(RegisteredIssuer, issuer_key)
    if issuer.status not in store.STATUS_ACTIONS[action][0]:
        return done(issuer, "unchanged")  # e.g. sent twice, or from a page left open
    if request.method == "GET":
        return render("registry/confirm.html", issuer=issuer, action=action)
    store.change_status(issuer, action, Actor.admin(current_user))
    return done(issuer, action)


def done(issuer: RegisteredIssuer, outcome: str):
    """Say what happened, on the issuer's page with its history."""
    category = "info" if outcome == "unchanged" else "success"
    flash(str(DONE[outcome]) % {"name": issuer.name_sv}, category)
    return see_other(url_for(".detail", issuer_key=issuer.id))


def render_form(issuer: RegisteredIssuer | None, errors: dict, status: int = 200):
    """The add or edit form; after a refusal it shows what was typed, with a message per field."""
    return render(
        "registry/form.html", status=status, issuer=issuer, errors=errors, form=request.form
    )


def describe_value(field: str, value) -> str:
    """A value in the history, as a person reads it."""
    if value is None:
        return _("(empty)")
    if field == "status":
        return str(labels.STATUS_LABELS.get(value, value))
    if field == "logo":
        return _("image %(digest)s", digest=value[:12])
    return str(value)
