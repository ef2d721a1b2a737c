"""The wallet backup file: a zip of the credentials exactly as issued, plus an index.

Reading a backup treats it as hostile: sizes and counts are capped before anything
is decompressed, and reads are bounded even when the zip's own sizes lie.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import zipfile
import zlib
from collections.abc import Iterable
from typing import Any

from wallet.platform.downloads import credential_suffix

FORMAT_VERSION = 1
TOKEN_FOLDER = "credentials/"
INDEX_NAME = "index.json"
MAX_BACKUP_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_TOKEN_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    EOFError,
    UnicodeDecodeError,
)


class BackupRefused(Exception):
    """The file is not a backup we will read; ``code`` says why, ``params`` fill the message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclasses.dataclass(frozen=True)
class BackupEntry:
    file: str
    token: str


def build_backup(credentials: Iterable[Any], exported_at: datetime.datetime) -> bytes:
    """A zip with ``credentials/<n>.jwt`` (``<n>.json`` for a JSON-LD credential) for each
    stored credential, and ``index.json``."""
    buffer = io.BytesIO()
    index = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, stored in enumerate(credentials, start=1):
            name = f"{TOKEN_FOLDER}{number}.{credential_suffix(stored.raw)}"
            _write(archive, name, stored.raw, exported_at)
            index.append(
                {
                    "file": name,
                    "title": stored.title,
                    "issuer": stored.issuer_name or stored.issuer_id,
                    "issuer_id": stored.issuer_id,
                    "imported_at": stored.imported_at.isoformat(),
                    "verdict": stored.verdict,
                    "sha256": stored.raw_sha256,
                }
            )
        document = {
            "format": "kompetenspass-backup",
            "format_version": FORMAT_VERSION,
            "exported_at": exported_at.isoformat(),
            "credentials": index,
        }
        _write(archive, INDEX_NAME, json.dumps(document, ensure_ascii=False, indent=2), exported_at)
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, text: str, when: datetime.datetime) -> None:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text.encode())


def read_backup(data: bytes) -> list[BackupEntry]:
    """The tokens in a backup, in archive order; ``index.json`` is only for people to read."""
    if len(data) > MAX_BACKUP_BYTES:
        raise BackupRefused("backup.too_large")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise BackupRefused("backup.not_a_zip") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise BackupRefused("backup.too_many_entries", count=MAX_ENTRIES)
        tokens = [info for info in infos if _is_token(info)]
        if not tokens:
            raise BackupRefused("backup.empty")
        oversized = next((info for info in tokens if info.file_size > MAX_TOKEN_BYTES), None)
        if oversized is not None:
            raise BackupRefused("backup.entry_too_large", file=oversized.filename)
        if sum(info.file_size for info in tokens) > MAX_TOTAL_BYTES:
            raise BackupRefused("backup.too_large")
        return [BackupEntry(info.filename, _read_token(archive, info)) for info in tokens]


def _is_token(info: zipfile.ZipInfo) -> bool:
    return info.filename.startswith(TOKEN_FOLDER) and info.filename.endswith((".jwt", ".json"))


def _read_token(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    try:
        with archive.open(info) as entry:
            # Bounded even if the zip lies about the size; zipfile then fails the CRC check.
            text = entry.read(MAX_TOKEN_BYTES + 1).decode("utf-8").strip()
    except UNREADABLE as error:
        # Encrypted, damaged, lying about its size, or not text: never guess.
        raise BackupRefused("backup.unreadable_entry", file=info.filename) from error
    if not text:
        raise BackupRefused("backup.unreadable_entry", file=info.filename)
    return text
