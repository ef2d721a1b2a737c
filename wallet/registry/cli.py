"""Operator commands for the issuer registry (``flask trust …``).

Changes made here are recorded in the registry's history as made "on the command line". The
trust list file format is how a registry is seeded (``import``) and saved (``export``).
"""

from __future__ import annotations

import pathlib

import click
from flask import Flask
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from werkzeug.datastructures import FileStorage

from wallet.credentials import CredentialError
from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.registry import store
from wallet.registry import trust
from wallet.registry.forms import IssuerForm
from wallet.registry.forms import conflict_message
from wallet.registry.forms import parse_issuer_form
from wallet.registry.store import COMMAND_LINE
from wallet.registry.store import RegistryConflict

trust_cli = AppGroup("trust", help="Manage the registry of trusted issuers.")


def init_app(app: Flask) -> None:
    app.cli.add_command(trust_cli)


@trust_cli.command("add")
@click.argument("issuer_id")
@click.option("--name", required=True, help="Name in Swedish, shown to learners and employers.")
@click.option("--name-en", help="Name in English (default: the Swedish name).")
@click.option("--slug", default="", help="Address of its public page, /issuers/SLUG.")
@click.option("--organisation-number", default="", help="For Swedish issuers NNNNNN-NNNN.")
@click.option("--country", default="SE", show_default=True, help="ISO 3166 country code.")
@click.option("--homepage", default="", help="The issuer's web site (https).")
@click.option("--sector", default="", help="The sector or pilot it belongs to.")
@click.option("--logo", type=click.File("rb"), help="A PNG, JPEG or SVG logo, at most 200 KB.")
def trust_add(issuer_id, name, name_en, slug, organisation_number, country, homepage, sector, logo):
    """Add a trusted issuer, or update one and trust it again."""
    entry = TrustedIssuer(
        issuer_id, name, country=country, homepage=homepage, name_en=name_en, slug=slug,
        organisation_number=organisation_number, sector=sector,
    )
    upload = FileStorage(logo, filename=logo.name) if logo else None
    row = save(checked_entry(entry, upload))
    if row.status != "active":
        store.change_status(row, "reinstate", COMMAND_LINE)
    click.echo(f"Trusted: {row.name_sv} ({row.issuer_id}) at /issuers/{row.slug}")


@trust_cli.command("remove")
@click.argument("issuer_id")
def trust_remove(issuer_id):
    """Remove a trusted issuer; its credentials show a warning from the next view."""
    change_status(issuer_id, "remove")


@trust_cli.command("suspend")
@click.argument("issuer_id")
def trust_suspend(issuer_id):
    """Suspend a trusted issuer until it is reinstated."""
    change_status(issuer_id, "suspend")


@trust_cli.command("reinstate")
@click.argument("issuer_id")
def trust_reinstate(issuer_id):
    """Trust a suspended or removed issuer again."""
    change_status(issuer_id, "reinstate")


@trust_cli.command("list")
def trust_list():
    """Show every registered issuer with its status, then those only in the trust list file."""
    for row in store.all_issuers():
        click.echo(f"{row.issuer_id}\t{row.name_sv}\t{row.country or ''}\t{row.status}")
    snapshot = trust.current()
    for issuer in snapshot.trust_list:
        if issuer.id not in snapshot.registered:
            click.echo(f"{issuer.id}\t{issuer.name}\t{issuer.country or ''}\tfile")


@trust_cli.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
def trust_import(source):
    """Add or update the registry from a trust list file; statuses and logos are kept."""
    try:
        entries = list(TrustList.load(source))
    except CredentialError as error:
        raise click.ClickException(f"{source} is not a trust list file.") from error
    checked = [checked_entry(entry) for entry in entries]  # every entry, before any is saved
    for parsed in checked:
        row = save(parsed)
        click.echo(f"{row.issuer_id}\t{row.name_sv}\t{row.status}")
    click.echo(f"Imported {len(checked)} issuers from {source}.")


@trust_cli.command("export")
@click.argument("target", type=click.Path(dir_okay=False, path_type=pathlib.Path))
def trust_export(target):
    """Write the issuers trusted now to a trust list file (logos stay in the registry)."""
    trusted = trust.current_trust_list()
    trusted.save(target)
    click.echo(f"Exported {len(trusted)} trusted issuers to {target}.")


def checked_entry(entry: TrustedIssuer, logo: FileStorage | None = None) -> IssuerForm:
    """An entry checked by the rules of the admin form; ClickException naming what is wrong."""
    form = {
        "issuer_id": entry.id,
        "name_sv": entry.name,
        "name_en": entry.name_en or entry.name,
        "slug": entry.slug or "",
        "organisation_number": entry.organisation_number or "",
        "country": entry.country or "",
        "homepage": entry.homepage or "",
        "sector": entry.sector or "",
    }
    with force_locale("en"):
        parsed = parse_issuer_form(form, {"logo": logo} if logo else {})
        if isinstance(parsed, dict):
            problems = "; ".join(f"{field}: {message}" for field, message in parsed.items())
            raise click.ClickException(f"{entry.id}: {problems}")
    return parsed


def save(parsed: IssuerForm):
    """Add the issuer, or update the registered one with these details."""
    row = store.find(parsed.details.issuer_id)
    try:
        if row is None:
            return store.add(parsed.details, COMMAND_LINE, parsed.logo)
        store.edit(row, parsed.details, COMMAND_LINE, parsed.logo)
        return row
    except RegistryConflict as conflict:
        with force_locale("en"):
            message = conflict_message(conflict.field)[conflict.field]
        raise click.ClickException(f"{parsed.details.issuer_id}: {message}") from conflict


def change_status(issuer_id: str, action: str) -> None:
    row = store.find(issuer_id)
    if row is None:
        if trust.current_trust_list().get(issuer_id) is not None:
            path = current_app.config["TRUST_LIST"]
            raise click.ClickException(
                f"{issuer_id} is trusted through the file {path}: change it there, "
                "or bring the file into the registry with `flask trust import`."
            )
        raise click.ClickException(f"Not on the trust list: {issuer_id}")
    try:
        store.change_status(row, action, COMMAND_LINE)
    except RegistryConflict as error:
        raise click.ClickException(f"{issuer_id} is {row.status}.") from error
    click.echo(f"{row.name_sv} ({issuer_id}) is now {row.status}.")
