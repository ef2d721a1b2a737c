"""Credential Issuer Metadata (OpenID4VCI 1.0 section 12.2) and Authorization Server Metadata
(RFC 8414), and the choice of what to ask for among the configurations an offer lists."""

from __future__ import annotations

import dataclasses
import urllib.parse
from typing import Any

from ..errors import CredentialError
from ..fetch import Fetcher
from ..fetch import fetch_json
from .offer import CredentialOffer

ISSUER_WELL_KNOWN = "/.well-known/openid-credential-issuer"
SERVER_WELL_KNOWN = ("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")
# The formats this wallet verifies, in the order it prefers them.
FORMATS_WE_VERIFY = ("dc+sd-jwt", "jwt_vc_json", "ldp_vc")


@dataclasses.dataclass(frozen=True)
class IssuerMetadata:
    document: dict[str, Any]

    @property
    def credential_issuer(self) -> str:
        return self.document["credential_issuer"]

    @property
    def credential_endpoint(self) -> str:
        return self.document["credential_endpoint"]

    @property
    def nonce_endpoint(self) -> str | None:
        return self.document.get("nonce_endpoint")

    @property
    def deferred_credential_endpoint(self) -> str | None:
        """Where a credential the issuer sends later is asked for (section 9); None: nowhere."""
        return self.document.get("deferred_credential_endpoint")

    def display_name(self, locale: str) -> str | None:
        return _in_locale(self.document.get("display"), locale).get("name")


@dataclasses.dataclass(frozen=True)
class Offered:
    """The configuration chosen from an offer, and what the confirmation page says of it."""

    configuration_id: str
    format: str
    configuration: dict[str, Any]
    name: str | None
    logo_uri: str | None
    logo_alt: str | None

    @property
    def proof_algorithms(self) -> tuple[str, ...] | None:
        """The algorithms a jwt proof may use; None when the credential takes no proof."""
        proofs = self.configuration.get("proof_types_supported")
        if not isinstance(proofs, dict) or not proofs:
            return None
        jwt = proofs.get("jwt")
        algorithms = None
        if isinstance(jwt, dict):
            algorithms = jwt.get("proof_signing_alg_values_supported")
        if not isinstance(algorithms, list):
            raise CredentialError("offer.unsupported", reason="proof_type")
        return tuple(a for a in algorithms if isinstance(a, str))

    @property
    def binds_by_jwk_only(self) -> bool:
        methods = self.configuration.get("cryptographic_binding_methods_supported")
        return isinstance(methods, list) and "jwk" in methods and not any(
            isinstance(m, str) and m.startswith("did") for m in methods
        )


def well_known_url(identifier: str, suffix: str) -> str:
    """``suffix`` inserted between the host and the path of ``identifier`` (RFC 8414 3.1)."""
    parts = urllib.parse.urlsplit(identifier)
    path = parts.path.rstrip("/")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, suffix + path, "", ""))


def fetch_issuer_metadata(offer: CredentialOffer, fetcher: Fetcher | None) -> IssuerMetadata:
    document = fetch_json(fetcher, well_known_url(offer.credential_issuer, ISSUER_WELL_KNOWN))
    if not isinstance(document, dict):
        raise CredentialError("offer.metadata_invalid", reason="not_object")
    if document.get("credential_issuer") != offer.credential_issuer:
        # Metadata for another issuer would let one host speak for another.
        raise CredentialError("offer.metadata_invalid", reason="credential_issuer")
    for name in ("credential_endpoint", "nonce_endpoint", "deferred_credential_endpoint"):
        value = document.get(name)
        if (value is not None or name == "credential_endpoint") and not is_url(value):
            raise CredentialError("offer.metadata_invalid", reason=name)
    if not isinstance(document.get("credential_configurations_supported"), dict):
        raise CredentialError("offer.metadata_invalid", reason="credential_configurations")
    return IssuerMetadata(document)


def token_endpoint(
    offer: CredentialOffer, metadata: IssuerMetadata, fetcher: Fetcher | None
) -> str:
    """The token endpoint of the offer's (or the issuer's first, or the issuer's own) server."""
    return authorization_server_metadata(offer, metadata, fetcher)["token_endpoint"]


def authorization_server_metadata(
    offer: CredentialOffer, metadata: IssuerMetadata, fetcher: Fetcher | None
) -> dict[str, Any]:
    """The metadata of the offer's (or the issuer's first, or the issuer's own) authorization
    server, which names that server as its issuer and has a token endpoint."""
    servers = metadata.document.get("authorization_servers")
    server = offer.authorization_server
    if server is None:
        server = servers[0] if isinstance(servers, list) and servers else offer.credential_issuer
    if not isinstance(server, str):
        raise CredentialError("offer.metadata_invalid", reason="authorization_servers")
    failure: CredentialError | None = None
    for suffix in SERVER_WELL_KNOWN:
        try:
            document = fetch_json(fetcher, well_known_url(server, suffix))
        except CredentialError as error:
            failure = error
            continue
        if isinstance(document, dict) and document.get("issuer") == server:
            if is_url(document.get("token_endpoint")):
                return document
        raise CredentialError("offer.metadata_invalid", reason="authorization_server")
    raise failure or CredentialError("offer.metadata_invalid", reason="authorization_server")


def choose_configuration(
    offer: CredentialOffer, metadata: IssuerMetadata, locale: str
) -> Offered:
    """The first offered configuration in the format we like best among those we verify."""
    supported = metadata.document["credential_configurations_supported"]
    known = [
        (i, supported[i]) for i in offer.configuration_ids if isinstance(supported.get(i), dict)
    ]
    if not known:
        raise CredentialError("offer.metadata_invalid", reason="configuration_missing")
    ours = [(i, c) for i, c in known if c.get("format") in FORMATS_WE_VERIFY]
    if not ours:
        first_format = known[0][1].get("format")
        raise CredentialError("offer.unsupported", reason="format", format=first_format)
    configuration_id, configuration = min(
        ours, key=lambda chosen: FORMATS_WE_VERIFY.index(chosen[1]["format"])
    )
    credential_metadata = configuration.get("credential_metadata")
    displays = credential_metadata.get("display") if isinstance(credential_metadata, dict) else None
    display = _in_locale(displays or configuration.get("display"), locale)
    logo = display.get("logo") if isinstance(display.get("logo"), dict) else {}
    return Offered(
        configuration_id=configuration_id,
        format=configuration["format"],
        configuration=configuration,
        name=_text(display.get("name")),
        logo_uri=logo.get("uri") if is_url(logo.get("uri")) else None,
        logo_alt=_text(logo.get("alt_text")),
    )


def _in_locale(displays: Any, locale: str) -> dict[str, Any]:
    """The display object in ``locale`` (or its language), else one without a locale, else the
    first: a name in another language is better than none."""
    entries = [d for d in displays if isinstance(d, dict)] if isinstance(displays, list) else []
    language = locale.split("-")[0].split("_")[0].lower()

    def rank(entry: dict[str, Any]) -> int:
        tag = str(entry.get("locale") or "").lower().replace("_", "-")
        if tag == locale.lower().replace("_", "-"):
            return 0
        if tag.split("-")[0] == language:
            return 1
        return 2 if not tag else 3

    return min(entries, key=rank, default={})


def _text(value: Any) -> str | None:
    return value[:200] if isinstance(value, str) and value.strip() else None


def is_url(value: Any) -> bool:
    return isinstance(value, str) and urllib.parse.urlsplit(value).scheme in ("https", "http")
