"""``/wallet/client-metadata.json``: who the wallet is to an issuer's authorization server, public
and without a sign-in (an issuer reads it, not a learner), so on a blueprint of its own: the
offers blueprint asks every request for a signed-in learner."""

from __future__ import annotations

from flask import Blueprint
from flask import jsonify

from wallet.offers.client import client_metadata as metadata_document

bp = Blueprint("offer_client", __name__, url_prefix="/wallet")


@bp.get("/client-metadata.json")
def client_metadata():
    response = jsonify(metadata_document())
    response.headers["Cache-Control"] = "public, max-age=300"  # it changes with a new release only
    return response
