"""Status lists the app keeps for demo issuers: indexes for new credentials, revoke, reinstate.

One list per issuer and purpose, stored as the raw bitstring; ``wallet/status.py`` signs and
serves it. Indexes are handed out in order, which is fine for a demo. An issuer running its own
lists should pick indexes at random, so that neighbouring indexes say nothing about when or to
whom a credential was issued (Bitstring Status List v1.0, privacy considerations).
"""

from __future__ import annotations

from flask import current_app

from wallet import per_request
from wallet.credentials import new_bitstring
from wallet.credentials import set_bit
from wallet.extensions import db
from wallet.models import IssuedCredential
from wallet.models import IssuedStatusList
from wallet.models import utcnow

PURPOSES = ("revocation", "suspension")
PATH_PREFIX = "/status/"
_VERSIONS_KEY = "wallet_status_list_versions"


class StatusListError(Exception):
    """Why a status cannot be changed, in words for the operator."""


def list_url(slug: str, purpose: str) -> str:
    """Where the list is published; stable, so credentials signed today keep finding it."""
    return f"{_prefix()}{slug}/{purpose}"


def own_list_of(url: str) -> tuple[str, str] | None:
    """(issuer slug, purpose) if ``url`` is one of the lists this app publishes, else None."""
    if not url.startswith(_prefix()):
        return None
    slug, _, purpose = url.removeprefix(_prefix()).partition("/")
    return slug, purpose


def find_list(slug: str, purpose: str, for_update: bool = False) -> IssuedStatusList | None:
    """The issuer's stored list; ``for_update`` locks it until the change is committed."""
    query = db.select(IssuedStatusList).filter_by(issuer_slug=slug, purpose=purpose)
    # FOR UPDATE keeps two writers from handing out one index twice (SQLite locks the file).
    return db.session.scalar(query.with_for_update() if for_update else query)


def list_versions() -> dict[tuple[str, str], tuple]:
    """(slug, purpose) -> a value that changes whenever the list's bits or length change."""
    return per_request.once(_VERSIONS_KEY, _read_versions)


def _read_versions() -> dict[tuple[str, str], tuple]:
    table = IssuedStatusList
    rows = db.session.execute(
        db.select(table.issuer_slug, table.purpose, table.updated_at, table.next_index)
    )
    return {(slug, purpose): (updated, size) for slug, purpose, updated, size in rows}


def status_entries(slug: str, credential_id: str) -> list[dict]:
    """The credentialStatus of a new credential: one entry on each of the issuer's lists."""
    entries = []
    for purpose in PURPOSES:
        status_list = find_list(slug, purpose, for_update=True) or _new_list(slug, purpose)
        index = _allocate(status_list, credential_id)
        url = list_url(slug, purpose)
        entries.append(
            {
                "id": f"{url}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(index),
                "statusListCredential": url,
            }
        )
    db.session.commit()
    per_request.forget(_VERSIONS_KEY)
    return entries


def change_status(
    slug: str,
    purpose: str,
    value: bool,
    *,
    index: int | None = None,
    credential_id: str | None = None,
) -> int:
    """Set or clear one credential's bit on the issuer's ``purpose`` list; returns its index."""
    status_list = find_list(slug, purpose, for_update=True)
    if status_list is None:
        raise StatusListError(f"{slug} has not signed any credential with a {purpose} list here.")
    if credential_id is not None:
        index = _index_of(status_list, credential_id)
    elif index is None or not 0 <= index < status_list.next_index:
        raise StatusListError(f"Index {index} has not been given to any credential of {slug}.")
    bits = bytearray(status_list.bits)
    set_bit(bits, index, value)
    status_list.bits = bytes(bits)
    status_list.updated_at = utcnow()
    db.session.commit()
    per_request.forget(_VERSIONS_KEY)
    return index


def _prefix() -> str:
    return current_app.config["WALLET_BASE_URL"].rstrip("/") + PATH_PREFIX


def _new_list(slug: str, purpose: str) -> IssuedStatusList:
    status_list = IssuedStatusList(issuer_slug=slug, purpose=purpose, bits=bytes(new_bitstring()))
    db.session.add(status_list)
    db.session.flush()
    return status_list


def _allocate(status_list: IssuedStatusList, credential_id: str) -> int:
    """The credential's index on the list: the one it has, else the next free one."""
    issued = _issued(status_list, credential_id)
    if issued is not None:
        return issued.status_index  # signed again: the same credential, the same status
    index = status_list.next_index
    if index >= len(status_list.bits) * 8:
        status_list.bits += bytes(new_bitstring())  # full: grow by another 131,072 entries
    status_list.next_index = index + 1
    db.session.add(
        IssuedCredential(list_id=status_list.id, credential_id=credential_id, status_index=index)
    )
    return index


def _index_of(status_list: IssuedStatusList, credential_id: str) -> int:
    issued = _issued(status_list, credential_id)
    if issued is None:
        raise StatusListError(
            f"No credential {credential_id} was signed by {status_list.issuer_slug} here."
        )
    return issued.status_index


def _issued(status_list: IssuedStatusList, credential_id: str) -> IssuedCredential | None:
    return db.session.scalar(
        db.select(IssuedCredential).filter_by(list_id=status_list.id, credential_id=credential_id)
    )
