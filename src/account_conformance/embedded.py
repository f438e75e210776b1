"""Start and stop a service as a separate process on loopback; the embedded reference.

The suite never imports the reference package: it runs ``python -m account_reference``
in a child process, reads the line in which the service announces the port it bound
(``--port 0`` lets the operating system choose a free one, so there is no race), and
polls a readiness path (``GET /v1/meta``) until the service answers, within a deadline.
Everything after that is plain HTTP. ``ChildService`` does the same for any module that
announces ``... listening on http://HOST:PORT`` (the vendor adapter example uses it).

**The child dies with its parent**, even when the parent is killed with SIGKILL and runs no
cleanup of its own, in two ways:

* Linux: ``prctl(PR_SET_PDEATHSIG, SIGTERM)`` (through ``ctypes``, in the child between fork
  and exec): the kernel sends SIGTERM to the child when the thread that started it ends.
  Because it follows that *thread*, it is only set when the service is started from the main
  thread (a worker thread's end would otherwise stop a service that is still in use).
* Everywhere (the portable fallback, and the only way from other threads): the parent keeps
  the write end of a pipe and hands the read end to the child, named by the environment
  variable ``ACCOUNT_REFERENCE_PARENT_FD``. The reference (``python -m account_reference``)
  watches it in a thread and stops itself at end-of-file, which the kernel delivers when
  the last process holding the write end — the parent — is gone. Another module run by
  ``ChildService`` may read the same variable; one that ignores it still gets PDEATHSIG on
  Linux.
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

LISTENING_LINE = re.compile(r"listening on (http://[0-9.]+:\d+)")
PARENT_FD_VARIABLE = "ACCOUNT_REFERENCE_PARENT_FD"
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """In the child: ask the kernel for SIGTERM when the parent (thread) dies (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pipe is the fallback
        pass


class EmbeddedReferenceError(RuntimeError):
    """The embedded reference service could not be started (a suite-side error)."""


@dataclass
class ChildService:
    """A Python module run as a service process; a context manager, or start/stop."""

    module: str = ""
    args: Sequence[str] = ()
    ready_path: str = "/v1/meta"
    cwd: Path | None = None
    start_timeout_s: float = 20.0
    base_url: str = ""
    _process: subprocess.Popen[str] | None = field(default=None, repr=False)
    _output: list[str] = field(default_factory=list, repr=False)
    _lifeline: int | None = field(default=None, repr=False)

    def command(self) -> list[str]:
        """The command line that starts the service."""
        return [sys.executable, "-m", self.module, *self.args]

    def start(self) -> str:
        """Start the process, wait until it answers, and return its base URL."""
        read_end, self._lifeline = os.pipe()  # both ends non-inheritable by default
        env = dict(os.environ, PYTHONUNBUFFERED="1", **{PARENT_FD_VARIABLE: str(read_end)})
        main_thread = threading.current_thread() is threading.main_thread()
        try:
            self._process = subprocess.Popen(
                self.command(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, env=env, start_new_session=True, cwd=self.cwd,
                pass_fds=(read_end,),
                preexec_fn=_die_with_parent if main_thread and sys.platform == "linux"
                else None,
            )
        finally:
            os.close(read_end)
        announced = threading.Event()
        threading.Thread(target=self._pump, args=(announced,), daemon=True).start()
        deadline = time.monotonic() + self.start_timeout_s
        announced.wait(self.start_timeout_s)
        if not self.base_url:
            process = self._process
            self.stop()
            if process is not None and process.poll() is not None:
                raise EmbeddedReferenceError(
                    f"{self.module} exited with {process.returncode} before announcing its "
                    f"port; last output: {self.last_output()!r}")
            raise EmbeddedReferenceError(
                f"{self.module} did not announce its port within {self.start_timeout_s}s; "
                f"last output: {self.last_output()!r}")
        self._wait_ready(deadline)
        return self.base_url

    def _pump(self, announced: threading.Event) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            self._output.append(line.rstrip())
            del self._output[:-50]
            match = LISTENING_LINE.search(line)
            if match and not self.base_url:
                self.base_url = match.group(1)
                announced.set()
        announced.set()  # process ended: wake the waiter

    def _wait_ready(self, deadline: float) -> None:
        last_seen = "no answer yet"
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise EmbeddedReferenceError(
                    f"{self.module} exited with {self._process.returncode}; "
                    f"last output: {self.last_output()!r}")
            try:
                with urllib.request.urlopen(self.base_url + self.ready_path,
                                            timeout=2) as reply:
                    if reply.status == 200:
                        return
                    last_seen = f"status {reply.status}"
            except (urllib.error.URLError, OSError) as exc:
                last_seen = repr(exc)
            time.sleep(0.05)  # poll interval of a deadline-bounded readiness check
        self.stop()
        raise EmbeddedReferenceError(
            f"{self.module} at {self.base_url} not ready in time; last seen: {last_seen}")

    def last_output(self) -> str:
        """The last lines the service printed, for error messages."""
        return " | ".join(self._output[-5:])

    def stop(self) -> None:
        """Stop the process: terminate, then kill if it does not exit promptly."""
        process, self._process = self._process, None
        self._close_lifeline()
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def kill(self) -> None:
        """Kill the process with SIGKILL, as a crash would (for persistence tests)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=5)
            self._process = None
        self._close_lifeline()

    def _close_lifeline(self) -> None:
        lifeline, self._lifeline = self._lifeline, None
        if lifeline is not None:
            os.close(lifeline)

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return self._process.pid if self._process else None

    def __enter__(self) -> ChildService:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@dataclass
class EmbeddedReference(ChildService):
    """The reference service as a child process, with its command-line options."""

    module: str = "account_reference"
    host: str = "127.0.0.1"
    port: int = 0
    db_path: Path | None = None
    faults: Sequence[str] = ()
    latitude: Sequence[str] = ()
    latency_ms: int = 0
    extra_args: Sequence[str] = ()

    def command(self) -> list[str]:
        """The command line that starts the reference service."""
        cmd = [sys.executable, "-m", self.module, "--host", self.host, "--port", str(self.port)]
        if self.db_path is not None:
            cmd += ["--db", str(self.db_path)]
        for fault in self.faults:
            cmd += ["--fault", fault]
        for name in self.latitude:
            cmd += ["--latitude", name]
        if self.latency_ms:
            cmd += ["--latency-ms", str(self.latency_ms)]
        return cmd + list(self.extra_args)

    def __enter__(self) -> EmbeddedReference:
        self.start()
        return self
