"""Commands for pilots: demo data (``flask demo``) and test issuing (``flask issuer``)."""

from __future__ import annotations

import json
import pathlib

import click
from flask import Flask
from flask.cli import AppGroup

from wallet.credentials import Shape
from wallet.credentials import issue_credential
from wallet.issuing import demo
from wallet.issuing import examples
from wallet.issuing import status_lists
from wallet.issuing import vci_metadata
from wallet.issuing import vci_offers
from wallet.issuing.demo_issuers import issuer_slugs
from wallet.issuing.demo_issuers import load_issuer
from wallet.platform.addresses import base_url

demo_cli = AppGroup("demo", help="Demo data for trying the wallet.")
issuer_cli = AppGroup(
    "issuer", help="Sign test credentials with a demo issuer's key; revoke or suspend them."
)


def init_app(app: Flask) -> None:
    for group in (demo_cli, issuer_cli):
        app.cli.add_command(group)


@demo_cli.command("seed")
def demo_seed():
    """Create demo issuers, a demo learner and credentials for every pilot (once)."""
    created = demo.seed()
    click.echo("Demo data created." if created else "Demo data is already there.")
    elsewhere = demo.signed_for_elsewhere()
    if elsewhere:
        click.echo(
            f"Warning: the demo credentials were signed with their status list at {elsewhere}, "
            f"which this site ({base_url()}) does not publish, so their status shows as unknown. "
            "Serve on that address again, or start a fresh demo: move instance/ aside "
            "(mv instance instance.old) and run make run again.",
            err=True,
        )
    click.echo(f"Open {base_url()} and log in as the demo learner.")
    click.echo(f"Demo learner: {demo.DEMO_LOGIN[0]} / password: {demo.DEMO_LOGIN[1]}")


@demo_cli.command("examples")
@click.argument(
    "folder", default="examples", type=click.Path(file_okay=False, path_type=pathlib.Path)
)
@click.option(
    "--subject", metavar="DID",
    help="Your wallet id (did:key:…, on the Profile page): the samples then name you as holder.",
)
def demo_examples(folder, subject):
    """Sign samples to import: valid, expired, unknown issuer, revoked, and a baked badge."""
    if subject is not None and not subject.startswith("did:"):
        raise click.BadParameter("a wallet id starts with did:key:", param_hint="--subject")
    for path in examples.write_examples(folder, subject):
        click.echo(f"Wrote {path}")


@issuer_cli.command("sign")
@click.option("--issuer", "issuer_slug", required=True, type=click.Choice(issuer_slugs()))
@click.option("--shape", type=click.Choice([s.value for s in Shape]), default=Shape.OB3_JWT.value)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=pathlib.Path))
@click.argument("document", type=click.File("r"))
def issuer_sign(issuer_slug, shape, output, document):
    """Sign a credential JSON with a demo issuer's key and write the JWT."""
    issuer = load_issuer(issuer_slug)
    body = json.load(document)
    stated = body.get("issuer") if isinstance(body.get("issuer"), dict) else {}
    body["issuer"] = {**stated, **issuer.profile()}
    if "credentialStatus" not in body:
        body = status_lists.with_status(issuer, body)
        indexes = sorted({entry["statusListIndex"] for entry in body["credentialStatus"]})
        click.echo(f"Credential {body['id']}: status list index {', '.join(indexes)}", err=True)
    token = issue_credential(body, issuer.key, kid=issuer.kid, shape=Shape(shape))
    if output:
        output.write_text(token + "\n")
        click.echo(f"Wrote {output}")
    else:
        click.echo(token)


def _status_target(command):
    """--issuer, and --index or --credential: what revoke, suspend and reinstate act on."""
    command = click.option("--credential", "credential_id", help="The credential's id.")(command)
    command = click.option(
        "--index", type=click.IntRange(min=0), help="Its index on the issuer's list."
    )(command)
    issuers = click.Choice(issuer_slugs())
    return click.option("--issuer", "issuer_slug", required=True, type=issuers)(command)


@issuer_cli.command("revoke")
@_status_target
def issuer_revoke(issuer_slug, index, credential_id):
    """Withdraw a credential for good; employers see it revoked at their next view."""
    _set_status(issuer_slug, ("revocation",), True, index, credential_id)


@issuer_cli.command("suspend")
@_status_target
def issuer_suspend(issuer_slug, index, credential_id):
    """Pause a credential until it is reinstated."""
    _set_status(issuer_slug, ("suspension",), True, index, credential_id)


@issuer_cli.command("reinstate")
@_status_target
def issuer_reinstate(issuer_slug, index, credential_id):
    """Make a revoked or suspended credential valid again (clears both lists)."""
    _set_status(issuer_slug, status_lists.PURPOSES, False, index, credential_id)


def _set_status(slug, purposes, value, index, credential_id):
    if (index is None) == (credential_id is None):
        raise click.UsageError("Give either --index or --credential.")
    for purpose in purposes:
        try:
            changed = status_lists.change_status(
                slug, purpose, value, index=index, credential_id=credential_id
            )
        except status_lists.StatusListError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"{slug}, {purpose} list: index {changed} {'set' if value else 'cleared'}.")


@issuer_cli.command("offer")
@click.option("--issuer", "issuer_slug", required=True, type=click.Choice(issuer_slugs()))
@click.option(
    "--tx-code", is_flag=True,
    help="Also make a transaction code, to tell the learner another way than the offer.",
)
@click.option(
    "--configuration", "configuration_ids", multiple=True,
    type=click.Choice(vci_metadata.CONFIGURATION_IDS),
    help="A format to offer (repeat for several); all of them when left out.",
)
@click.option(
    "--by-value", is_flag=True,
    help="Put the whole offer in the link (credential_offer), not its address on this site.",
)
@click.argument("document", type=click.File("r"))
def issuer_offer(issuer_slug, tx_code, configuration_ids, by_value, document):
    """Offer a credential JSON to a wallet (OpenID4VCI): prints the offer link (by reference,
    credential_offer_uri), then the transaction code if there is one."""
    try:
        body = json.load(document)
    except json.JSONDecodeError as error:
        raise click.BadParameter(f"not JSON: {error}", param_hint="DOCUMENT") from error
    if not isinstance(body, dict) or not isinstance(body.get("credentialSubject"), dict):
        raise click.BadParameter("a credential with a credentialSubject object", param_hint="DOCUMENT")
    chosen = list(configuration_ids or vci_metadata.CONFIGURATION_IDS)
    offer = vci_offers.create_offer(issuer_slug, body, chosen, tx_code)
    click.echo(vci_offers.offer_link(issuer_slug, offer, chosen, by_value))
    if offer.tx_code:
        click.echo(offer.tx_code)
    click.echo(f"Offer {offer.id}, valid until {offer.expires_at:%Y-%m-%d %H:%M} UTC.", err=True)


@issuer_cli.command("withdraw-offer")
@click.argument("offer_id", type=click.IntRange(min=1))
def issuer_withdraw_offer(offer_id):
    """Withdraw an offer: its code and any access token it gave stop working."""
    if not vci_offers.withdraw_offer(offer_id):
        raise click.ClickException(f"There is no offer {offer_id}.")
    click.echo(f"Offer {offer_id} withdrawn.")
