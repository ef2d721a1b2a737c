"""The domain core stays framework-free: importing it loads no Flask and no SQLAlchemy."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import wallet.credentials
print(json.dumps(sorted(sys.modules)))
"""


def test_importing_the_domain_core_loads_no_web_framework():
    output = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    modules = json.loads(output)
    assert "wallet.credentials.verify" in modules
    offending = [
        m
        for m in modules
        if m.split(".")[0] in {"flask", "sqlalchemy", "werkzeug"} or m.startswith("flask_")
    ]
    assert offending == []
