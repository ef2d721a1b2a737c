"""Operator commands for occupational profiles (``flask profile …``), recorded in the registry's
history as made "on the command line", and the daily lapse reminder (``flask profile remind``).
The JSON shape is in the README, "Occupational profiles"."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import force_locale

from wallet.credentials.profile_definitions import profile_definition
from wallet.platform import clock
from wallet.platform import mail
from wallet.profiles import reminders
from wallet.profiles import store
from wallet.profiles.forms import refusal_message
from wallet.profiles.mails import send_lapse_reminder
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


@profile_cli.command("remind")
@click.option("--dry-run", is_flag=True, help="Say how many mails would go out; send none.")
def profile_remind(dry_run):
    """Mail learners whose met profiles rest on a credential lapsing within 60 days (run daily)."""
    due = reminders.due_reminders(clock.now())
    if dry_run:
        click.echo(f"Lapse reminders to mail: {len(due)} (dry run: none sent).")
        return
    if not mail.outbox().enabled:
        # Nothing is recorded either, so the reminders go out once e-mail is turned on.
        click.echo("E-mail is turned off (MAIL_ENABLED=false): no lapse reminders sent.")
        return
    recorded = reminders.record(due)
    for reminder in recorded:  # after the commit: no mail server is waited for inside it
        send_lapse_reminder(reminder)
    # The sending thread finishes its queue before the process exits.
    click.echo(f"Lapse reminders mailed: {len(recorded)}.")
