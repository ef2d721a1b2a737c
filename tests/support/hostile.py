"""Hostile hosts on 127.0.0.1: a server that answers "200 OK" and then drips bytes forever-ish.

- ``DrippingServer(interval)``: every connection gets the status line at once, then one byte of
  headers every ``interval`` seconds, for at most ``MAX_SECONDS`` (bounded, it stops by itself).
  ``url(path)`` gives an http URL on it; ``connections`` counts what it was sent.
"""

from __future__ import annotations

import socket
import threading
import time

MAX_SECONDS = 40.0


class DrippingServer:
    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.connections = 0
        self._stopped = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def url(self, path: str = "/did.json") -> str:
        return f"http://localhost:{self.port}{path}"

    def close(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection: socket.socket) -> None:
        ends = time.monotonic() + MAX_SECONDS
        with connection:
            try:
                connection.sendall(b"HTTP/1.1 200 OK\r\n")
                while time.monotonic() < ends and not self._stopped.wait(self.interval):
                    connection.sendall(b"X")
            except OSError:
                return  # the client gave up: what we want
