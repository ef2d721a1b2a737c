"""The npm ``dcql`` package run by node (``tests/support/node/dcql_match.mjs``): an independent
answer to which credentials satisfy a DCQL query.

``npm_dcql(cases)`` takes ``(query, candidates)`` pairs and returns, per case, the package's
``{"satisfiable", "matches": {query id: [candidate indexes]}}`` (or ``{"invalid": …}``).
"""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
from collections.abc import Sequence
from typing import Any

import pytest

from wallet.credentials.openid4vp import Candidate

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "support" / "node" / "dcql_match.mjs"


def npm_dcql(cases: Sequence[tuple[dict, Sequence[Candidate]]]) -> list[dict[str, Any]]:
    if shutil.which("node") is None:
        pytest.fail("node is not installed: these tests need Node.js")
    if not (ROOT / "node_modules" / "dcql").is_dir():
        pytest.fail("node_modules lacks dcql: run `npm ci` (make test does)")
    request = {"cases": [{"query": q, "credentials": [_as_dcql(c) for c in cs]} for q, cs in cases]}
    done = subprocess.run(["node", str(SCRIPT)], input=json.dumps(request), capture_output=True,
                          text=True, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _as_dcql(candidate: Candidate) -> dict[str, Any]:
    """The package's credential model for a candidate."""
    common = {"credential_format": candidate.format, "claims": candidate.claims,
              "cryptographic_holder_binding": candidate.holder_bound}
    if candidate.authority_keys:
        common["authority"] = {"type": "aki", "values": sorted(candidate.authority_keys)}
    if candidate.format == "dc+sd-jwt":
        return {**common, "vct": candidate.vct}
    return {**common, "type": sorted(candidate.types)}
