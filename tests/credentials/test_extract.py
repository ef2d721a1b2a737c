"""Getting the JWS out of pasted text, JSON files and baked Open Badges images."""

import json
import struct
import zlib

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies
from openbadgeslib.ob2.models import Assertion
from openbadgeslib.ob2.models import IdentityObject
from openbadgeslib.ob2.models import Verification
from openbadgeslib.ob2.signer import OB2Signer
from openbadgeslib.ob3.credential import Achievement
from openbadgeslib.ob3.credential import Issuer
from openbadgeslib.ob3.credential import OpenBadgeCredential
from openbadgeslib.ob3.signer import OB3Signer

from wallet.credentials.errors import CredentialError
from wallet.credentials.extract import MAX_EMBEDDED_BYTES
from wallet.credentials.extract import MAX_INPUT_BYTES
from wallet.credentials.extract import MAX_PNG_CHUNKS
from wallet.credentials.extract import MAX_XML_ELEMENTS
from wallet.credentials.extract import PNG_SIGNATURE
from wallet.credentials.extract import extract_token

TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZToxIn0.c2lnbmF0dXJl"
OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_START = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">'
PLAIN_SVG = SVG_START + b'<rect width="1" height="1"/></svg>'
ENVELOPED = {"type": "EnvelopedVerifiableCredential", "id": f"data:application/vc+jwt,{TOKEN}"}
UNSIGNED_CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://issuer.example"},
}


def png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body)
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def png_image(*extra_chunks: bytes) -> bytes:
    """A valid 1x1 greyscale PNG with extra chunks placed before IEND."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    pixels = png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    return PNG_SIGNATURE + header + pixels + b"".join(extra_chunks) + png_chunk(b"IEND", b"")


def itxt(text: bytes, keyword: bytes = b"openbadgecredential", compressed: bool = False) -> bytes:
    flags = b"\x01\x00" if compressed else b"\x00\x00"
    return png_chunk(b"iTXt", keyword + b"\x00" + flags + b"\x00\x00" + text)


def svg_image(badge_element: str) -> bytes:
    return SVG_START + badge_element.encode() + b"</svg>"


def ob3_svg(content: str = "", verify: str | None = None, namespace: str = OB3_NAMESPACE) -> bytes:
    """An SVG with an OB 3.0 credential element holding ``content`` and/or ``verify``."""
    attribute = f' verify="{verify}"' if verify is not None else ""
    opening = f'<openbadges:credential xmlns:openbadges="{namespace}"{attribute}>'
    return svg_image(f"{opening}{content}</openbadges:credential>")


def error_code(data: bytes, filename: str | None = None) -> str:
    with pytest.raises(CredentialError) as raised:
        extract_token(data, filename)
    return raised.value.code


@pytest.fixture(scope="module")
def issuer_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def ob3_signer(issuer_key) -> OB3Signer:
    pem = issuer_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return OB3Signer(pem, algorithm="ES256")


@pytest.fixture(scope="module")
def ob3_credential() -> OpenBadgeCredential:
    return OpenBadgeCredential(
        issuer=Issuer(id="did:example:issuer", name="Yrkeshögskolan Testby"),
        recipient_id="did:example:learner",
        achievement=Achievement(
            id="urn:uuid:8a4f1f0e-8b1c-4c55-9f4e-0d9b1c2a3b4c",
            name="Svetsning grund",
            description="Grundkurs i svetsning",
            criteria_narrative="Godkänt prov",
        ),
    )


def signed_name(token: str, key: ec.EllipticCurvePrivateKey) -> str:
    """The achievement name, read only after the signature checks out with the issuer's key."""
    claims = jwt.decode(token, key.public_key(), algorithms=["ES256"])
    return claims["credentialSubject"]["achievement"]["name"]


class TestText:
    def test_compact_jws_is_returned_as_is(self):
        assert extract_token(TOKEN.encode()) == TOKEN

    def test_unsigned_token_reaches_the_verifier_to_be_named(self):
        alg_none = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0."
        assert extract_token(alg_none.encode()) == alg_none

    def test_whitespace_and_bom_around_a_pasted_token_are_ignored(self):
        assert extract_token(b"\xef\xbb\xbf  " + TOKEN.encode() + b"\r\n\n") == TOKEN

    @pytest.mark.parametrize("data", [b"", b"   \n\t", b"\xef\xbb\xbf \n"])
    def test_nothing_pasted_is_empty(self, data):
        assert error_code(data) == "input.empty"

    @pytest.mark.parametrize(
        "data",
        [
            b"hello world",
            b"eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0",  # two parts
            b"a.b.c.d",
            b"eyJh bGci.eyJp.c2ln",
            b"\xff\xfe\x00garbage",
            b"[1, 2, 3]",
        ],
    )
    def test_other_text_is_not_a_credential(self, data):
        assert error_code(data) == "input.not_a_credential"

    def test_input_over_the_size_cap_is_too_large(self):
        with pytest.raises(CredentialError) as raised:
            extract_token(b" " * (MAX_INPUT_BYTES + 1))
        assert raised.value.code == "input.too_large"
        assert raised.value.params == {"limit": MAX_INPUT_BYTES}

    def test_text_named_like_an_image_is_a_malformed_image(self):
        assert error_code(TOKEN.encode(), "badge.PNG") == "input.malformed_image"


class TestJson:
    @pytest.mark.parametrize(
        "document",
        [
            TOKEN,
            ENVELOPED,
            ENVELOPED | {"type": ["EnvelopedVerifiableCredential"]},
            {"credential": TOKEN, "c_nonce": "abc"},
            {"credential": ENVELOPED},
            {"jwt": TOKEN},
            {**UNSIGNED_CREDENTIAL, "proof": {"type": "JwtProof2020", "jwt": TOKEN}},
        ],
    )
    def test_documented_carriers_yield_the_token(self, document):
        assert extract_token(json.dumps(document).encode(), "credential.json") == TOKEN

    @pytest.mark.parametrize(
        "document",
        [UNSIGNED_CREDENTIAL, {"type": ["VerifiableCredential"], "credentialSubject": {}}],
    )
    def test_unsigned_credential_is_refused_as_unsigned(self, document):
        assert error_code(json.dumps(document).encode()) == "input.unsigned_json"

    @pytest.mark.parametrize(
        "document",
        [
            {"name": "not a credential"},
            {"type": "EnvelopedVerifiableCredential", "id": f"data:text/plain,{TOKEN}"},
            {"nested": {"deeper": {"jwt": TOKEN}}},
            "just a string",
        ],
    )
    def test_json_without_a_documented_carrier_is_not_a_credential(self, document):
        assert error_code(json.dumps(document).encode()) == "input.not_a_credential"

    @pytest.mark.parametrize("data", [b"{not json", b"[" * 100_000 + b"]" * 100_000])
    def test_broken_or_deeply_nested_json_is_not_a_credential(self, data):
        assert error_code(b"{" + data) == "input.not_a_credential"


class TestBakedByOpenbadgeslib:
    def test_ob3_png(self, issuer_key, ob3_signer, ob3_credential):
        baked = ob3_signer.sign_into_png(ob3_credential, png_image())
        assert signed_name(extract_token(baked, "badge.png"), issuer_key) == "Svetsning grund"

    def test_ob3_svg(self, issuer_key, ob3_signer, ob3_credential):
        baked = ob3_signer.sign_into_svg(ob3_credential, PLAIN_SVG)
        assert signed_name(extract_token(baked, "badge.svg"), issuer_key) == "Svetsning grund"

    @pytest.mark.parametrize("bake", [OB2Signer.sign_into_png, OB2Signer.sign_into_svg])
    def test_ob2_signed_assertion(self, bake):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        signer = OB2Signer(key)
        assertion = Assertion(
            recipient=IdentityObject(identity="learner@example.org", hashed=False),
            badge="https://issuer.example/badges/1",
            verification=Verification(type="SignedBadge", creator="https://issuer.example/key"),
        )
        image = png_image() if bake is OB2Signer.sign_into_png else PLAIN_SVG
        token = extract_token(bake(signer, assertion, image))
        payload = jwt.decode(token, key.public_key(), algorithms=["RS256"])
        assert payload["badge"] == "https://issuer.example/badges/1"


class TestPng:
    def test_first_badge_chunk_wins_and_other_text_chunks_are_skipped(self):
        other = png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00<x/>")
        image = png_image(other, itxt(TOKEN.encode()), itxt(b"second.token.here"))
        assert extract_token(image) == TOKEN

    def test_ob2_keyword(self):
        assert extract_token(png_image(itxt(TOKEN.encode(), keyword=b"openbadges"))) == TOKEN

    def test_credential_json_inside_the_chunk_goes_through_the_json_rules(self):
        assert extract_token(png_image(itxt(json.dumps(ENVELOPED).encode()))) == TOKEN
        unsigned = png_image(itxt(json.dumps(UNSIGNED_CREDENTIAL).encode()))
        assert error_code(unsigned) == "input.unsigned_json"

    def test_hosted_ob2_url_is_handed_back_as_a_link_not_fetched(self):
        hosted = png_image(itxt(b"https://issuer.example/assertions/1", keyword=b"openbadges"))
        with pytest.raises(CredentialError) as raised:
            extract_token(hosted)
        assert raised.value.code == "input.link"
        assert raised.value.params == {"url": "https://issuer.example/assertions/1"}

    def test_compressed_chunk_is_inflated(self):
        image = png_image(itxt(zlib.compress(TOKEN.encode()), compressed=True))
        assert extract_token(image) == TOKEN

    def test_compression_bomb_is_too_large(self):
        bomb = zlib.compress(b"A" * (50 * 1024 * 1024), 9)
        assert len(bomb) < MAX_EMBEDDED_BYTES
        assert error_code(png_image(itxt(bomb, compressed=True))) == "input.too_large"

    def test_truncated_compressed_stream_is_malformed(self):
        stream = zlib.compress(TOKEN.encode())[:-6]
        assert error_code(png_image(itxt(stream, compressed=True))) == "input.malformed_image"

    def test_huge_badge_chunk_is_too_large(self):
        huge = png_image(itxt(b"A" * (MAX_EMBEDDED_BYTES + 1)))
        assert error_code(huge) == "input.too_large"

    def test_ten_thousand_chunks_are_too_many(self):
        filler = png_chunk(b"tEXt", b"Comment\x00x") * 10_000
        with pytest.raises(CredentialError) as raised:
            extract_token(png_image(filler, itxt(TOKEN.encode())))
        assert raised.value.code == "input.too_large"
        assert raised.value.params == {"limit": MAX_PNG_CHUNKS}

    def test_image_without_badge(self):
        assert error_code(png_image()) == "input.image_without_credential"

    def test_legacy_text_chunk_with_a_hosted_url_is_a_link(self):
        legacy = png_chunk(b"tEXt", b"openbadges\x00https://issuer.example/a/1")
        assert error_code(png_image(legacy)) == "input.link"

    def test_other_text_chunks_are_not_read(self):
        other = png_chunk(b"tEXt", b"Comment\x00https://issuer.example/a/1")
        assert error_code(png_image(other)) == "input.image_without_credential"

    @pytest.mark.parametrize("cut", [9, 20, 40, -20, -13])  # -13: into the badge chunk's CRC
    def test_truncated_png_is_malformed(self, cut):
        assert error_code(png_image(itxt(TOKEN.encode()))[:cut]) == "input.malformed_image"

    def test_bad_checksum_is_malformed(self):
        image = bytearray(png_image(itxt(TOKEN.encode())))
        image[image.index(b"eyJ")] ^= 0x01
        assert error_code(bytes(image)) == "input.malformed_image"

    @pytest.mark.parametrize(
        "body",
        [
            b"openbadgecredential\x00\x00",  # no compression method
            b"openbadgecredential\x00\x02\x00\x00\x00" + TOKEN.encode(),  # unknown flag
            b"openbadgecredential\x00\x01\x07\x00\x00" + TOKEN.encode(),  # unknown method
            b"openbadgecredential\x00\x00\x00en" + TOKEN.encode(),  # language never ends
            b"openbadgecredential\x00\x00\x00\x00\x00\xff\xfe",  # not UTF-8
        ],
    )
    def test_broken_badge_chunk_is_malformed(self, body):
        assert error_code(png_image(png_chunk(b"iTXt", body))) == "input.malformed_image"


class TestSvg:
    def test_ob3_verify_attribute(self):
        assert extract_token(ob3_svg(verify=TOKEN)) == TOKEN

    def test_ob3_cdata_json(self):
        document = json.dumps({**UNSIGNED_CREDENTIAL, "proof": {"jwt": TOKEN}})
        assert extract_token(ob3_svg(f"<![CDATA[{document}]]>")) == TOKEN

    def test_ob3_cdata_unsigned_json(self):
        image = ob3_svg(f"<![CDATA[{json.dumps(UNSIGNED_CREDENTIAL)}]]>")
        assert error_code(image) == "input.unsigned_json"

    def test_ob2_assertion(self):
        element = f'<ob:assertion xmlns:ob="http://openbadges.org" verify="{TOKEN}"></ob:assertion>'
        assert extract_token(svg_image(f"<g>{element}</g>")) == TOKEN

    def test_element_in_the_wrong_namespace_is_ignored(self):
        image = ob3_svg(verify=TOKEN, namespace="https://evil.example")
        assert error_code(image) == "input.image_without_credential"

    def test_empty_badge_element(self):
        assert error_code(ob3_svg(" ")) == "input.image_without_credential"

    def test_plain_svg_has_no_credential(self):
        assert error_code(PLAIN_SVG) == "input.image_without_credential"

    def test_external_entity_is_unsafe(self):
        xxe = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        image = xxe + svg_image(f'<ob:credential xmlns:ob="{OB3_NAMESPACE}">&x;</ob:credential>')
        assert error_code(image) == "input.unsafe_xml"

    def test_billion_laughs_is_unsafe(self):
        entities = '<!ENTITY a0 "lol">' + "".join(
            f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
        )
        image = f"<!DOCTYPE svg [{entities}]>".encode() + svg_image("<text>&a9;</text>")
        assert error_code(image) == "input.unsafe_xml"

    def test_nesting_bomb_is_rejected_before_it_is_built(self):
        assert error_code(b"<svg>" + b"<g>" * 1_000_000) == "input.malformed_image"

    def test_a_million_elements_are_too_many(self):
        image = svg_image("<g/>" * 1_000_000)
        with pytest.raises(CredentialError) as raised:
            extract_token(image)
        assert raised.value.code == "input.too_large"
        assert raised.value.params == {"limit": MAX_XML_ELEMENTS}

    @pytest.mark.parametrize(
        "data",
        [
            b"<svg><unclosed></svg>",
            SVG_START + f'<ob:credential verify="{TOKEN}"/></svg>'.encode(),  # unbound prefix
            b"<svg>" + b"<" + b"a>" * 50,
        ],
    )
    def test_broken_xml_is_malformed(self, data):
        assert error_code(data) == "input.malformed_image"

    @pytest.mark.parametrize("data", [b"<!doctype html><html><body>Hi</body></html>", b"<a>a>"])
    def test_markup_without_an_svg_is_no_credential(self, data):
        # A web page a link led to is not a damaged image.
        assert error_code(data) == "input.not_a_credential"


KNOWN_CODES = {
    "input.empty",
    "input.too_large",
    "input.not_a_credential",
    "input.unsigned_json",
    "input.image_without_credential",
    "input.malformed_image",
    "input.unsafe_xml",
    "input.link",
    # Inputs recognised by what they are, though we cannot read them.
    "format.unsupported_cose",
    "format.unsupported_europass",
    "format.unsupported_json_jws",
    "format.presentation",
}


def only_known_errors(data: bytes) -> None:
    try:
        extract_token(data)
    except CredentialError as error:
        assert error.code in KNOWN_CODES


@settings(max_examples=300)
@given(strategies.binary(max_size=2_000))
def test_arbitrary_bytes_give_a_token_or_a_coded_error(data):
    only_known_errors(data)


@settings(max_examples=300)
@given(strategies.binary(max_size=2_000))
def test_arbitrary_bytes_after_a_png_signature_give_a_coded_error(data):
    only_known_errors(PNG_SIGNATURE + data)


@settings(max_examples=200)
@given(
    strategies.lists(
        strategies.tuples(
            strategies.sampled_from([b"iTXt", b"IEND", b"IDAT", b"tEXt", b"zTXt"]),
            strategies.binary(max_size=64).map(lambda body: b"openbadgecredential\x00" + body),
        )
    )
)
def test_arbitrary_badge_chunks_give_a_coded_error(chunks):
    only_known_errors(png_image(*(png_chunk(kind, body) for kind, body in chunks)))


@settings(max_examples=200)
@given(strategies.text(max_size=500))
def test_arbitrary_markup_gives_a_coded_error(text):
    only_known_errors(("<" + text).encode())


class TestTokenInsideText:
    """A credential pasted from an e-mail: inside a sentence, or wrapped by the mail client."""

    def test_a_token_in_a_sentence_is_found(self):
        text = f"Hej Amina! Här är ditt intyg: {TOKEN}. Hälsningar, Sobona"
        assert extract_token(text.encode()) == TOKEN

    @pytest.mark.parametrize("newline", ["\n", "\r\n"])
    def test_a_token_wrapped_by_a_mail_client_is_joined(self, newline):
        wrapped = newline.join(TOKEN[i : i + 16] for i in range(0, len(TOKEN), 16))
        text = f"Your credential:{newline}{newline}{wrapped}{newline}{newline}-- {newline}RISE"
        assert len(wrapped.splitlines()) > 2
        assert extract_token(text.encode()) == TOKEN

    def test_two_different_tokens_are_refused_with_how_many(self):
        other = TOKEN.rsplit(".", 1)[0] + ".b3RoZXIgc2lnbmF0dXJl"
        with pytest.raises(CredentialError) as raised:
            extract_token(f"{TOKEN}\n\nand also {other}".encode())
        assert raised.value.code == "input.several_credentials"
        assert raised.value.params == {"count": 2}

    def test_the_same_token_twice_is_one_credential(self):
        assert extract_token(f"{TOKEN}\n\n(again: {TOKEN})".encode()) == TOKEN

    @pytest.mark.parametrize(
        "text", ["see eyJhbGci.eyJpc3Mi.c2ln.more", "version 1.2.3 of the app", "eyJ.eyJ"]
    )
    def test_dotted_words_that_are_not_tokens_are_not_credentials(self, text):
        assert error_code(text.encode()) == "input.not_a_credential"
