"""The issuer registry's words as people read them: statuses, changes and fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {"active": _l("active"), "suspended": _l("suspended"), "removed": _l("removed")}
ACTION_LABELS = {
    "add": _l("Added"),
    "edit": _l("Edited"),
    "suspend": _l("Suspended"),
    "reinstate": _l("Reinstated"),
    "remove": _l("Removed"),
    "profile_add": _l("Occupational profile added"),
    "profile_edit": _l("Occupational profile changed"),
    "profile_remove": _l("Occupational profile removed"),
}
FIELD_LABELS = {
    "issuer_id": _l("Issuer id (DID or https address)"),
    "slug": _l("Address of the public page"),
    "name_sv": _l("Name in Swedish"),
    "name_en": _l("Name in English"),
    "organisation_number": _l("Organisation number"),
    "country": _l("Country"),
    "homepage": _l("Web site"),
    "sector": _l("Sector or pilot"),
    "logo": _l("Logo"),
    "status": _l("Status"),
    "profile": _l("Occupational profile"),
}


def template_labels() -> dict:
    """The labels every registry page (admin or public) shows fields and statuses with."""
    return {"field_labels": FIELD_LABELS, "status_labels": STATUS_LABELS}
