"""Run axe-core (the npm package, installed by `make test`) in a Playwright page."""

from __future__ import annotations

import pathlib

import pytest

AXE = pathlib.Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations on the page, one line each (rule, impact, first targets)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test`, which installs it from npm.")
    # evaluate() runs through the DevTools protocol, so the page's strict CSP does not block it.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
