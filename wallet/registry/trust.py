"""Where trust comes from: the issuer registry, and the trust list file for what it does not name.

The trust list is the registry's active issuers plus the entries of the ``TRUST_LIST`` file whose
id the registry has never had. A registry row of any status outranks the file, so suspending or
removing an issuer on the admin pages ends its trust even if the file still names it, and an
existing deployment (or test) that only writes the file keeps working unchanged.

Each process keeps the list it built, keyed by the registry's version (the highest change id:
every change adds one, in the same transaction) and the file's modification time. Checking that
key is one indexed query per request, so a change made on any app server sharing the database
applies at the next view there, without a restart and without a cache lifetime to wait out.
"""

from __future__ import annotations

import dataclasses
import pathlib
import types

from flask import current_app

from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.models import IssuerChange
from wallet.models import RegisteredIssuer
from wallet.platform import per_request
from wallet.platform.extensions import db

_CACHE_KEY = "wallet.registry.trust"
_VERSION_KEY = "wallet_registry_version"


@dataclasses.dataclass(frozen=True)
class TrustSnapshot:
    """The trust list now, and every registered issuer with its status (active or not)."""

    trust_list: TrustList
    registered: types.MappingProxyType  # issuer id -> (TrustedIssuer, status)

    def describe(self, issuer_id: str) -> tuple[TrustedIssuer | None, str | None]:
        """What we know of an issuer: its registry or file entry, and its registry status."""
        if issuer_id in self.registered:
            return self.registered[issuer_id]
        return self.trust_list.get(issuer_id), None


def current() -> TrustSnapshot:
    """The snapshot for the registry and the file as they are now."""
    path = pathlib.Path(current_app.config["TRUST_LIST"])
    stamp = (registry_version(), path.stat().st_mtime_ns if path.exists() else None)
    cached = current_app.extensions.get(_CACHE_KEY)
    if cached is None or cached[0] != stamp:
        cached = (stamp, _build(path))
        current_app.extensions[_CACHE_KEY] = cached
    return cached[1]


def current_trust_list() -> TrustList:
    return current().trust_list


def registry_version() -> int:
    """The id of the latest registry change (0 for none); it only ever grows. Once per request."""
    return per_request.once(_VERSION_KEY, _read_registry_version)


def _read_registry_version() -> int:
    return db.session.scalar(_latest_change()) or 0


def version_query():
    """The registry's version as a scalar subquery, for a statement that reads it with other rows."""
    return _latest_change().scalar_subquery()


def _latest_change():
    return db.select(db.func.max(IssuerChange.id))


def read_with_others(version: int | None) -> None:
    """Keep the version a statement read together with other rows as this request's (when it is
    the request's first read of it): as fresh as reading it alone, without a statement of its own."""
    per_request.once(_VERSION_KEY, lambda: version or 0)


def forget_version() -> None:
    """After a registry change in this request, the next use reads the new version."""
    per_request.forget(_VERSION_KEY)


def as_trusted_issuer(row: RegisteredIssuer) -> TrustedIssuer:
    """A registry row as the domain's TrustedIssuer (``name`` is the Swedish name)."""
    return TrustedIssuer(
        id=row.issuer_id,
        name=row.name_sv,
        country=row.country,
        homepage=row.homepage,
        logo=f"/issuers/{row.slug}/logo" if row.logo_sha256 else None,
        name_en=row.name_en,
        slug=row.slug,
        organisation_number=row.organisation_number,
        sector=row.sector,
    )


def _build(path: pathlib.Path) -> TrustSnapshot:
    rows = list(db.session.scalars(db.select(RegisteredIssuer)))
    registered = {row.issuer_id: (as_trusted_issuer(row), row.status) for row in rows}
    active = [issuer for issuer, status in registered.values() if status == "active"]
    from_file = [issuer for issuer in TrustList.load(path) if issuer.id not in registered]
    return TrustSnapshot(TrustList([*active, *from_file]), types.MappingProxyType(registered))
