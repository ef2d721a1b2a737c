"""Hostile issuer hosts cannot take the portal down: while anonymous clients keep ``/verify``
busy with credentials whose key and status lists sit on hosts that answer "200 OK" and then
drip bytes, employers' share views and learners' logins on the same servers stay quick.

Before: a dripping host held a worker 30 s (until gunicorn killed it) and, on SQLite, the write
lock with it, so share views failed with "database is locked" meanwhile.
"""

from __future__ import annotations

import statistics
import threading
import time

import requests
from support.demo import seeded_app
from support.demo import share_demo_credential
from support.forms import csrf_token_in
from support.gunicorn import running_gunicorn
from support.hostile import DrippingServer
from support.issuers import Issuer
from support.issuers import did_key_issuer
from support.issuers import private_key
from support.issuers import status_entry
from support.web_learner import WebLearner

from wallet.issuing.demo import DEMO_LOGIN

ATTACKERS = 4
SHARE_VIEWS = 50
LOGINS = 10
QUICK = 2.0  # seconds: what an employer or learner may wait at most meanwhile


def hostile_credentials(drip: DrippingServer) -> list[str]:
    """One whose issuer's key is on the dripping host, one with 16 status lists there."""
    did = f"did:web:localhost%3A{drip.port}"
    key_on_drip = Issuer(private_key("P-256", 17), did, f"{did}#key-1").issue()
    issuer = did_key_issuer("Ed25519", slot=17)
    hosts = ("localhost", "127.0.0.1")
    entries = [status_entry(f"http://{hosts[n % 2]}:{drip.port}/list/{n}", n) for n in range(16)]
    return [key_on_drip, issuer.issue(issuer.credential(credentialStatus=entries))]


def keep_verifying(url: str, credential: str, stop: threading.Event, took: list[float]) -> None:
    with requests.Session() as anonymous:
        token = csrf_token_in(anonymous.get(f"{url}/verify", timeout=30).text, "/verify")
        while not stop.is_set():
            started = time.monotonic()
            answer = anonymous.post(
                f"{url}/verify", data={"credential": credential, "csrf_token": token}, timeout=30
            )
            assert answer.status_code == 200
            took.append(time.monotonic() - started)


def timed(action) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def test_share_views_and_logins_stay_quick_while_hosts_drip(make_app, tmp_path, gunicorn_log):
    app = seeded_app(make_app, tmp_path)
    token = share_demo_credential(app).token
    drip = DrippingServer(interval=0.2)
    environment = {
        "WALLET_INSECURE_LOCALHOST": "1",  # the hostile hosts are on loopback
        "FLASK_DEMO_KEYS_DIR": str(tmp_path / "demo-keys"),
        "RATELIMIT_ENABLED": "false",  # the attack is the load; limits are tested elsewhere
    }
    stop = threading.Event()
    attacks: list[float] = []
    try:
        with running_gunicorn(app, gunicorn_log, workers=6, environment=environment) as server:
            credentials = hostile_credentials(drip)
            attackers = [
                threading.Thread(
                    target=keep_verifying,
                    args=(server.url, credentials[n % 2], stop, attacks),
                    daemon=True,
                )
                for n in range(ATTACKERS)
            ]
            for attacker in attackers:
                attacker.start()
            time.sleep(0.5)  # the first /verify requests are waiting on the dripping host now

            def view() -> None:
                assert requests.get(f"{server.url}/v/{token}", timeout=30).status_code == 200

            def log_in() -> None:
                WebLearner.login(server.url, *DEMO_LOGIN)

            views = [timed(view) for _ in range(SHARE_VIEWS)]
            logins = [timed(log_in) for _ in range(LOGINS)]
            stop.set()
            for attacker in attackers:
                attacker.join(timeout=30)
    finally:
        stop.set()
        drip.close()
    print(
        f"share views: median {statistics.median(views):.3f} s, max {max(views):.3f} s; "
        f"logins: median {statistics.median(logins):.3f} s, max {max(logins):.3f} s; "
        f"{len(attacks)} hostile /verify answered, slowest {max(attacks):.2f} s"
    )
    assert max(views) < QUICK and max(logins) < QUICK
    assert len(attacks) >= ATTACKERS and max(attacks) < 7.0  # one network budget (5 s) and change
    assert drip.connections >= 1
