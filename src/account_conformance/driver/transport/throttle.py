"""The rate limit: at most ``max_rps`` requests a second leave the transport, all threads
together (``RequestPolicy.max_rps``; ``None`` is no limit).

The time ``Transport.send`` waits here is counted as ``throttle_wait_s`` in its stats.
"""

from __future__ import annotations

import threading
import time


class Throttle:
    """At most ``rate`` requests a second from all threads: a token bucket holding one
    token (written as its equivalent, the next free sending slot)."""

    def __init__(self, rate: float | None) -> None:
        self._interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Wait for this request's slot; the seconds waited."""
        if not self._interval:
            return 0.0
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self._interval
        wait = slot - now
        if wait > 0:
            time.sleep(wait)  # the configured rate limit, not a wait for state
        return wait
