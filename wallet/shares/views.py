"""The learner's shares: choose credentials, make a link for one recipient, manage the links."""

from __future__ import annotations

import dataclasses
import io
import uuid

from flask import Blueprint
from flask import Response
from flask import abort
from flask import flash
from flask import request
from flask import send_file
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required
from markupsafe import Markup

from wallet.models import OccupationalProfile
from wallet.models import ShareLink
from wallet.models import StoredCredential
from wallet.platform import clock
from wallet.platform.config import rate_limit
from wallet.platform.extensions import limiter
from wallet.platform.htmx import is_partial_request
from wallet.platform.htmx import render
from wallet.platform.htmx import see_other
from wallet.portal.admission import DEAD_LINKS
from wallet.portal.share_view import share_view
from wallet.profiles import store as profiles
from wallet.profiles.labels import in_language
from wallet.profiles.matching import meeting_ids
from wallet.shares import store
from wallet.shares.disclosure_choices import kept_choices
from wallet.shares.disclosure_choices import read_disclosures
from wallet.shares.forms import LIFETIME_DAYS
from wallet.shares.forms import REFUSALS
from wallet.shares.forms import chosen_credentials
from wallet.shares.forms import chosen_ids
from wallet.shares.forms import date_limits
from wallet.shares.forms import read_expiry
from wallet.shares.forms import read_more_views
from wallet.shares.forms import read_share_form
from wallet.shares.forms import refusal_message
from wallet.shares.links import ShareSecrets
from wallet.shares.links import days_left
from wallet.shares.links import open_secrets
from wallet.shares.qr import qr_png
from wallet.shares.qr import qr_svg

bp = Blueprint("shares", __name__, url_prefix="/shares")

@bp.before_request
@login_required
def require_login():
    """Every share page belongs to a signed-in learner."""


@bp.get("")
def index():
    return render(
        "shares/index.html",
        shares=store.list_shares(current_user),
        now=clock.now(),
        days_left=days_left,
    )


@bp.get("/new")
def new():
    """The create form for the credentials chosen in the wallet, in the order given; for a
    profile, the learner's credentials that meet it are chosen to begin with."""
    profile = profiles.in_use(request.args.get("profile", ""))
    ids = chosen_ids(request.args)
    if profile is not None and "credential_ids" not in request.args:
        ids = meeting_ids(current_user.id, profile, clock.now())
    return render_new_form(store.owned_credentials(current_user, ids), {}, 200, profile)


@bp.get("/selection")
def selection():
    """The wallet's selection bar for htmx ("2 selected"); the create form for anyone else."""
    if not is_partial_request():
        return new()
    chosen = store.owned_credentials(current_user, chosen_ids(request.args))
    return render("my_credentials/_selection_bar.html", selected_count=len(chosen))


@bp.post("")
@limiter.limit(rate_limit("SHARE_CREATE"))
def create():
    now = clock.now()
    form = read_share_form(request.form, now)
    credentials = store.owned_credentials(current_user, form.credential_ids)
    profile = profiles.in_use(request.form.get("profile", ""))
    if form.errors:
        return render_new_form(credentials, form.errors, 422, profile)
    settings = dataclasses.replace(form.settings, profile_id=profile.id if profile else None)
    disclosures = read_disclosures(request.form, credentials)
    try:
        share = store.create_share(current_user, credentials, settings, now, disclosures)
    except store.ShareRefused as refusal:
        field = REFUSALS[refusal.code][0]
        return render_new_form(credentials, {field: refusal_message(refusal)}, 422, profile)
    return see_other(url_for(".detail", share_id=share.id))


@bp.get("/<int:share_id>")
def detail(share_id: int):
    return render_detail(store.owned_share(current_user, share_id), {}, 200)


@bp.get("/<int:share_id>/qr.svg")
def qr_image_svg(share_id: int):
    svg = qr_svg(owned_link(share_id), aria_label=_("QR code for the link"))
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/<int:share_id>/qr.png")
def qr_image_png(share_id: int):
    """The QR code as a PNG to print on a CV."""
    png = qr_png(owned_link(share_id))
    return send_file(
        io.BytesIO(png),
        mimetype="image/png",
        as_attachment=True,
        download_name="kompetenspass-qr.png",
    )


@bp.get("/<int:share_id>/card")
def card(share_id: int):
    """One A4 page for an interview: the learner's name, what is shared, QR code, link, code."""
    share = store.owned_share(current_user, share_id)
    if not share.is_active(clock.now()):
        abort(404)  # a card for a link that no longer works would send the employer to nothing
    secrets = open_secrets(share)
    link = shown_link(secrets)
    return render(
        "shares/card.html",
        share=share,
        link=link,
        code=secrets.code,
        qr=Markup(qr_svg(link, aria_label=_("QR code for the link"))),
    )


@bp.route("/<int:share_id>/revoke", methods=["GET", "POST"])
def revoke(share_id: int):
    """GET asks first; POST ends the link at once."""
    share = store.owned_share(current_user, share_id)
    if request.method == "GET":
        return render("shares/revoke.html", share=share)
    store.revoke_share(share, current_user, clock.now())
    flash(_("The link is ended. Nobody can open it any more."), "success")
    return see_other(url_for(".detail", share_id=share.id))


@bp.post("/<int:share_id>/extend")
def extend(share_id: int):
    """Let a link work longer, or an expired one again, at most a year from now."""
    share = store.owned_share(current_user, share_id)
    now = clock.now()
    expires_at, errors = read_expiry(request.form, now)
    if not errors and expires_at <= share.expires_at:
        field = "expires_on" if request.form.get("expires_on", "").strip() else "expires_in_days"
        errors = {field: _("The link already works longer than that. Choose a later end.")}
    if errors:
        return render_detail(share, errors, 422)
    return changed(share, lambda: store.extend_share(share, current_user, expires_at, now),
                   _("The link now works longer."))


@bp.post("/<int:share_id>/views")
def allow_views(share_id: int):
    """Let a link be opened more times than first allowed."""
    share = store.owned_share(current_user, share_id)
    max_views, errors = read_more_views(request.form, share.view_count)
    if errors:
        return render_detail(share, errors, 422)
    return changed(share, lambda: store.allow_views(share, current_user, max_views, clock.now()),
                   _("The link can be opened again."))


def changed(share: ShareLink, change, done: str):
    """Make ``change`` to the learner's link and go back to its page, or say why not."""
    try:
        change()
    except store.ShareRefused as refusal:
        return render_detail(share, {"form": refusal_message(refusal)}, 422)
    flash(done, "success")
    return see_other(url_for(".detail", share_id=share.id))


def render_new_form(
    credentials: list[StoredCredential],
    errors: dict[str, str],
    status: int,
    profile: OccupationalProfile | None = None,
):
    chosen = chosen_credentials(credentials, request.values)
    return render(
        "shares/new.html",
        "shares/_chosen_credentials.html",
        status=status,
        chosen=chosen,
        kept_choices=kept_choices(item.disclosures for item in chosen),
        errors=errors,
        request_id=request.form.get("request_id") or str(uuid.uuid4()),
        profile=profile,
        profile_name=in_language(profiles.read(profile).name) if profile else None,
        **form_context(),
    )


def render_detail(share: ShareLink, errors: dict[str, str], status: int):
    """The share's page, with a preview of exactly what the employer sees now: the credentials
    checked now, or why the link shows nothing, and what the learner can do about it."""
    secrets = open_secrets(share)
    link = secrets.link
    context = form_context()
    view = None
    if share.is_active(context["now"]):
        view = share_view(share, context["now"], share.language or str(get_locale()), secrets)
        store.refresh_cards(share, (checked.result for checked in view.credentials))
    return render(
        "shares/detail.html",
        status=status,
        share=share,
        link=link,
        code=secrets.code,
        qr=Markup(qr_svg(link, aria_label=_("QR code for the link"))) if link else None,
        errors=errors,
        days_left=days_left,
        view=view,
        dead_link=DEAD_LINKS.get(share.status(context["now"])),
        **context,
    )


def form_context() -> dict:
    """What the forms with a link lifetime need: the typed values, the choices, the clock."""
    now = clock.now()
    return {
        "form": request.form,
        "lifetime_days": LIFETIME_DAYS,
        "day_range": date_limits(now),
        "now": now,
    }


def owned_link(share_id: int) -> str:
    """The link of the learner's own share, or 404."""
    return shown_link(open_secrets(store.owned_share(current_user, share_id)))


def shown_link(secrets: ShareSecrets) -> str:
    """The share's link, or 404 if the app secret changed since it was made."""
    if secrets.link is None:
        abort(404)
    return secrets.link
