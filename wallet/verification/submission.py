"""Reading what a person submits to be checked: an uploaded file, else the pasted text.

The wallet's import form and the public ``/verify`` page take the same two fields, so they
refuse the same files with the same reasons. Only the wallet follows a pasted link
(``by_link``); elsewhere a link is refused as ``input.link``.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable

from werkzeug.datastructures import FileStorage

from wallet.credentials import CredentialError
from wallet.credentials import extract_token

UPLOAD_SUFFIXES = {".jwt", ".txt", ".json", ".png", ".svg"}
UPLOAD_LIMIT = 5 * 1024 * 1024


def read_submission(
    upload: FileStorage | None, pasted: str, follow_link: Callable[[str], str] | None = None
) -> str:
    """The token from ``upload`` if a file was chosen, else from the ``pasted`` text; a link
    (pasted, or baked into a badge) is read with ``follow_link`` where one is given."""
    try:
        return _read(upload, pasted)
    except CredentialError as refusal:
        if refusal.code != "input.link" or follow_link is None:
            raise
        return follow_link(refusal.params["url"])


def _read(upload: FileStorage | None, pasted: str) -> str:
    if upload and upload.filename:
        suffix = pathlib.Path(upload.filename).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise CredentialError("input.unsupported_file")
        data = upload.stream.read(UPLOAD_LIMIT + 1)
        if len(data) > UPLOAD_LIMIT:
            raise CredentialError("input.too_large")
        return extract_token(data, upload.filename)
    return extract_token(pasted.encode())
