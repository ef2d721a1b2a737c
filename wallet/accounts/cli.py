"""``flask admin grant|revoke EMAIL``: who may manage the issuer registry."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from wallet.accounts import store

admin_cli = AppGroup("admin", help="Give or take away the right to manage the registry.")


def init_app(app: Flask) -> None:
    app.cli.add_command(admin_cli)


@admin_cli.command("grant")
@click.argument("email")
def admin_grant(email):
    """Let the account with this address manage the registry at /admin/issuers."""
    set_admin(email, True)


@admin_cli.command("revoke")
@click.argument("email")
def admin_revoke(email):
    """Take away the account's right to manage the registry."""
    set_admin(email, False)


def set_admin(email: str, granted: bool) -> None:
    user = store.grant_admin(email, granted)
    if user is None:
        raise click.ClickException(f"No account with the address {email}.")
    click.echo(f"{user.email} is {'now' if granted else 'no longer'} an admin.")
