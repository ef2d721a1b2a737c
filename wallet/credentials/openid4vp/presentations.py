"""One presentation per chosen credential, in its format's way (OpenID4VP 1.0, appendix B),
always for the request's client_id (prefix included) and nonce:

- ``dc+sd-jwt``: the SD-JWT with only the disclosures the selected claim paths need (those on
  the way to each claim, and what each holds) and a key-binding JWT (``aud``, ``nonce``,
  ``iat``, ``sd_hash``) when the issuer bound it to the wallet's key.
- ``jwt_vc_json``: a VP-JWT by the holder's DID (``presentation.sign_presentation``).
- ``ldp_vc``: a VerifiablePresentation with a Data Integrity proof for ``authentication``,
  ``challenge`` the nonce and ``domain`` the client_id.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from .. import disclosures
from .. import jose
from ..data_integrity import add_proof
from ..parse import VCDM_V2
from ..presentation import PRESENTATION_TYPE
from ..presentation import _holder_kid as holder_method_id
from ..presentation import sign_presentation
from ..sd_jwt_presentation import bind_key
from ..sd_jwt_presentation import select_disclosures
from .dcql import ClaimPath
from .dcql import Selection
from .dcql_query import JWT_VC_FORMAT
from .dcql_query import SD_JWT_FORMAT

VP_JWT_LIFETIME = datetime.timedelta(minutes=5)
DATA_INTEGRITY_V1_CONTEXT = "https://w3id.org/security/data-integrity/v1"
_HOLDER_PURPOSE = "authentication"


def present(
    selection: Selection,
    *,
    client_id: str,
    nonce: str,
    holder_key: Any,
    holder_did: str,
    now: datetime.datetime,
) -> str | dict[str, Any]:
    """The presentation of one selected credential: a string, or an object for ldp_vc."""
    candidate = selection.candidate
    if candidate.format == SD_JWT_FORMAT:
        chosen = select_disclosures(candidate.raw, disclosures_for(candidate.raw, selection.paths))
        if not candidate.holder_bound:
            return chosen  # the verifier asked for no holder binding, and there is none
        return bind_key(chosen, holder_key, audience=client_id, nonce=nonce, now=now)
    if candidate.format == JWT_VC_FORMAT:
        return sign_presentation(
            [candidate.raw], holder_key, holder_did=holder_did, audience=client_id, nonce=nonce,
            expires_at=now + VP_JWT_LIFETIME, now=now,
        )
    return _data_integrity_presentation(candidate.claims, client_id, nonce, holder_key, holder_did, now)


def disclosures_for(token: str, paths: Iterable[ClaimPath]) -> set[str]:
    """The digests of the disclosures at or below each of ``paths``; for a claim the issuer
    did not make disclosable, the innermost disclosure holding it. ``select_disclosures`` adds
    those on the way, and nothing else a disclosure on the way holds."""
    places = disclosure_places(token)
    wanted: set[str] = set()
    for path in paths:
        inside = {key for key, place in places.items() if place[: len(path)] == path}
        holders = [key for key, place in places.items() if path[: len(place)] == place]
        wanted |= inside or set(sorted(holders, key=lambda key: len(places[key]))[-1:])
    return wanted


def disclosure_places(token: str) -> dict[str, ClaimPath]:
    """Each disclosure's digest -> the claim path where it appears once all are disclosed (an
    array element's index counts the elements that are shown, as decoys are not)."""
    parts = disclosures.split_sd_jwt(token)
    claims = jose.decode_compact(parts.issuer_jwt).claims
    found = disclosures.by_digest(parts.disclosures, disclosures.hash_name(claims))
    places: dict[str, ClaimPath] = {}

    def place(key: str, path: ClaimPath) -> None:
        if key not in places:  # a digest met twice is refused when the SD-JWT is read
            places[key] = path
            walk(found[key].value, path)

    def walk(value: Any, path: ClaimPath) -> None:
        if isinstance(value, dict):
            digests = value.get(disclosures.DIGESTS)
            for key in digests if isinstance(digests, list) else []:
                if isinstance(key, str) and key in found:
                    place(key, (*path, found[key].name))
            for name, item in value.items():
                if name != disclosures.DIGESTS:
                    walk(item, (*path, name))
        elif isinstance(value, list):
            index = 0
            for item in value:
                if disclosures.is_array_digest(item):
                    key = item[disclosures.ARRAY_DIGEST]
                    if key not in found:
                        continue  # a decoy: no element in the credential as shown
                    place(key, (*path, index))
                else:
                    walk(item, (*path, index))
                index += 1

    walk(claims, ())
    return places


def _data_integrity_presentation(
    credential: dict[str, Any],
    client_id: str,
    nonce: str,
    holder_key: Any,
    holder_did: str,
    now: datetime.datetime,
) -> dict[str, Any]:
    contexts = credential.get("@context")
    # The presentation speaks the credential's data model version (its first context); VCDM
    # 1.1 does not define the holder proof's DataIntegrityProof terms, so that context is added.
    context = contexts[0] if isinstance(contexts, list) else contexts
    document = {
        "@context": [context] if context == VCDM_V2 else [context, DATA_INTEGRITY_V1_CONTEXT],
        "type": [PRESENTATION_TYPE],
        "holder": holder_did,
        "verifiableCredential": [credential],
    }
    suite = "eddsa-rdfc-2022" if isinstance(holder_key, ed25519.Ed25519PrivateKey) else "ecdsa-rdfc-2019"
    return add_proof(
        document, holder_key, holder_method_id(holder_did, holder_key), suite,
        proofPurpose=_HOLDER_PURPOSE, challenge=nonce, domain=client_id,
        created=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
