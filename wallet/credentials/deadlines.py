"""Deadlines for talking to other hosts: one for a whole fetch, one budget for a verification.

A ``Deadline`` shuts its socket down when it passes, under whatever step is waiting (connect,
TLS handshake, status line, headers or body), so no pace of bytes from the other side can
stretch an exchange. Inside ``network_budget`` every fetch also shares one deadline and one
count of distinct hosts, so one credential cannot hold a server for long by pointing at many
slow places.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import socket
import threading
import time
from collections.abc import Iterator

from .errors import CredentialError


@dataclasses.dataclass
class NetworkBudget:
    """What one verification may spend on the network: a deadline and a number of hosts."""

    deadline: float  # on time.monotonic()
    max_hosts: int
    hosts: set[str] = dataclasses.field(default_factory=set)

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def admit(self, host: str, url: str) -> None:
        """Count ``host``; refuse a new one past ``max_hosts`` and anything past the deadline."""
        if self.remaining() <= 0:
            raise CredentialError("resolution.fetch_failed", url=url, reason="timeout")
        if host not in self.hosts and len(self.hosts) >= self.max_hosts:
            raise CredentialError("resolution.fetch_failed", url=url, reason="too_many_hosts")
        self.hosts.add(host)


_budget: contextvars.ContextVar[NetworkBudget | None] = contextvars.ContextVar(
    "network_budget", default=None
)


@contextlib.contextmanager
def network_budget(seconds: float, max_hosts: int) -> Iterator[NetworkBudget]:
    """Within the block, all fetches together take at most ``seconds`` and ``max_hosts`` hosts.

    Nested blocks keep the outer, tighter budget.
    """
    outer = _budget.get()
    budget = outer or NetworkBudget(time.monotonic() + seconds, max_hosts)
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


def current_budget() -> NetworkBudget | None:
    """The budget of the verification under way, if any."""
    return _budget.get()


class Deadline:
    """One deadline for a whole fetch: when it passes, the socket is shut down under whatever
    step is waiting (connect, TLS handshake, status line, headers or body), so no pace of
    bytes from the other side can stretch the exchange."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.expired = False
        self.shortened = False  # by the verification's budget
        self._sock: socket.socket | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError("the fetch's deadline passed")
        return left

    def shorten_to(self, seconds: float) -> None:
        if time.monotonic() + seconds < self.at:
            self.at = time.monotonic() + seconds
            self.shortened = True

    def watch(self, sock: socket.socket) -> None:
        """Cut ``sock`` (the newest layer: plain, then TLS) at the deadline."""
        with self._lock:
            self._sock = sock
            sock.settimeout(self.remaining())
            if self._timer is None:
                self._timer = threading.Timer(self.remaining(), self._cut)
                self._timer.daemon = True
                self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def _cut(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                with contextlib.suppress(OSError):
                    # The OS-level shutdown, also under TLS: the waiting read returns at once.
                    socket.socket.shutdown(self._sock, socket.SHUT_RDWR)
