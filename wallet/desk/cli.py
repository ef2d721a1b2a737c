"""``flask admin grant-issuer|revoke-issuer EMAIL --issuer SLUG``: who works at an
organisation's issuing desk; ``flask issuer template import|export --issuer SLUG FILE``: the
credential templates it issues from (JSON, README "The issuing desk")."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup
from flask.cli import with_appcontext

from wallet.accounts.cli import account_of
from wallet.accounts.cli import account_to_grant
from wallet.accounts.cli import admin_cli
from wallet.desk import staff
from wallet.desk import store
from wallet.desk.credential_templates import TemplateError
from wallet.desk.credential_templates import read_templates
from wallet.issuing.cli import issuer_cli
from wallet.issuing.demo_issuers import issuer_slugs

template_cli = AppGroup("template", help="The credential templates an issuing desk issues from.")


def init_app(app: Flask) -> None:
    # The groups belong to accounts and issuing; the desk adds its commands to them.
    admin_cli.add_command(grant_issuer)
    admin_cli.add_command(revoke_issuer)
    issuer_cli.add_command(template_cli)


def _issuer_option(command):
    issuers = click.Choice(issuer_slugs())
    return click.option("--issuer", "issuer_slug", required=True, type=issuers)(command)


@click.command("grant-issuer")
@with_appcontext
@click.argument("email")
@_issuer_option
def grant_issuer(email, issuer_slug):
    """Let the account with this address issue credentials for the organisation at /issue."""
    set_staff(email, issuer_slug, True)


@click.command("revoke-issuer")
@with_appcontext
@click.argument("email")
@_issuer_option
def revoke_issuer(email, issuer_slug):
    """Take away the account's right to issue for the organisation."""
    set_staff(email, issuer_slug, False)


def set_staff(email: str, slug: str, granted: bool) -> None:
    user = account_to_grant(email) if granted else account_of(email)
    staff.grant(user, slug, granted)
    said = f"may now issue for {slug} at /issue" if granted else f"may no longer issue for {slug}"
    click.echo(f"{user.email} {said}.")


@template_cli.command("import")
@_issuer_option
@click.argument("file", type=click.File("r", encoding="utf-8"))
def template_import(issuer_slug, file):
    """Add the templates in a JSON file; a template with the same key is replaced."""
    try:
        templates = read_templates(json.load(file))
    except json.JSONDecodeError as error:
        raise click.BadParameter(f"not JSON: {error}", param_hint="FILE") from error
    except TemplateError as error:
        raise click.ClickException(str(error)) from error
    replaced = store.save_templates(issuer_slug, templates)
    click.echo(f"{len(templates)} templates imported for {issuer_slug} ({replaced} replaced).")


@template_cli.command("export")
@_issuer_option
@click.argument("file", type=click.File("w", encoding="utf-8"), default="-")
def template_export(issuer_slug, file):
    """Write the organisation's templates as JSON (to standard output without FILE)."""
    templates = [template.content for template in store.templates_of(issuer_slug)]
    json.dump({"templates": templates}, file, ensure_ascii=False, indent=2)
    file.write("\n")
