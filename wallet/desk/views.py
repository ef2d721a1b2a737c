"""The issuing desk at /issue: a pilot organisation's staff choose a template, write the
learner's name, date and result, and hand the learner a one-time offer (QR code, link and
transaction code); then follow what was issued and withdraw, suspend or revoke it.

Only for staff granted with ``flask admin grant-issuer``; another organisation's pages are 404.
"""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import flash
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from wallet.desk import store
from wallet.desk.credential_templates import in_language
from wallet.desk.forms import parse_issue_form
from wallet.desk.staff import require_staff
from wallet.desk.staff import slugs_of
from wallet.desk.staff import staff_only
from wallet.issuing.demo_issuers import ISSUERS
from wallet.platform import audit
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other
from wallet.platform.i18n import current_locale
from wallet.shares.qr import qr_svg

bp = Blueprint("desk", __name__, url_prefix="/issue")
staff_only(bp)

STATE_LABELS = {
    "waiting": _l("Waiting for the learner"),
    "redeemed": _l("Collected by the learner"),
    "expired": _l("Expired, not collected"),
    "withdrawn": _l("Withdrawn"),
    "revoked": _l("Revoked"),
    "suspended": _l("Suspended"),
}
ACTION_BUTTONS = {
    "withdraw": _l("Withdraw the offer"), "suspend": _l("Suspend"),
    "revoke": _l("Revoke"), "reinstate": _l("Make valid again"),
}
DONE = {
    "withdraw": _l("The offer is withdrawn. Its link and code no longer work."),
    "suspend": _l("The credential is suspended. Employers see this at their next check."),
    "revoke": _l("The credential is revoked. Employers see this at their next check."),
    "reinstate": _l("The credential is valid again."),
}


@bp.context_processor
def desk_vocabulary():
    return {"organisation_name": organisation_name, "in_language": in_language,
            "language": template_language(), "state_labels": STATE_LABELS,
            "action_buttons": ACTION_BUTTONS, "offer_state": store.state,
            "offer_actions": store.actions}


@bp.app_context_processor
def desk_link():
    # Called by base.html's menu only for a signed-in account: one small query then.
    return {"works_at_a_desk": lambda: bool(slugs_of(current_user.id))}


def organisation_name(slug: str) -> str:
    info = next(info for info in ISSUERS if info.slug == slug)
    return info.name if template_language() == "sv" or not info.name_en else info.name_en


def template_language() -> str:
    """Templates are written in Swedish and English: Swedish for a Swedish page, else English."""
    return "sv" if current_locale() == "sv" else "en"


@bp.get("")
def index():
    return render("desk/index.html", slugs=slugs_of(current_user.id))


@bp.get("/<slug>")
def organisation(slug: str):
    require_staff(slug)
    return render("desk/organisation.html", slug=slug, templates=store.templates_of(slug))


@bp.route("/<slug>/templates/<int:template_id>", methods=["GET", "POST"])
def issue(slug: str, template_id: int):
    require_staff(slug)
    template = store.template_of(slug, template_id) or abort(404)
    if request.method == "GET":
        return render("desk/issue.html", slug=slug, template=template, form={}, errors={})
    parsed = parse_issue_form(request.form)
    if isinstance(parsed, dict):
        return render("desk/issue.html", slug=slug, template=template, form=request.form,
                      errors=parsed, status=422)
    offer, link = store.issue(template, parsed, current_user.id)
    audit.record("desk_offer_made", issuer=slug, offer=offer.id, user_id=current_user.id)
    qr = Markup(qr_svg(link, _("QR code of the offer, for the learner's wallet to scan")))
    response = render("desk/offer.html", slug=slug, template=template, offer=offer, link=link,
                      qr=qr, learner_name=parsed.learner_name)
    response.headers["Cache-Control"] = "no-store"  # the page shows the one-time codes
    return response


@bp.get("/<slug>/issued")
def issued(slug: str):
    require_staff(slug)
    return render("desk/issued.html", slug=slug, offers=store.offers_of(slug))


@bp.post("/<slug>/issued/<int:offer_id>/<any(withdraw, suspend, revoke, reinstate):action>")
def act(slug: str, offer_id: int, action: str):
    require_staff(slug)
    offer = store.offer_of(slug, offer_id) or abort(404)
    if action not in store.actions(offer):
        flash(_("Nothing was changed: the offer has changed since the page was shown."), "info")
    else:
        if action == "withdraw":
            store.withdraw(offer)
        else:
            store.change_status(offer, action)
        audit.record(f"desk_{action}", issuer=slug, offer=offer.id, user_id=current_user.id)
        flash(str(DONE[action]), "success")
    return see_other(url_for(".issued", slug=slug))
