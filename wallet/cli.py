"""Command-line tools for operators and pilots: the trust list, demo data, test issuing."""

from __future__ import annotations

import json
import pathlib

import click
from flask import Flask
from flask import current_app
from flask.cli import AppGroup

from wallet import demo
from wallet.credentials import Shape
from wallet.credentials import TrustList
from wallet.credentials import TrustedIssuer
from wallet.credentials import issue_credential

trust_cli = AppGroup("trust", help="Manage the list of trusted issuers.")
demo_cli = AppGroup("demo", help="Demo data for trying the wallet.")
issuer_cli = AppGroup("issuer", help="Sign test credentials with a demo issuer's key.")


def init_app(app: Flask) -> None:
    for group in (trust_cli, demo_cli, issuer_cli):
        app.cli.add_command(group)


def _trust_path() -> pathlib.Path:
    return pathlib.Path(current_app.config["TRUST_LIST"])


@trust_cli.command("add")
@click.argument("issuer_id")
@click.option("--name", required=True, help="Display name shown to learners and employers.")
@click.option("--organisation", help="Legal name of the organisation.")
@click.option("--country", default="SE", show_default=True, help="ISO 3166 country code.")
@click.option("--homepage", help="The issuer's web site.")
@click.option("--logo", help="Path of a logo served from our host.")
def trust_add(issuer_id, name, organisation, country, homepage, logo):
    """Add (or update) a trusted issuer."""
    issuer = TrustedIssuer(issuer_id, name, organisation, country, homepage, logo)
    TrustList.load(_trust_path()).with_issuer(issuer).save(_trust_path())
    click.echo(f"Trusted: {name} ({issuer_id})")


@trust_cli.command("remove")
@click.argument("issuer_id")
def trust_remove(issuer_id):
    """Remove a trusted issuer; its credentials show a warning from the next view."""
    trust = TrustList.load(_trust_path())
    if trust.get(issuer_id) is None:
        raise click.ClickException(f"Not on the trust list: {issuer_id}")
    trust.without(issuer_id).save(_trust_path())
    click.echo(f"Removed: {issuer_id}")


@trust_cli.command("list")
def trust_list():
    """Show the trusted issuers."""
    for issuer in TrustList.load(_trust_path()):
        click.echo(f"{issuer.id}\t{issuer.name}\t{issuer.country or ''}")


@demo_cli.command("seed")
def demo_seed():
    """Create demo issuers, a demo learner and credentials for every pilot (once)."""
    created = demo.seed()
    click.echo("Demo data created." if created else "Demo data is already there.")
    click.echo(f"Demo learner: {demo.DEMO_LOGIN[0]} / password: {demo.DEMO_LOGIN[1]}")


@issuer_cli.command("sign")
@click.option("--issuer", "issuer_slug", required=True, type=click.Choice(demo.issuer_slugs()))
@click.option("--shape", type=click.Choice([s.value for s in Shape]), default=Shape.OB3_JWT.value)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=pathlib.Path))
@click.argument("document", type=click.File("r"))
def issuer_sign(issuer_slug, shape, output, document):
    """Sign a credential JSON with a demo issuer's key and write the JWT."""
    issuer = demo.load_issuer(issuer_slug)
    body = json.load(document)
    stated = body.get("issuer") if isinstance(body.get("issuer"), dict) else {}
    body["issuer"] = {**stated, **issuer.profile()}
    token = issue_credential(body, issuer.key, kid=issuer.kid, shape=Shape(shape))
    if output:
        output.write_text(token + "\n")
        click.echo(f"Wrote {output}")
    else:
        click.echo(token)
