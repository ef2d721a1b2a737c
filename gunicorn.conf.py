"""gunicorn settings for `make serve` (read by `gunicorn --config gunicorn.conf.py wsgi:app`).

Every value can be changed through the environment named next to it; see README, Production.
"""

import multiprocessing
import os

# Behind a reverse proxy on the same host by default; WALLET_BIND=0.0.0.0:8000 to listen wider.
bind = os.environ.get("WALLET_BIND", "127.0.0.1:8000")

# One process per core (measured: more workers than cores cost throughput on a DB-backed page),
# each with a few threads for keep-alive and slow clients while another request waits on the DB.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("WALLET_THREADS", "4"))

# A request that takes longer than this is stuck: the worker is restarted.
timeout = int(os.environ.get("WALLET_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

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
logger_class = "wallet.serving.TokenMaskingLogger"
