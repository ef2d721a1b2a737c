"""``run_cli(app, *args)``: run a ``flask`` command of ``app`` that must succeed; its output."""

from __future__ import annotations


def run_cli(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output
