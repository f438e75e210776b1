"""The deadline: one watchdog thread shuts down the socket of every exchange past its time.

``RequestPolicy.deadline_s`` is the wall time a request may take in all. Recomputing a
socket timeout per read cannot reach inside ``http.client``'s header parsing, a watchdog
can: ``Transport._exchange`` (``sender.py``) arms ``WATCHDOG`` with an ``Exchange`` for each
attempt, and when the deadline passes the watchdog shuts the attempt's sockets down, whatever
phase it is in (connecting, waiting for the status line, or a body dripping one byte a
second). The connections learn which exchange uses them from the sending thread: ``Adapter``
mounts pools of connections that attach themselves to the calling thread's exchange when they
connect (a *fresh* connection) or send a request.

An answer that will close its connection (``Connection: close``, HTTP/1.0, a body delimited
by the end of the connection) takes the socket with it: ``http.client`` sets the
connection's ``sock`` to ``None`` when it hands the answer over. So each connection also
hands the watchdog the socket itself just before it reads the answer (``getresponse``), and
the watchdog shuts that socket down too. A socket shut down mid-body reads as the end of the
body; ``Exchange.expired`` tells the reader that it was the deadline, not the service.

``retire(connection)`` asks for a connection to be closed instead of pooled once its answer
is read (urllib3 hands it back to the pool by itself when the body ends; the pool then opens
a fresh one in its place): ``Transport`` retires the connection of every answer of ``500``
or more, after which servers often drop it.
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from typing import Any

import requests
import urllib3


class Exchange:
    """One attempt, as the watchdog and the pooled connections see it."""

    __slots__ = ("answered", "connections", "deadline", "done", "expired", "fresh", "sockets")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.connections: list[Any] = []
        self.sockets: list[tuple[Any, Any]] = []  # (connection, its socket) as it answered
        self.done = self.expired = self.fresh = self.answered = False


_CURRENT = threading.local()


class _Watchdog:
    """One thread that shuts down the socket of every exchange past its deadline."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._heap: list[tuple[float, int, Exchange]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, exchange: Exchange) -> None:
        _CURRENT.exchange = exchange
        with self._lock:
            heapq.heappush(self._heap, (exchange.deadline, next(self._order), exchange))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="transport-deadline",
                                                daemon=True)
                self._thread.start()
            self._lock.notify()

    def disarm(self, exchange: Exchange) -> None:
        _CURRENT.exchange = None
        with self._lock:
            exchange.done = True

    def attach(self, connection: Any, *, connecting: bool = False) -> None:
        """The calling thread's exchange uses ``connection`` (a fresh one: ``connecting``)."""
        exchange = getattr(_CURRENT, "exchange", None)
        if exchange is None:
            return
        with self._lock:
            connection._conformance_owner = exchange
            exchange.connections.append(connection)
            exchange.fresh = exchange.fresh or connecting

    def hold(self, connection: Any) -> None:
        """The calling thread's exchange reads its answer from ``connection``'s socket now
        (kept even when the answer detaches the socket from the connection)."""
        exchange = getattr(_CURRENT, "exchange", None)
        sock = getattr(connection, "sock", None)
        if exchange is None or sock is None:
            return
        with self._lock:
            exchange.sockets.append((connection, sock))

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._lock.wait()
                    continue
                delay = self._heap[0][0] - time.monotonic()
                if delay > 0:
                    self._lock.wait(delay)
                    continue
                _, _, exchange = heapq.heappop(self._heap)
                exchange.expired = True
                doomed = [getattr(connection, "sock", None) for connection
                          in exchange.connections
                          if connection._conformance_owner is exchange]
                # a socket the answer took from its connection belongs to this exchange
                # alone; one still on its connection only while the exchange owns it
                doomed += [sock for connection, sock in exchange.sockets
                           if getattr(connection, "sock", None) is not sock
                           or connection._conformance_owner is exchange]
                for sock in doomed:
                    if sock is not None:
                        try:
                            sock.shutdown(socket.SHUT_RDWR)
                        except OSError:
                            pass


WATCHDOG = _Watchdog()
"""The one watchdog of the process (its thread starts with the first request)."""


class _Watched:
    """What a pooled connection tells the watchdog: which exchange uses it, and its socket
    before the answer may take it along (see the module)."""

    def connect(self) -> None:
        """Connect under the exchange's deadline."""
        WATCHDOG.attach(self, connecting=True)
        super().connect()  # type: ignore[misc]

    def request(self, *args: Any, **kwargs: Any) -> None:
        """Send under the exchange's deadline."""
        WATCHDOG.attach(self)
        super().request(*args, **kwargs)  # type: ignore[misc]

    def getresponse(self) -> Any:
        """Read the answer's head; the watchdog holds the socket meanwhile."""
        WATCHDOG.hold(self)
        return super().getresponse()  # type: ignore[misc]


class _HTTPConnection(_Watched, urllib3.connection.HTTPConnection):
    """A pooled connection that tells the watchdog which exchange uses it."""


class _HTTPSConnection(_Watched, urllib3.connection.HTTPSConnection):
    """``_HTTPConnection`` over TLS."""


def retire(connection: Any) -> None:
    """Close ``connection`` (a pooled one, or None) when it comes back to its pool."""
    if connection is not None:
        connection._conformance_retire = True


def _retired(connection: Any) -> Any:
    """``connection``, closed first if it was retired (the pool reconnects a closed one)."""
    if connection is not None and getattr(connection, "_conformance_retire", False):
        connection._conformance_retire = False
        connection.close()
    return connection


class _Pool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection

    def _put_conn(self, conn: Any) -> None:
        super()._put_conn(_retired(conn))


class _TLSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection

    def _put_conn(self, conn: Any) -> None:
        super()._put_conn(_retired(conn))


class Adapter(requests.adapters.HTTPAdapter):
    """requests' adapter with pools of watched connections."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Build the pool manager, with pools of watched connections."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        """The proxy's manager, with pools of watched connections."""
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, urllib3.ProxyManager):
            manager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}
        return manager
