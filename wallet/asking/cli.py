"""``flask ask purge``: delete the requests made ``ASK_MINUTES`` or more ago, and their answers.

Each new request purges them too; this is for a cron job on a quiet site, so an answer is never
kept longer than its page needs it even when no employer asks anything for a while.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wallet.asking import store
from wallet.platform import clock

ask_cli = AppGroup("ask", help="Employers' requests for proof (/ask).")


@ask_cli.command("purge")
def purge() -> None:
    """Delete requests and answers older than ASK_MINUTES."""
    click.echo(f"Deleted {store.purge(clock.now())} request(s).")
