"""The demo issuers' OpenID4VCI 1.0 endpoints (pre-authorized code flow): metadata, offers by
reference, token, nonce and credential. A machine API for wallets: JSON and form bodies, no
cookies, no session, so no CSRF token (exempt below), answers never cached; errors as RFC 6749 /
OpenID4VCI JSON.
"""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import jsonify
from flask import request

from wallet.credentials.issuance_proofs import ProofError
from wallet.credentials.issuance_proofs import new_nonce
from wallet.credentials.issuance_proofs import nonce_is_valid
from wallet.credentials.issuance_proofs import verify_proof
from wallet.issuing import vci_credentials
from wallet.issuing import vci_metadata
from wallet.issuing import vci_offers
from wallet.issuing.demo_issuers import issuer_slugs
from wallet.issuing.demo_issuers import load_issuer
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.config import rate_limit
from wallet.platform.extensions import csrf
from wallet.platform.extensions import limiter

bp = Blueprint("vci", __name__)
csrf.exempt(bp)  # no cookie authenticates these requests: a bearer token or a code does

PREFIX = vci_metadata.PATH_PREFIX
MAX_BATCH = vci_metadata.MAX_BATCH


@bp.get(f"/.well-known/openid-credential-issuer{PREFIX}<slug>")
def credential_issuer_metadata(slug: str):
    if slug not in issuer_slugs():
        return _error(404, "not_found", "No such credential issuer.")
    return _json(vci_metadata.credential_issuer_metadata(load_issuer(slug)), cache=True)


@bp.get(f"/.well-known/oauth-authorization-server{PREFIX}<slug>")
def authorization_server_metadata(slug: str):
    if slug not in issuer_slugs():
        return _error(404, "not_found", "No such authorization server.")
    return _json(vci_metadata.authorization_server_metadata(slug), cache=True)


@bp.get(f"{vci_offers.OFFERS_PATH}<code>")
@limiter.limit(rate_limit("VCI"))
def credential_offer(code: str):
    """The offer a ``credential_offer_uri`` names, while it waits to be collected."""
    body = vci_offers.waiting_offer(code)
    if body is None:
        return _error(404, "not_found", "No such offer: unknown, collected, withdrawn or expired.")
    return _json(body)  # no-store; and no-referrer, as every answer of the app


@bp.post(f"{PREFIX}<slug>/token")
@limiter.limit(rate_limit("VCI"))
def token(slug: str):
    """Trade a pre-authorized code (and its transaction code) for an access token."""
    if slug not in issuer_slugs():
        return _error(404, "not_found", "No such authorization server.")
    grant_type, code = request.form.get("grant_type"), request.form.get("pre-authorized_code")
    if grant_type != vci_metadata.PRE_AUTHORIZED_GRANT:
        error = "invalid_request" if not grant_type else "unsupported_grant_type"
        return _error(400, error, "Only the pre-authorized code grant is supported.")
    if not code:
        return _error(400, "invalid_request", "The pre-authorized_code is missing.")
    try:
        access = vci_offers.redeem(slug, code, request.form.get("tx_code"))
    except vci_offers.TokenError as refused:
        return _error(400, refused.error, refused.description)
    audit.record("vci_code_redeemed", issuer=slug)
    return _json({"access_token": access.token, "token_type": "Bearer",
                  "expires_in": access.expires_in})


@bp.post(f"{PREFIX}<slug>/nonce")
@limiter.limit(rate_limit("VCI"))
def nonce(slug: str):
    if slug not in issuer_slugs():
        return _error(404, "not_found", "No such credential issuer.")
    return _json({"c_nonce": new_nonce(_secret(), clock.now().timestamp())})


@bp.post(f"{PREFIX}<slug>/credential")
@limiter.limit(rate_limit("VCI"))
def credential(slug: str):
    """One credential per key proof, of the offered configuration, bound to the proof's key."""
    scheme, _, bearer = request.headers.get("Authorization", "").partition(" ")
    offer = vci_offers.access_for(slug, bearer) if scheme.lower() == "bearer" and bearer else None
    if offer is None:
        response = _error(401, "invalid_token", "The access token is missing, wrong or expired.")
        response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("credential_configuration_id"), str):
        return _error(400, "invalid_credential_request", "Name a credential_configuration_id.")
    configuration_id = body["credential_configuration_id"]
    if configuration_id not in vci_offers.configuration_ids_of(offer):
        return _error(400, "unknown_credential_configuration", "This offer has no such credential.")
    proofs = body.get("proofs")
    jwts = proofs.get("jwt") if isinstance(proofs, dict) and len(proofs) == 1 else None
    if not isinstance(jwts, list) or not 1 <= len(jwts) <= MAX_BATCH:
        return _error(400, "invalid_proof", f"Send proofs as {{\"jwt\": [1 to {MAX_BATCH} JWTs]}}.")
    try:
        verified = [_verified(slug, jwt) for jwt in jwts]
    except ProofError as refused:
        return _error(400, refused.error, refused.description)
    # The ids are kept with the offer before signing, so the issuing desk can revoke them.
    ids = [vci_credentials.new_credential_id() for _ in verified]
    if not vci_offers.spend_nonces(offer.id, [proof.nonce for proof in verified], ids):
        return _error(400, "invalid_nonce", "A proof's nonce was used already.")
    issuer, document = load_issuer(slug), vci_offers.document_of(offer)
    credentials = [
        {"credential": vci_credentials.issue(
            issuer, configuration_id, document, proof.holder, credential_id
        )}
        for proof, credential_id in zip(verified, ids, strict=True)
    ]
    audit.record("vci_issued", issuer=slug, offer=offer.id, configuration=configuration_id,
                 count=len(credentials))
    return _json({"credentials": credentials})


def _verified(slug: str, jwt: object):
    now = clock.now().timestamp()
    return verify_proof(
        jwt,
        audience=vci_metadata.issuer_identifier(slug),
        now=now,
        nonce_check=lambda value: nonce_is_valid(_secret(), value, now),
    )


def _secret() -> bytes:
    secret = current_app.config["SECRET_KEY"]
    return secret.encode("utf-8") if isinstance(secret, str) else secret


def _json(body: dict, cache: bool = False):
    response = jsonify(body)
    response.headers["Cache-Control"] = "public, max-age=300" if cache else "no-store"
    return response


def _error(status: int, error: str, description: str):
    response = _json({"error": error, "error_description": description})
    response.status_code = status
    return response
