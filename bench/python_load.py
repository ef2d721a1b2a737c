"""A small threaded HTTP load generator, for machines without wrk (keep-alive, fixed duration)."""

from __future__ import annotations

import http.client
import random
import statistics
import threading
import time
import urllib.parse


def run_python_load(base: str, paths: list[str], seconds: int, connections: int) -> dict:
    """The same figures wrk gives: requests/s, p50 and p99 in ms, and the count of error answers.

    Each request asks for one of ``paths`` (on ``base``) at random.
    """
    parts = urllib.parse.urlsplit(base)
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection.request("GET", random.choice(paths))
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            failed += response.status >= 400
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / seconds, "p50": cuts[49], "p99": cuts[98], "errors": errors[0]}
