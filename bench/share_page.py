"""Throughput and latency of the employer's page (shares of 5 credentials) against /healthz.

Prepares a temporary database (demo issuers, so status lists are read in-process), opens 500
links to 5 credentials each with no view limit, starts gunicorn on a free loopback port with
rate limits off, and drives with wrk (Debian's package) from another process, in turn:
one link over and over (a link in a posted CV, or a QR code on a notice board: each process
renders the page once a minute and verifies it at every view), a random link of the 500 at each
request (most views are of a page not yet rendered in that minute), ``/readyz`` (one SQL query)
and ``/healthz``, taking turns for a few rounds. Opening a link counts the view and answers a 303
to the visit's page (the link with the view's ticket, which counts nothing); wrk does not follow
it, so the visit's page is measured apart: one link's and a random one of the 500 links'. Prints the median requests/s, p50 and p99, and
each endpoint's throughput as a ratio of the trivial endpoint's in the same round. gunicorn runs
the workers ``gunicorn.conf.py`` chooses; ``BENCH_WORKERS="-k gthread -w 2 --threads 4"``
measures another setup.
Without wrk a small threaded Python client stands in (and says so; it is slower than wrk).
A benchmark that prints figures, not a test.

    .venv/bin/python bench/share_page.py [--duration 10] [--connections 8] [--links 500]
        [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import re
import runpy
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench_app import new_bench_app
from bench_app import share_demo_credentials
from python_load import run_python_load

from wallet.platform.extensions import db

BENCH = Path(__file__).resolve().parent
SHARED = 5
AIM_RATIOS = (1 / 3, 0.20)  # of /healthz: one link, a random link of the 500 (issue 16)
AIM_P99_MS = 100.0
def production_workers() -> list[str]:
    """The worker class, count and threads gunicorn.conf.py chooses on this machine."""
    conf = runpy.run_path(str(BENCH.parent / "gunicorn.conf.py"))
    return ["-k", conf["worker_class"], "-w", str(conf["workers"]), "--threads", str(conf["threads"])]


WORKERS = os.environ.get("BENCH_WORKERS", " ".join(production_workers())).split()


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


def wrk_load(base: str, paths: list[str], seconds: int, connections: int) -> dict:
    """requests/s, p50 and p99 (ms) and the count of error answers, as wrk reports them."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if len(paths) > 1:
            script.write(random_path_script(paths))
            script.flush()
            command += ["-s", script.name]
        command.append(base + paths[0])
        out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": milliseconds(re.search(r"^\s+50%\s+(\S+)", out, re.M)[1]),
        "p99": milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.M)[1]),
        "errors": int(errors[1]) if errors else 0,
    }


def random_path_script(paths: list[str]) -> str:
    """wrk's Lua: each request asks for one of ``paths`` at random, each thread its own order."""
    listed = ",".join(f'"{path}"' for path in paths)
    return f"""local paths = {{{listed}}}
local threads = 0
function setup(thread) threads = threads + 1; thread:set("seed", threads) end
function init(args) math.randomseed(seed * 7919) end
function request() return wrk.format("GET", paths[math.random(#paths)]) end
"""


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


class _KeepRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 303 itself is the answer wanted


def visit_page(base: str, link: str) -> str:
    """Where opening ``link`` sends the employer: its page with the view's ticket (an hour's)."""
    opener = urllib.request.build_opener(_KeepRedirect)
    try:
        opener.open(base + link, timeout=10).close()
    except urllib.error.HTTPError as answer:
        if answer.code == 303:
            return answer.headers["Location"].removeprefix(base)
        raise
    raise SystemExit(f"{link} did not answer 303 to its visit's page")


def measure(base: str, tokens: list[str], seconds: int, connections: int, rounds: int) -> None:
    use_wrk = shutil.which("wrk") is not None
    load = wrk_load if use_wrk else run_python_load
    tool = f"wrk -t2 -c{connections} -d{seconds}s --latency" if use_wrk else (
        f"NO wrk FOUND: Python threaded client, {connections} connections, {seconds}s"
        " (the client shares the 2 cores and is far slower than wrk; figures are a floor)"
    )
    database = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    print(f"load generator: {tool}; gunicorn {' '.join(WORKERS)}; {os.cpu_count()} cores;"
          f" {database}")
    links = [f"/v/{token}" for token in tokens]
    pages = [visit_page(base, link) for link in links]
    targets = {
        "one link": links[:1],
        f"{len(links)} links": links,
        "its page": pages[:1],
        f"{len(pages)} pages": pages,
        "/readyz": ["/readyz"],  # one SQL query: the floor of any page that reads the database
        "/healthz": ["/healthz"],
    }
    load(base, ["/healthz"], 2, connections)  # warm both workers' caches and connections
    load(base, links, 2, connections)
    # Shared cores are noisy: the endpoints take turns, round after round, and the median
    # round of each is reported, with ratios taken within the same round.
    runs = {name: [] for name in targets}
    for _ in range(rounds):
        for name, paths in targets.items():
            runs[name].append(load(base, paths, seconds, connections))
    ratios = {
        name: statistics.median(
            row["rps"] / trivial["rps"] for row, trivial in zip(rows, runs["/healthz"])
        )
        for name, rows in runs.items()
    }
    print(f"median of {rounds} rounds of {seconds} s each")
    header = ("endpoint", "req/s", "p50 ms", "p99 ms", "errors", "/healthz")
    print("{:<12} {:>9} {:>8} {:>8} {:>7} {:>9}".format(*header))
    for name, rows in runs.items():
        row = {key: statistics.median(r[key] for r in rows) for key in ("rps", "p50", "p99")}
        errors = sum(r["errors"] for r in rows)
        print(
            f"{name:<12} {row['rps']:>9.0f} {row['p50']:>8.1f} {row['p99']:>8.1f}"
            f" {errors:>7} {ratios[name]:>9.2f}"
        )
    for name, aim in zip(targets, AIM_RATIOS):
        p99 = statistics.median(r["p99"] for r in runs[name])
        print(
            f"{name}: throughput {ratios[name]:.2f} of /healthz (aim >= {aim:.2f}:"
            f" {'met' if ratios[name] >= aim else 'NOT met'}), p99 {p99:.1f} ms"
            f" (aim < {AIM_P99_MS:.0f} ms: {'met' if p99 < AIM_P99_MS else 'NOT met'})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--links", type=int, default=500, help="links for the random-link run")
    parser.add_argument("--rounds", type=int, default=3, help="turns each endpoint takes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = new_bench_app(Path(folder))
        tokens = [share_demo_credentials(app, SHARED, max_views=None) for _ in range(args.links)]
        with app.app_context():
            db.engine.dispose()
        port = free_port()
        server = start_gunicorn(Path(folder), app.config["SECRET_KEY"], port)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, server)
            measure(base, tokens, args.duration, args.connections, args.rounds)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
