"""Get the credential out of what a learner hands us: pasted text, a file, or a baked badge.

Accepted inputs (the content decides; the file name only sharpens the error code):

- text: a compact JWS ``header.payload.signature`` (whitespace and a UTF-8 BOM are stripped),
  or an SD-JWT ``<jws>~<disclosure>~…~[<key-binding JWS>]``, kept whole;
- JSON: a string holding a JWS, or an object with one of these members holding a JWS:
  ``{"type": "EnvelopedVerifiableCredential", "id": "data:application/vc+jwt,<jws>"}``
  (VCDM 2.0; also ``data:application/dc+sd-jwt,<sd-jwt>``), ``"credential"`` (a JWS, an SD-JWT
  or such an enveloped object, as in OID4VCI responses),
  ``"jwt"``, or ``"proof": {"jwt": …}``. Nothing else is searched. A JSON-LD credential whose
  ``proof`` is one or more Data Integrity proof objects is returned as the JSON text itself.
  A credential without either (``@context`` or ``credentialSubject`` present) is
  ``input.unsigned_json``: we only verify signed credentials;
- PNG baked per Open Badges: the first ``iTXt`` chunk with keyword ``openbadgecredential``
  (OB 3.0) or ``openbadges`` (OB 2.0), holding a JWS or credential JSON as above;
- SVG baked per Open Badges: the first ``openbadges:credential`` (OB 3.0) or
  ``openbadges:assertion`` (OB 2.0) element; its ``verify`` attribute or its text.

An Open Badges 2.0 assertion (JSON) is returned as received. Nothing here fetches a URL: a link
(pasted, or baked into a badge, as OB 2.0 hosted badges may be) raises ``input.link`` with its
``url``, for the caller to fetch through its guards and read again. Inputs we recognise but
cannot read raise the ``format.*`` code that names them (``recognise``). Everything else raises
``CredentialError`` with one of the ``input.*`` codes.
Limits: MAX_INPUT_BYTES overall, MAX_PNG_CHUNKS, MAX_EMBEDDED_BYTES for a badge chunk (also
after inflating), MAX_XML_DEPTH and MAX_XML_ELEMENTS; ``input.too_large`` carries ``limit``.
"""

from __future__ import annotations

import io
import json
import re
import struct
import xml.etree.ElementTree
import zlib

import defusedxml
import defusedxml.ElementTree

from wallet.credentials.errors import CredentialError
from wallet.credentials.open_badges_2 import is_assertion
from wallet.credentials.recognise import is_cose
from wallet.credentials.recognise import refuse_cose
from wallet.credentials.recognise import refuse_json

MAX_INPUT_BYTES = 5 * 1024 * 1024
MAX_PNG_CHUNKS = 2_000
MAX_XML_DEPTH = 100
MAX_XML_ELEMENTS = 100_000  # parsing costs ~1.5 µs per element; real badges have a few thousand
MAX_EMBEDDED_BYTES = 256 * 1024  # a badge's iTXt text, compressed or not (the token size cap)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORDS = (b"openbadgecredential", b"openbadges")
_PNG_KEYWORD_PREFIXES = tuple(keyword + b"\x00" for keyword in PNG_KEYWORDS)
SVG_ELEMENTS = (
    "{https://purl.imsglobal.org/ob/v3p0}credential",
    "{http://openbadges.org}assertion",
)
ENVELOPE_PREFIXES = ("data:application/vc+jwt,", "data:application/dc+sd-jwt,")

# An empty signature part is let through so that the verifier can name an alg=none token.
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
# A token inside other text ("Here is your credential: eyJ…."): its header is JSON, so it starts
# "ey"; it may end a sentence, but is not followed by more token characters.
_JWS_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9_.-])ey[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?!\.?[A-Za-z0-9_-])"
)
# An SD-JWT: the issuer's JWS, each disclosure followed by "~", maybe a key-binding JWS.
_SD_JWT = re.compile(
    r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+~(?:[A-Za-z0-9_-]+~)*"
    r"(?:[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?"
)
_SD_JWT_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_.~-])ey" + _SD_JWT.pattern + r"(?![A-Za-z0-9_.~-])")
# A mail client wraps long lines (at 76 characters, say): a break between token characters.
_WRAPPED = re.compile(r"(?<=[A-Za-z0-9_.~-])[ \t]*\r?\n[ \t]*(?=[A-Za-z0-9_.~-])")
_BOM = b"\xef\xbb\xbf"
_LINK = re.compile(r"https?://[^\s]{1,2000}")
# Markup without an <svg> element (a web page fetched by link) is no badge image.
_SVG_ROOT = re.compile(rb"<svg[\s>/]", re.IGNORECASE)


def extract_token(data: bytes, filename: str | None = None) -> str:
    """Return the compact JWS carried by pasted text, a JSON file or a baked PNG/SVG badge."""
    if len(data) > MAX_INPUT_BYTES:
        raise CredentialError("input.too_large", limit=MAX_INPUT_BYTES)
    if data.startswith(PNG_SIGNATURE):
        return _token_from_png(data)
    content = data.strip().removeprefix(_BOM).strip()
    if not content:
        raise CredentialError("input.empty")
    if content.startswith(b"<") and _SVG_ROOT.search(content[:MAX_EMBEDDED_BYTES]):
        return _token_from_svg(content)
    if (filename or "").lower().endswith((".png", ".svg")):
        raise CredentialError("input.malformed_image")
    try:
        return _token_from_text(content.decode("utf-8"))
    except UnicodeDecodeError:
        if is_cose(content):
            raise CredentialError("format.unsupported_cose") from None
        raise CredentialError("input.not_a_credential") from None


def _token_from_text(text: str) -> str:
    text = text.strip()
    if _COMPACT_JWS.fullmatch(text) or _SD_JWT.fullmatch(text):
        return text
    if _LINK.fullmatch(text):
        raise CredentialError("input.link", url=text)
    if text.startswith(("{", '"')):
        return _token_from_json(text)
    return _token_within(text)


def _token_within(text: str) -> str:
    """The one token in a message, as it was written or with its wrapped lines joined."""
    for candidate in (text, _WRAPPED.sub("", text)):
        sd_jwts = set(_SD_JWT_IN_TEXT.findall(candidate))
        # An SD-JWT's own JWSs are part of it, not credentials of their own.
        found = sd_jwts | set(_JWS_IN_TEXT.findall(_SD_JWT_IN_TEXT.sub(" ", candidate)))
        if len(found) > 1:
            raise CredentialError("input.several_credentials", count=len(found))
        if found:
            return found.pop()
    refuse_cose(text)
    raise CredentialError("input.not_a_credential")


def _token_from_json(text: str) -> str:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise CredentialError("input.not_a_credential") from None
    proof = _member(value, "proof")
    carriers = (value, _member(value, "credential"), _member(value, "jwt"), _member(proof, "jwt"))
    token = next(filter(None, map(_jws_in, carriers)), None)
    if token is not None:
        return token
    if _has_data_integrity_proof(value):
        return text  # the JSON is the credential: its proofs sign the document itself
    if isinstance(value, dict) and is_assertion(value):
        return text  # an Open Badges 2.0 assertion, exactly as received
    refuse_json(value)
    if isinstance(value, dict) and ("@context" in value or "credentialSubject" in value):
        raise CredentialError("input.unsigned_json")
    raise CredentialError("input.not_a_credential")


def _has_data_integrity_proof(value: object) -> bool:
    """A JSON-LD credential with embedded proof objects (not a JWT beside it)."""
    if not isinstance(value, dict) or "@context" not in value:
        return False
    proofs = value.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs]
    return bool(proofs) and all(isinstance(p, dict) and "type" in p for p in proofs)


def _member(value: object, name: str) -> object:
    return value.get(name) if isinstance(value, dict) else None


def _jws_in(value: object) -> str | None:
    """The value itself when it is a compact JWS, or the JWS of an enveloped credential."""
    if isinstance(value, str):
        return value if _COMPACT_JWS.fullmatch(value) or _SD_JWT.fullmatch(value) else None
    if not isinstance(value, dict):
        return None
    types = value.get("type")
    envelope_id = value.get("id")
    if "EnvelopedVerifiableCredential" not in (types if isinstance(types, list) else [types]):
        return None
    prefix = next((p for p in ENVELOPE_PREFIXES if str(envelope_id).startswith(p)), None)
    if not isinstance(envelope_id, str) or prefix is None:
        return None
    return _jws_in(envelope_id.removeprefix(prefix))


def _token_from_png(data: bytes) -> str:
    """Walk the chunks of a PNG up to IEND and read the first Open Badges iTXt chunk."""
    offset = len(PNG_SIGNATURE)
    for _ in range(MAX_PNG_CHUNKS):
        if offset + 12 > len(data):
            raise CredentialError("input.malformed_image")
        length, kind = struct.unpack_from(">I4s", data, offset)
        body_end = offset + 8 + length
        if body_end + 4 > len(data):
            raise CredentialError("input.malformed_image")
        body = data[offset + 8 : body_end]
        (crc,) = struct.unpack_from(">I", data, body_end)
        if zlib.crc32(kind + body) != crc:
            raise CredentialError("input.malformed_image")
        if kind == b"IEND":
            raise CredentialError("input.image_without_credential")
        if kind == b"iTXt" and body.startswith(_PNG_KEYWORD_PREFIXES):
            return _token_from_text(_itxt_text(body))
        if kind == b"tEXt" and body.startswith(_PNG_KEYWORD_PREFIXES):
            # The first Open Badges bakers wrote the hosted assertion's URL as Latin-1 text.
            return _token_from_text(_text_chunk(body))
        offset = body_end + 4
    raise CredentialError("input.too_large", limit=MAX_PNG_CHUNKS)


def _text_chunk(body: bytes) -> str:
    if len(body) > MAX_EMBEDDED_BYTES:
        raise CredentialError("input.too_large", limit=MAX_EMBEDDED_BYTES)
    return body.partition(b"\x00")[2].decode("latin-1")


def _itxt_text(body: bytes) -> str:
    """Decode an iTXt body: keyword, flag, method, language, translated keyword, text."""
    if len(body) > MAX_EMBEDDED_BYTES:
        raise CredentialError("input.too_large", limit=MAX_EMBEDDED_BYTES)
    _keyword, _, rest = body.partition(b"\x00")
    if len(rest) < 2 or rest[0] not in (0, 1) or (rest[0] and rest[1] != 0):
        raise CredentialError("input.malformed_image")
    compressed = rest[0] == 1
    _language, language_end, rest = rest[2:].partition(b"\x00")
    _translated_keyword, translated_end, text = rest.partition(b"\x00")
    if not (language_end and translated_end):
        raise CredentialError("input.malformed_image")
    try:
        return (_inflate(text) if compressed else text).decode("utf-8")
    except UnicodeDecodeError:
        raise CredentialError("input.malformed_image") from None


def _inflate(compressed: bytes) -> bytes:
    # A zlib bomb must not allocate more than the cap, so stop inflating just past it.
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(compressed, MAX_EMBEDDED_BYTES + 1)
    except zlib.error:
        raise CredentialError("input.malformed_image") from None
    if len(text) > MAX_EMBEDDED_BYTES or inflater.unconsumed_tail:
        raise CredentialError("input.too_large", limit=MAX_EMBEDDED_BYTES)
    if not inflater.eof:
        raise CredentialError("input.malformed_image")
    return text


def _token_from_svg(data: bytes) -> str:
    """Stream the SVG without entities or external references up to its badge element."""
    depth = elements = 0
    try:
        for event, element in defusedxml.ElementTree.iterparse(
            io.BytesIO(data), events=("start", "end")
        ):
            if event == "start":
                depth, elements = depth + 1, elements + 1
                if depth > MAX_XML_DEPTH:  # rejects nesting bombs before building them
                    raise CredentialError("input.malformed_image")
                if elements > MAX_XML_ELEMENTS:
                    raise CredentialError("input.too_large", limit=MAX_XML_ELEMENTS)
            elif element.tag in SVG_ELEMENTS:
                return _token_from_badge_element(element)
            else:
                depth -= 1
    except defusedxml.DefusedXmlException:
        raise CredentialError("input.unsafe_xml") from None
    except (xml.etree.ElementTree.ParseError, ValueError):
        raise CredentialError("input.malformed_image") from None
    raise CredentialError("input.image_without_credential")


def _token_from_badge_element(element: xml.etree.ElementTree.Element) -> str:
    verify, text = element.get("verify") or "", "".join(element.itertext())
    # A hosted badge names its URL in `verify` and may carry the assertion itself as text.
    carried = text if _LINK.fullmatch(verify.strip()) and text.strip() else verify or text
    if not carried.strip():
        raise CredentialError("input.image_without_credential")
    return _token_from_text(carried)
