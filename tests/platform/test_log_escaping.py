"""Logs no input can forge (ASVS 16.4.1): every record keeps its message on one line."""

from __future__ import annotations

import io
import logging
import pathlib
import re

from support.issuers import did_key_issuer

FORGED = "audit event=account.deleted at=2026-12-04T00:00:00Z user_id=1"
ISSUER = did_key_issuer("Ed25519", slot=14)


def forged_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("audit event=")]


def test_any_module_logging_input_writes_one_line(app):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    library = logging.getLogger("some.library")
    library.addHandler(handler)
    try:
        library.warning("list %s not usable", f"https://x.example/\r\n{FORGED}\x1b[2J\u2028\x85")
    finally:
        library.removeHandler(handler)
    written = stream.getvalue()
    assert written.count("\n") == 1 and written.endswith("\n")
    assert forged_lines(written) == []
    assert "\\r\\naudit event=account.deleted" in written
    assert "\x1b" not in written and "\\x1b[2J" in written
    assert "\u2028" not in written and "\x85" not in written


def test_a_status_url_with_a_newline_cannot_add_an_audit_line(client, csrf_token, caplog):
    url = f"http://127.0.0.1:9/status/1\n{FORGED}"
    entry = {
        "id": f"{url}#3",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "3",
        "statusListCredential": url,
    }
    credential = ISSUER.issue(ISSUER.credential(credentialStatus=entry))
    caplog.set_level(logging.INFO)
    form = {"credential": credential, "csrf_token": csrf_token(client, "/verify")}
    assert client.post("/verify", data=form).status_code == 200
    assert any("not usable" in record.getMessage() for record in caplog.records)
    assert forged_lines(caplog.text) == []
    assert all("\n" not in record.getMessage() for record in caplog.records)


def test_our_code_puts_values_into_log_messages_only_as_arguments():
    """The escaping covers the values given to a message; a message built by hand would not be."""
    call = r"\b(?:logger|log)\.(?:debug|info|warning|error|exception|critical)\("
    built_by_hand = re.compile(call + r"""\s*(?:f["']|[^,)]*["']\s*(?:%|\.format\())""")
    sources = pathlib.Path(__file__).resolve().parents[2].joinpath("wallet").rglob("*.py")
    assert [str(path) for path in sources if built_by_hand.search(path.read_text())] == []
    assert built_by_hand.search('logger.warning(f"list {url}")')
    assert built_by_hand.search('logger.info("list %s" % url)')
    assert not built_by_hand.search('logger.info("list %s", url)')
