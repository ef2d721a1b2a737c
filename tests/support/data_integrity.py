"""Data Integrity credentials the tests sign themselves, and Digital Bazaar's libraries run by node.

- ``di_credential(issuer, cryptosuite, ...)``: the sample OB 3.0 credential from ``issuer``
  (a ``support.issuers.Issuer``), with the contexts that suite needs, signed; JSON text.
- ``add_proof(document, key, method_id, cryptosuite, ...)``: the document with one more proof,
  made on ``CREATED`` unless told otherwise.
- ``data_integrity_status_list(issuer, list_url, set_bits=...)``: a BitstringStatusListCredential
  secured by an eddsa-rdfc-2022 proof.
- ``baked_png(text)``, ``baked_svg(text)``: Open Badges 3.0 images carrying a credential.
- ``run_node(script, request)``: a script under tests/support/node/ fed JSON, answering JSON;
  skips nothing: a missing node or npm package fails with what to run.
"""

from __future__ import annotations

import datetime
import json
import pathlib
import shutil
import struct
import subprocess
import zlib
from typing import Any

from support.images import png_bytes
from support.issuers import VALID_FROM
from support.issuers import Issuer
from support.issuers import achievement_credential

from wallet.credentials import encode_status_list
from wallet.credentials import new_bitstring
from wallet.credentials import set_bit
from wallet.credentials import status_list_credential
from wallet.credentials.data_integrity import add_proof as add_proof_now
from wallet.credentials.jsonld_contexts import SHIPPED

ROOT = pathlib.Path(__file__).resolve().parents[2]
NODE_SCRIPTS = pathlib.Path(__file__).with_name("node")
ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
DATA_INTEGRITY_V1_CONTEXT = "https://w3id.org/security/data-integrity/v1"
CRYPTOSUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019")
ED25519_SIGNATURE_2020 = "Ed25519Signature2020"
CREATED = "2025-01-15T09:00:00Z"


def add_proof(
    document: dict[str, Any],
    private_key: Any,
    method_id: str,
    cryptosuite: str = "eddsa-rdfc-2022",
    **options: Any,
) -> dict[str, Any]:
    """The core's ``add_proof``, dated ``CREATED`` unless ``created`` says otherwise."""
    options = {"created": CREATED, **options}
    return add_proof_now(document, private_key, method_id, cryptosuite, **options)


def with_suite_context(document: dict[str, Any], cryptosuite: str) -> dict[str, Any]:
    """The document with the context its proof's terms need (VCDM 2.0 has DataIntegrityProof)."""
    needed = None
    if cryptosuite == ED25519_SIGNATURE_2020:
        needed = ED25519_2020_CONTEXT
    elif document["@context"][0] != "https://www.w3.org/ns/credentials/v2":
        needed = DATA_INTEGRITY_V1_CONTEXT
    if needed is None or needed in document["@context"]:
        return document
    return {**document, "@context": [*document["@context"], needed]}


def di_document(
    issuer: Issuer, cryptosuite: str = "eddsa-rdfc-2022", **changes: Any
) -> dict[str, Any]:
    """The sample credential from ``issuer`` signed with ``cryptosuite``, as a dict."""
    document = with_suite_context(achievement_credential(issuer.did, **changes), cryptosuite)
    return add_proof(document, issuer.key, issuer.kid, cryptosuite)


def di_credential(issuer: Issuer, cryptosuite: str = "eddsa-rdfc-2022", **changes: Any) -> str:
    """``di_document`` as the JSON text a learner would hand over."""
    return json.dumps(di_document(issuer, cryptosuite, **changes), ensure_ascii=False)


def data_integrity_status_list(
    issuer: Issuer, list_url: str, *, set_bits: tuple[int, ...] = ()
) -> str:
    """A BitstringStatusListCredential with ``set_bits`` set, secured by a Data Integrity proof."""
    bits = new_bitstring()
    for index in set_bits:
        set_bit(bits, index, True)
    document = status_list_credential(
        issuer.did, list_url, "revocation", encode_status_list(bits), VALID_FROM
    )
    return json.dumps(add_proof(document, issuer.key, issuer.kid))


def edited(raw: str, change: Any) -> str:
    """The JSON credential ``raw`` after ``change(document)`` edited it in place."""
    document = json.loads(raw)
    change(document)
    return json.dumps(document, ensure_ascii=False)


def copy_of_shipped_contexts(folder: pathlib.Path) -> pathlib.Path:
    """A writable copy of the shipped contexts folder, to tamper with."""
    return pathlib.Path(shutil.copytree(SHIPPED, folder / "contexts"))


def run_node(script: str, request: Any) -> Any:
    """Run ``tests/support/node/<script>`` with ``request`` on stdin; its JSON answer."""
    node = shutil.which("node")
    assert node, "node is not installed: the interoperability tests need Node.js 20 or later"
    completed = subprocess.run(
        [node, str(NODE_SCRIPTS / script)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, (
        f"{script} failed ({completed.returncode}): {completed.stderr.strip()[:2000]}"
        " (missing npm packages? run `npm ci` in the project root)"
    )
    return json.loads(completed.stdout)


def now_utc() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def baked_png(text: str) -> bytes:
    """A small PNG with ``text`` in an Open Badges 3.0 ``openbadgecredential`` iTXt chunk."""
    image = png_bytes((8, 8))
    body = b"openbadgecredential\x00\x00\x00\x00\x00" + text.encode("utf-8")
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body
    chunk += struct.pack(">I", zlib.crc32(b"iTXt" + body))
    end = image.rindex(b"IEND") - 4
    return image[:end] + chunk + image[end:]


def baked_svg(text: str) -> bytes:
    """An SVG with ``text`` in an Open Badges 3.0 ``openbadges:credential`` element (CDATA)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="8" height="8">'
        f"<openbadges:credential><![CDATA[{text}]]></openbadges:credential></svg>"
    ).encode()
