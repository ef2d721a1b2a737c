"""Status lists the app keeps for demo issuers: indexes for new credentials, revoke, reinstate.

One list per issuer and purpose, stored as the raw bitstring and signed by the issuer's key
when it is served (``published_list``; the wallet's own status checks read the same bytes
in-process). Indexes are drawn at random, and a list grows once more than half of it is taken,
so that an index says nothing about when or to whom a credential was issued and hides among
many unused ones (herd privacy; Bitstring Status List v1.0, privacy considerations).
Credentials signed before that keep the indexes they were given in order.

SD-JWT VCs take an index on the same lists and read it from the issuer's Token Status List
(``TOKEN``), made from both lists when served (``token_status_lists``).
"""

from __future__ import annotations

import datetime
import secrets
import uuid

from wallet.credentials import Shape
from wallet.credentials import encode_status_list
from wallet.credentials import issue_credential
from wallet.credentials import new_bitstring
from wallet.credentials import set_bit
from wallet.credentials import status_list_credential
from wallet.issuing.demo_issuers import DemoIssuer
from wallet.issuing.demo_issuers import issuer_slugs
from wallet.issuing.demo_issuers import load_issuer
from wallet.issuing.token_status_lists import status_list_token
from wallet.issuing.token_status_lists import token_entries
from wallet.models import IssuedCredential
from wallet.models import IssuedStatusList
from wallet.platform import clock
from wallet.platform import per_request
from wallet.platform.addresses import base_url
from wallet.platform.database import writes
from wallet.platform.extensions import db

PURPOSES = ("revocation", "suspension")
TOKEN = "token"  # the Token Status List, published next to the purposes' lists
# Verifiers keep a list at most TTL and never past VALID_FOR.
TTL = datetime.timedelta(minutes=5)
VALID_FOR = datetime.timedelta(minutes=10)
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
    """(slug, purpose or TOKEN) -> a value that changes whenever the list's bits or length
    change (the token list's whenever either of the issuer's lists does)."""
    return per_request.once(_VERSIONS_KEY, _read_versions)


def _read_versions() -> dict[tuple[str, str], tuple]:
    table = IssuedStatusList
    rows = db.session.execute(
        db.select(table.issuer_slug, table.purpose, table.updated_at, table.issued_count)
    )
    versions = {(slug, purpose): (updated, count) for slug, purpose, updated, count in rows}
    for slug in {slug for slug, _ in versions}:
        versions[(slug, TOKEN)] = tuple(versions.get((slug, purpose)) for purpose in PURPOSES)
    return versions


def published_list(slug: str, purpose: str) -> bytes | None:
    """The list as served now, signed by the issuer's key: a BitstringStatusListCredential, or
    for ``TOKEN`` a Status List Token; None if there is no such list."""
    if slug not in issuer_slugs() or purpose not in (*PURPOSES, TOKEN):
        return None
    stored = [find_list(slug, p) for p in PURPOSES if purpose in (p, TOKEN)]
    if any(status_list is None for status_list in stored):
        return None  # nothing signed with it yet; an all-clear list would claim too much
    issuer = load_issuer(slug)
    now = clock.now().replace(microsecond=0)
    if purpose == TOKEN:
        entries = token_entries(*(status_list.bits for status_list in stored))
        token = status_list_token(issuer, list_url(slug, TOKEN), entries, now, VALID_FOR, TTL)
        return token.encode("ascii")
    document = status_list_credential(
        issuer.did,
        list_url(slug, purpose),
        purpose,
        encode_status_list(stored[0].bits),
        valid_from=now,
        valid_until=now + VALID_FOR,
        ttl_ms=int(TTL.total_seconds() * 1000),
    )
    token = issue_credential(document, issuer.key, kid=issuer.kid, shape=Shape.VC_JOSE_COSE)
    return token.encode("ascii")


def with_status(issuer: DemoIssuer, document: dict) -> dict:
    """``document`` with an id and entries on the issuer's status lists, unless it has its own."""
    if "credentialStatus" in document:
        return document  # a pilot trying its own lists
    credential_id = document.get("id")
    if not isinstance(credential_id, str) or not credential_id:
        credential_id = f"urn:uuid:{uuid.uuid4()}"  # revoking by id needs one
    entries = status_entries(issuer.info.slug, credential_id)
    return {**document, "id": credential_id, "credentialStatus": entries}


def status_entries(slug: str, credential_id: str) -> list[dict]:
    """The credentialStatus of a new credential: one entry on each of the issuer's lists."""
    index = allocate_index(slug, credential_id)
    return [_entry(slug, purpose, index) for purpose in PURPOSES]


@writes
def allocate_index(slug: str, credential_id: str) -> int:
    """The credential's index, the same on each of the issuer's lists (and its token list)."""
    lists = [find_list(slug, p, for_update=True) or _new_list(slug, p) for p in PURPOSES]
    index = _allocate(lists, credential_id)
    db.session.commit()
    per_request.forget(_VERSIONS_KEY)
    return index


@writes
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
    elif index is None or not _is_taken(status_list, index):
        raise StatusListError(f"Index {index} has not been given to any credential of {slug}.")
    bits = bytearray(status_list.bits)
    set_bit(bits, index, value)
    status_list.bits = bytes(bits)
    status_list.updated_at = clock.now()
    db.session.commit()
    per_request.forget(_VERSIONS_KEY)
    return index


def _prefix() -> str:
    return base_url() + PATH_PREFIX


def _new_list(slug: str, purpose: str) -> IssuedStatusList:
    status_list = IssuedStatusList(issuer_slug=slug, purpose=purpose, bits=bytes(new_bitstring()))
    db.session.add(status_list)
    db.session.flush()
    return status_list


def _entry(slug: str, purpose: str, index: int) -> dict:
    url = list_url(slug, purpose)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def _allocate(lists: list[IssuedStatusList], credential_id: str) -> int:
    """The credential's index: the one it has, else one drawn at random, free on every list.

    One index on all of the issuer's lists, so that ``--index`` names the same credential on
    each (reinstate clears both) and never someone else's on the other list.
    """
    issued = _issued(lists[0], credential_id)
    if issued is not None:
        return issued.status_index  # signed again: the same credential, the same status
    for status_list in lists:
        _grow_if_more_than_half_taken(status_list)
    index = _random_index_free_on(lists)
    for status_list in lists:
        status_list.issued_count += 1
        db.session.add(
            IssuedCredential(
                list_id=status_list.id, credential_id=credential_id, status_index=index
            )
        )
    return index


def _grow_if_more_than_half_taken(status_list: IssuedStatusList) -> None:
    # Mostly unused entries hide each index among many, and keep a draw hitting a free one at
    # least about half the time.
    if status_list.issued_count > _size(status_list) // 2:
        status_list.bits += bytes(new_bitstring())  # another 131,072 entries


def _random_index_free_on(lists: list[IssuedStatusList]) -> int:
    size = min(_size(status_list) for status_list in lists)  # the index must fit on each
    while True:
        index = secrets.randbelow(size)
        if not any(_is_taken(status_list, index) for status_list in lists):
            return index


def _size(status_list: IssuedStatusList) -> int:
    """How many entries the list has: one bit each."""
    return len(status_list.bits) * 8


def _is_taken(status_list: IssuedStatusList, index: int) -> bool:
    query = db.select(IssuedCredential.id).filter_by(list_id=status_list.id, status_index=index)
    return db.session.scalar(query) is not None


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
