"""The employer's page as JSON (version 1), for applicant-tracking systems: see README.md.

Codes and statuses are stable machine values; ``message``, ``next_step`` and ``facts`` are text
in the page's language. Version 1 only ever gains members; a change of meaning is version 2.
"""

from __future__ import annotations

import datetime
from typing import Any

from wallet.credentials import Check
from wallet.credentials.profiles import RequirementOutcome
from wallet.platform.addresses import absolute_url
from wallet.portal.admission import DEAD_LINKS
from wallet.portal.share_view import ShareView
from wallet.profiles.matching import SharedProfile
from wallet.verification.explained import CheckedCredential
from wallet.verification.facts import format_fact
from wallet.verification.messages import describe_check

VERSION = 1


def share_document(
    view: ShareView, share: dict[str, Any] | None = None, links: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The share, its overall verdict and every credential with its checks. ``share`` and
    ``links`` replace a share link's own members (an answer to /ask has other ones); without a
    share link (``view.token``) no credential has a download."""
    return {
        "version": VERSION,
        "verdict": view.verdict.value,
        "state": view.state,
        "checked_at": _iso(view.checked_at),
        "share": share or {
            "status": "active",
            "expires_at": _iso(view.expires_at),
            "message": view.message,
            "removed_credentials": view.removed_credentials,
        },
        "holder": {
            "name": " / ".join(view.holder_names) or None,
            "names": list(view.holder_names),
            "presented_by_subject": view.presented_by_subject,
            "presentation": view.presentation.code,
        },
        "credentials": [_credential(view, item) for item in view.credentials],
        "profile": _profile(view.profile) if view.profile else None,
        "links": links or {
            "presentation": _link(view, "portal.presentation_download"),
            "receipt": _link(view, "portal.receipt_download"),
        },
    }


def dead_document(status: str) -> dict[str, Any]:
    """A link that shows nothing: only why, never anything about the learner."""
    title, explanation = DEAD_LINKS[status]
    return {
        "version": VERSION,
        "verdict": None,
        "share": {"status": status},
        "message": f"{title}. {explanation}",
    }


def _credential(view: ShareView, item: CheckedCredential) -> dict[str, Any]:
    credential = item.result.credential
    return {
        "position": item.position,
        "verdict": item.result.verdict.value,
        "state": item.state,
        "title": item.facts.title,
        "issuer": {"id": item.issuer.id, "name": item.issuer.name, "trusted": item.issuer.trusted},
        "valid_from": _iso(credential.valid_from) if credential else None,
        "valid_until": _iso(credential.valid_until) if credential else None,
        "id": credential.id if credential else None,
        "holder_binding": item.binding,
        "partly_disclosed": item.partly_disclosed,
        "sha256": item.sha256,
        "checks": [_check(item, check) for check in item.result.checks],
        "facts": {
            element.key: format_fact(element.value) if element.stated else None
            for element in item.facts.elements
        },
        "download": _link(
            view, "portal.credential_download", position=item.position, suffix=item.file_suffix
        ) if view.token else None,
    }


def _profile(shared: SharedProfile) -> dict[str, Any]:
    """What the credentials meet of the profile the link was shared for, level by level."""
    match = shared.match
    reached = match.reached
    return {
        "slug": shared.slug,
        "name": match.profile.name,
        "owner": match.profile.owner,
        "in_use": shared.in_use,
        "reached": match.levels.index(reached) if reached else None,
        "levels": [
            {
                "name": level.level.name or None,
                "met": level.met,
                "required": len(level.required),
                "required_met": level.required_met,
                "requirements": [_requirement(outcome) for outcome in level.outcomes],
            }
            for level in match.levels
        ],
    }


def _requirement(outcome: RequirementOutcome) -> dict[str, Any]:
    requirement = outcome.requirement
    return {
        "title": requirement.title,
        "issuers": list(requirement.issuers),
        "optional": requirement.optional,
        "met_by": outcome.met_by.reference if outcome.met_by else None,
        "reason": outcome.reason,
        "lapses_on": _iso(outcome.lapses_on),
    }


def _check(item: CheckedCredential, check: Check) -> dict[str, Any]:
    return {
        "concern": check.concern.value,
        "code": check.code,
        "status": check.status.value,
        "message": describe_check(check.code, check.params),
        "next_step": item.next_step(check),
    }


def _link(view: ShareView, endpoint: str, **values: Any) -> str:
    return absolute_url(endpoint, token=view.token, view=view.ticket, **values)


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None
