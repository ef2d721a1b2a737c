"""Operator commands for occupational profiles (``flask profile …``), recorded in the registry's
history as made "on the command line". The JSON shape is in the README, "Occupational profiles"."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import force_locale

from wallet.credentials.profile_definitions import profile_definition
from wallet.profiles import store
from wallet.profiles.forms import refusal_message
from wallet.registry.store import COMMAND_LINE

profile_cli = AppGroup("profile", help="Manage occupational profiles (yrkesprofiler).")


def init_app(app: Flask) -> None:
    app.cli.add_command(profile_cli)


@profile_cli.command("import")
@click.argument("definition", type=click.File("rb"))
def profile_import(definition):
    """Add a profile from its JSON file, or change the one with the same slug."""
    try:
        row, outcome = store.import_profile(json.load(definition), COMMAND_LINE)
    except ValueError as error:
        raise click.ClickException(f"{definition.name} is not JSON: {error}") from error
    except store.ProfileRefused as refusal:
        with force_locale("en"):
            raise click.ClickException(refusal_message(refusal)) from refusal
    click.echo(f"Profile {row.slug}: {outcome} (/profiles/{row.slug})")


@profile_cli.command("export")
@click.argument("slug")
@click.option("-o", "--output", type=click.File("w"), default="-", help="File (default: stdout).")
def profile_export(slug, output):
    """Write a profile's JSON definition, as `flask profile import` reads it."""
    row = store.find(slug)
    if row is None:
        raise click.ClickException(f"No profile {slug}.")
    definition = profile_definition(store.read(row))
    output.write(json.dumps(definition, ensure_ascii=False, indent=2) + "\n")


@profile_cli.command("list")
def profile_list():
    """Every profile: slug, status, owner."""
    for row in store.all_profiles():
        click.echo(f"{row.slug}\t{row.status}\t{row.owner.issuer_id}")


@profile_cli.command("remove")
@click.argument("slug")
def profile_remove(slug):
    """Take a profile out of use (links shared for it keep naming it)."""
    row = store.find(slug)
    if row is None:
        raise click.ClickException(f"No profile {slug}.")
    try:
        store.remove_profile(row, COMMAND_LINE)
    except store.ProfileRefused as refusal:
        with force_locale("en"):
            raise click.ClickException(refusal_message(refusal)) from refusal
    click.echo(f"Profile {slug}: removed")
