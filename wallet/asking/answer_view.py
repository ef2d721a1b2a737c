"""An answered request, shown as a share's page shows a share: the same ``ShareView``, so the
same cards, summary, holder binding and fact sheet (``templates/portal/_share.html``), the same
JSON (version 1) and the same signed receipt.

The answer is kept as the wallet presented it, and verified again whenever it is shown (trust,
validity and status as fresh as a share's). The holder's proof (the key-binding JWT, or the
presentation's signature) was checked when the answer came: it was made for that request's
nonce and cannot be checked later, so its outcome is kept with the answer.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from wallet.asking.store import Kept
from wallet.credentials import PresentationCheck
from wallet.credentials import Verdict
from wallet.credentials import worst_verdict
from wallet.credentials.openid4vp.answer import Answer
from wallet.credentials.openid4vp.answer_matching import request_check
from wallet.credentials.openid4vp.dcql import parse_query
from wallet.platform.addresses import absolute_url
from wallet.portal import json_v1
from wallet.portal.share_view import ShareView
from wallet.verification import verifier
from wallet.verification.explained import CheckedCredential
from wallet.verification.explained import explain
from wallet.verification.explained import reading_order

# read_answer held every holder proof, or the answer was refused: the presentation is good.
PROVEN = PresentationCheck(True, "presentation.ok")


def stored_answer(answer: Answer) -> dict[str, Any]:
    """What is kept of a verified answer: each credential as presented, and its holder binding."""
    return {
        "checked_at": answer.checked_at.isoformat(),
        "credentials": [
            {"query_id": c.query_id, "raw": c.raw, "binding": c.binding}
            for c in answer.credentials
        ],
    }


def answer_view(kept: Kept, now: datetime.datetime, locale: str) -> ShareView:
    """The answer to ``kept`` checked now, as a share's page reads a share."""
    languages = reading_order(locale)
    query = parse_query(kept.request.dcql_query)
    credentials = tuple(
        _checked(query.credential(item["query_id"]), item, kept, languages, position)
        for position, item in enumerate((kept.answer or {}).get("credentials", ()))
    )
    names = dict.fromkeys(c.facts.learner_name for c in credentials if c.facts.learner_name)
    verdict = worst_verdict(c.result.verdict for c in credentials)
    return ShareView(
        share_id=0,
        reference=kept.reference,
        token="",  # no share link: the share page's links and downloads are left out
        ticket="",
        verdict=verdict if credentials else Verdict.FAILED,
        holder_names=tuple(names),
        message=None,
        expires_at=kept.delete_at,
        presentation=PROVEN,
        credentials=credentials,
        removed_credentials=0,
        checked_at=now,
    )


def _checked(
    query: Any, item: dict[str, Any], kept: Kept, languages: list[str], position: int
) -> CheckedCredential:
    """One presented credential verified now, with the request check the answer had."""
    result = verifier.verify_again(item["raw"])
    checks = (*result.checks, request_check(query, item["raw"], kept.request.issuers))
    result = dataclasses.replace(
        result, checks=checks, verdict=worst_verdict(check.status for check in checks)
    )
    return explain(item["raw"], result, languages, item["binding"], position)


def answer_document(view: ShareView, key: str) -> dict[str, Any]:
    """JSON version 1, with the members of a share's: ``share`` says how long it is kept, and
    the links are this request's (no share link, so no presentation or credential download)."""
    share = {
        "status": "answered",
        "expires_at": view.expires_at.isoformat(),
        "message": None,
        "removed_credentials": 0,
    }
    links = {"presentation": None, "receipt": absolute_url("asking.receipt_download", key=key)}
    return json_v1.share_document(view, share=share, links=links)
