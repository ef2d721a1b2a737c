"""gunicorn settings for `make serve` (read by `gunicorn --config gunicorn.conf.py wsgi:app`).

Every value can be changed through the environment named next to it; see README, Production.
"""

import multiprocessing
import os
import sys

# Behind a reverse proxy on the same host by default; WALLET_BIND=0.0.0.0:8000 to listen wider.
bind = os.environ.get("WALLET_BIND", "127.0.0.1:8000")

# One process per core and one spare, for a request that waits on another issuer's server (a key
# document or status list: 3 s at most). Sync workers, because the pages are CPU-bound Python:
# measured with bench/share_page.py on 2 cores, threads in a worker (gthread) halved the
# throughput of database-backed endpoints and doubled their p99 (they queue for the GIL). Sync
# workers want a buffering reverse proxy in front, for slow clients (README, Production).
# Rate limits must count every request wherever it lands: several workers need the shared
# counts of REDIS_URL (or RATELIMIT_STORAGE_URI); with per-process counts there is one worker,
# and asking for more is refused (on_starting, below), unless rate limiting is off.
def limits_are_shared() -> bool:
    storage = os.environ.get("REDIS_URL") or os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    enabled = os.environ.get("RATELIMIT_ENABLED", "true").strip().lower() != "false"
    return not enabled or not storage.startswith("memory://")


default_workers = multiprocessing.cpu_count() + 1 if limits_are_shared() else 1
workers = int(os.environ.get("WEB_CONCURRENCY", default_workers))
worker_class = os.environ.get("WALLET_WORKER_CLASS", "sync")
threads = int(os.environ.get("WALLET_THREADS", "1"))  # used by WALLET_WORKER_CLASS=gthread

# A request that takes longer than this is stuck: the worker is restarted.
timeout = int(os.environ.get("WALLET_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5  # gthread only: sync workers close each connection

# Only these addresses may set X-Forwarded-* for gunicorn; the app trusts one proxy hop
# itself when WALLET_PROXY_FIX=1 (werkzeug ProxyFix: x_for, x_proto and x_host).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Cap request lines and headers well below gunicorn's defaults' worst case.
limit_request_line = 4094
limit_request_fields = 100

# Access log on stdout: path without query string (no view tickets, no next=), no referrer,
# and the token of every /v/<token> URL masked by the logger class, in the error log too.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("WALLET_LOG_LEVEL", "info")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
logger_class = "wallet.platform.serving.TokenMaskingLogger"


def on_starting(server) -> None:
    """Refuse several workers that would each count rate limits on their own."""
    if server.cfg.workers > 1 and not limits_are_shared():
        sys.exit(
            f"Refusing to start {server.cfg.workers} workers with per-process rate limits: "
            "each would count alone, so every limit would allow that many times more. "
            "Set REDIS_URL (shared counts), or run one worker (WEB_CONCURRENCY=1)."
        )
