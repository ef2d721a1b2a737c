"""``flask admin grant|revoke EMAIL``: who may manage the issuer registry; ``flask admin
confirm EMAIL``: an address the operator checked, where the site sends no e-mail."""

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


@admin_cli.command("confirm")
@click.argument("email")
def admin_confirm(email):
    """Count the account's address as confirmed: you checked it is the owner's yourself."""
    user = store.confirm_address_by_operator(email)
    if user is None:
        raise click.ClickException(f"No account with the address {email}.")
    click.echo(f"{user.email} is confirmed.")


def set_admin(email: str, granted: bool) -> None:
    user = account_to_grant(email) if granted else account_of(email)
    store.grant_admin(user, granted)
    click.echo(f"{user.email} is {'now' if granted else 'no longer'} an admin.")


def account_of(email: str):
    user = store.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the address {email}.")
    return user


def account_to_grant(email: str):
    """The account with this address, if the address is confirmed: a right (admin, issuing
    desk) is granted only to an address's real owner, and anyone can sign up with any address."""
    user = account_of(email)
    if user.email_confirmed_at is None:
        raise click.ClickException(
            f"The address {user.email} is not confirmed yet: its owner opens the link we mailed "
            "(or sends a new one from the profile page). Then grant again."
        )
    return user
