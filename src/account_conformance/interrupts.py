"""SIGINT and SIGTERM: end a run with cleanup and an incomplete report, never mid-cleanup.

``Interrupts`` replaces the handlers of both signals while a run is on. The first signal is
recorded (``reason``: ``"interrupted by SIGTERM"``) and then, depending on the mode:

* **serial** (``raise_first=True``, the behave process): while a step runs (``armed()``,
  from the ``before_step``/``after_step`` hooks) a ``KeyboardInterrupt`` is raised in the main
  thread — behave turns it into an aborted run: the scenario in progress ends in *error*, the
  rest are not run, ``after_all`` still runs (cleanup, report). Anywhere else — the suite
  cleaning up (``deferred()``), a hook, or behave's own code between steps, where an
  exception could escape behave's loop before ``after_all`` — the signal is only recorded,
  and the next scenario ends the run (``before_scenario``).
* **parent of workers** (``raise_first=False``): nothing is raised; the signal is forwarded
  as SIGTERM to every registered worker process, each of which ends as a serial run does,
  and the parent merges what they wrote.

Later signals are recorded and otherwise ignored: cleanup is not cut short twice (SIGKILL
still ends everything; the reference child dies with its parent, see ``embedded.py``).
"""

from __future__ import annotations

import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from .reporting import INTERRUPTED

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupts:
    """The run's signal state; ``install()`` in the main thread, ``restore()`` at the end."""

    def __init__(self, *, raise_first: bool) -> None:
        self.raise_first = raise_first
        self.reason: str | None = None
        self._deferred = 0
        self._armed = False
        self._previous: dict[int, Any] = {}
        self._processes: list[subprocess.Popen[Any]] = []
        self._lock = threading.Lock()

    def install(self) -> bool:
        """Take over SIGINT and SIGTERM; False when not in the main thread (nothing done)."""
        if threading.current_thread() is not threading.main_thread():
            return False
        for sig in SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)
        return True

    def restore(self) -> None:
        """Give the signals back their previous handlers."""
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = self.reason is None
        if first:
            self.reason = f"{INTERRUPTED} {signal.Signals(signum).name}"
        with self._lock:
            processes = list(self._processes)
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        if first and self.raise_first and self._armed and not self._deferred:
            raise KeyboardInterrupt(self.reason)

    def arm(self, on: bool) -> None:
        """Whether a step is running (a signal may then cut it); see the module docstring."""
        self._armed = on

    def watch(self, process: subprocess.Popen[Any]) -> None:
        """Forward signals to ``process`` (a worker); at once if one already came."""
        with self._lock:
            self._processes.append(process)
        if self.reason is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """While inside: a signal is recorded, never raised (cleanup must not be cut)."""
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1
