"""The list of issuers this wallet vouches for, stored as a small JSON file."""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import tempfile
import types
from collections.abc import Iterable
from collections.abc import Iterator
from typing import Any

from . import jose
from .errors import CredentialError
from .model import TrustedIssuer

_OPTIONAL_FIELDS = (
    "organisation",
    "country",
    "homepage",
    "logo",
    "name_en",
    "slug",
    "organisation_number",
    "sector",
)


class TrustList:
    """Issuer id -> TrustedIssuer; changes return a new list, the original never changes."""

    def __init__(self, issuers: Iterable[TrustedIssuer] = ()) -> None:
        self._issuers = types.MappingProxyType({issuer.id: issuer for issuer in issuers})

    @classmethod
    def from_dict(cls, data: Any) -> TrustList:
        """Build from ``{"issuers": {id: {"name": …, …}}}``; anything else is trust.malformed."""
        entries = data.get("issuers") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            raise CredentialError("trust.malformed")
        return cls(_issuer_from_entry(issuer_id, entry) for issuer_id, entry in entries.items())

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> TrustList:
        """Read a trust list file; a missing file is an empty list."""
        try:
            data = pathlib.Path(path).read_bytes()
        except FileNotFoundError:
            return cls()
        try:
            return cls.from_dict(jose.load_json(data))
        except CredentialError as error:
            raise CredentialError("trust.malformed", path=str(path)) from error

    def get(self, issuer_id: str) -> TrustedIssuer | None:
        """The trusted issuer with exactly this id, or None."""
        return self._issuers.get(issuer_id)

    def with_issuer(self, issuer: TrustedIssuer) -> TrustList:
        """A copy that also trusts (or re-describes) ``issuer``."""
        return TrustList([*(i for i in self if i.id != issuer.id), issuer])

    def without(self, issuer_id: str) -> TrustList:
        """A copy that no longer trusts ``issuer_id``."""
        return TrustList(i for i in self if i.id != issuer_id)

    def to_dict(self) -> dict[str, Any]:
        """The file format; empty optional fields are left out."""
        issuers = {}
        for issuer in self:
            entry = {k: v for k, v in dataclasses.asdict(issuer).items() if v is not None}
            del entry["id"]
            issuers[issuer.id] = entry
        return {"issuers": issuers}

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write atomically: readers see the old file or the new one, never half of either."""
        target = pathlib.Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            pathlib.Path(temporary).unlink(missing_ok=True)
            raise

    def __iter__(self) -> Iterator[TrustedIssuer]:
        """Trusted issuers (not ids) in insertion order."""
        return iter(self._issuers.values())

    def __len__(self) -> int:
        return len(self._issuers)

    def __contains__(self, issuer_id: object) -> bool:
        return issuer_id in self._issuers

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TrustList) and dict(self._issuers) == dict(other._issuers)

    def __repr__(self) -> str:
        return f"TrustList({list(self._issuers)!r})"


def _issuer_from_entry(issuer_id: Any, entry: Any) -> TrustedIssuer:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not issuer_id:
        raise CredentialError("trust.malformed", issuer=str(issuer_id)[:200])
    optional = {field: entry.get(field) for field in _OPTIONAL_FIELDS}
    if not all(value is None or isinstance(value, str) for value in optional.values()):
        raise CredentialError("trust.malformed", issuer=issuer_id[:200])
    return TrustedIssuer(id=issuer_id, name=entry["name"], **optional)
