"""Throughput and latency of the employer's page (a share of 5 credentials) against /healthz.

Prepares a temporary database (demo issuers, so status lists are read in-process), shares 5
credentials with no view limit, starts gunicorn on a free loopback port with rate limits off,
and drives ``/v/<token>`` and ``/healthz`` in turn with wrk (Debian's package) from another
process: requests/s, p50, p99, and the ratio of the page's throughput to the trivial endpoint's.
Without wrk a small threaded Python client stands in (and says so; it is slower than wrk).
A benchmark that prints figures, not a test.

    .venv/bin/python bench/share_page.py [--duration 10] [--connections 8]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_app import new_bench_app
from bench_app import share_demo_credentials
from python_load import run_python_load

from wallet.extensions import db

BENCH = Path(__file__).resolve().parent
SHARED = 5
AIM_RATIO = 1 / 3
AIM_P99_MS = 100.0
WORKERS = ["-k", "gthread", "-w", "2", "--threads", "4"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(folder: Path, secret: str, port: int) -> subprocess.Popen:
    """gunicorn serving the prepared database, in its own process group."""
    env = {**os.environ, "BENCH_FOLDER": str(folder), "SECRET_KEY": secret}
    env["RATELIMIT_ENABLED"] = "false"
    command = [sys.executable, "-m", "gunicorn", *WORKERS, "-b", f"127.0.0.1:{port}"]
    command += ["--pythonpath", str(BENCH), "--log-level", "warning", "bench_app:create_bench_app()"]
    # Run from the temporary folder: no gunicorn.conf.py of the project (access log) applies.
    return subprocess.Popen(command, env=env, cwd=folder, start_new_session=True)


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer on /healthz within 30 s")


def wrk_load(url: str, seconds: int, connections: int) -> dict:
    """requests/s, p50 and p99 (ms) and the count of error answers, as wrk reports them."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": milliseconds(re.search(r"^\s+50%\s+(\S+)", out, re.M)[1]),
        "p99": milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.M)[1]),
        "errors": int(errors[1]) if errors else 0,
    }


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def measure(base: str, token: str, seconds: int, connections: int) -> None:
    use_wrk = shutil.which("wrk") is not None
    load = wrk_load if use_wrk else run_python_load
    tool = f"wrk -t2 -c{connections} -d{seconds}s --latency" if use_wrk else (
        f"NO wrk FOUND: Python threaded client, {connections} connections, {seconds}s"
        " (the client shares the 2 cores and is far slower than wrk; figures are a floor)"
    )
    print(f"load generator: {tool}; gunicorn {' '.join(WORKERS)}; {os.cpu_count()} cores")
    load(f"{base}/healthz", 2, connections)  # warm both workers' caches and connections
    load(f"{base}/v/{token}", 2, connections)
    figures = {
        "/v/<token>": load(f"{base}/v/{token}", seconds, connections),
        "/healthz": load(f"{base}/healthz", seconds, connections),
    }
    print(f"{'endpoint':<12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, row in figures.items():
        print(f"{name:<12} {row['rps']:>9.0f} {row['p50']:>8.1f} {row['p99']:>8.1f} {row['errors']:>7}")
    page = figures["/v/<token>"]
    ratio = page["rps"] / figures["/healthz"]["rps"]
    print(
        f"share page / healthz throughput: {ratio:.2f} (aim >= {AIM_RATIO:.2f}:"
        f" {'met' if ratio >= AIM_RATIO else 'NOT met'}); share page p99 {page['p99']:.1f} ms"
        f" (aim < {AIM_P99_MS:.0f} ms: {'met' if page['p99'] < AIM_P99_MS else 'NOT met'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = new_bench_app(Path(folder))
        token = share_demo_credentials(app, SHARED, max_views=None)
        with app.app_context():
            db.engine.dispose()
        port = free_port()
        server = start_gunicorn(Path(folder), app.config["SECRET_KEY"], port)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, server)
            measure(base, token, args.duration, args.connections)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
