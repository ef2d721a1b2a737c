"""Response headers that every page gets, error pages included."""

from __future__ import annotations

from flask import Flask
from flask import Response
from flask import current_app
from flask import request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Endpoints anyone may reach without logging in; every other endpoint requires a login, and a
# test walks the URL map to hold both lists to that (a new public route must be added here).
PUBLIC_ENDPOINTS = frozenset(
    {
        "static",
        "accounts.switch_language",
        "accounts.home",
        "accounts.register",
        "accounts.login",
        "accounts.logout",
        "addresses.registered",
        "addresses.confirm",
        "recovery.ask_for_reset",
        "recovery.reset_sent",
        "recovery.reset_password",
        "recovery.log_in_with_code",
        "passkeys.log_in_options",
        "passkeys.log_in",
        "passkeys.register_options",
        "passkeys.register",
        "organisation.start",
        "organisation.finish",
        "portal.share_page",
        "portal.share_document",
        "portal.credential_download",
        "portal.credential_image",
        "portal.presentation_download",
        "portal.receipt",
        "portal.receipt_download",
        "portal.jwks",
        "portal.code",
        "portal.verify",
        "portal.robots",
        "issuing.status_list",
        "issuing.token_status_list",
        # OpenID4VCI for wallets: metadata is public; token and nonce need no login, as the
        # code (token) or the proof (credential, 401 without its bearer token) authenticates.
        "vci.credential_issuer_metadata",
        "vci.authorization_server_metadata",
        "vci.token",
        "vci.nonce",
        # An offer by reference: its unguessable address is the secret, as the code is by value.
        "vci.credential_offer",
        # The wallet's OAuth client metadata, read by the issuers' authorization servers.
        "offer_client.client_metadata",
        # The portal asks for proof (OpenID4VP): no account; the unguessable key in the address
        # is the employer's, the wallet's handle derived from it the wallet's.
        "asking.new",
        "asking.create",
        "asking.show",
        "asking.receipt_download",
        "asking.request_object",
        "asking.response",
        "registry.show",
        "registry.logo",
        "profiles.index",
        "profiles.show",
        "health.healthz",
        "health.readyz",
    }
)


# The one page that may open the camera, and only for itself: the import form's "Scan a QR
# code" button (static/js/qr-scan.js). The form answering a refused import is that page too.
CAMERA_ENDPOINTS = frozenset({"my_credentials.import_form", "my_credentials.import_credential"})


def _permissions_policy() -> str:
    camera = "(self)" if request.endpoint in CAMERA_ENDPOINTS else "()"
    return f"camera={camera}, microphone=(), geolocation=()"


def allowing_form_action(origin: str) -> str:
    """The policy with ``origin`` added to form-action: browsers hold a form's redirects to it
    too, so a form whose answer sends the learner to sign in at an issuer needs that site."""
    return CONTENT_SECURITY_POLICY.replace("form-action 'self'", f"form-action 'self' {origin}")


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    """Strict CSP, no referrer, no framing, and no caching of anything personal."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", _permissions_policy())
    # Outside debug always: behind a TLS-terminating proxy the app may only ever see http.
    if request.is_secure or not current_app.debug:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if not request.path.startswith("/static/"):
        headers.setdefault("Cache-Control", "no-store")
        response.vary.add("Cookie")
    return response
