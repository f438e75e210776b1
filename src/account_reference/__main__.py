"""Command line: ``python -m account_reference --host H --port P [--db PATH] [--fault NAME]...
[--latitude NAME]... [--latency-ms N]``, or ``python -m account_reference --list-faults`` /
``--list-latitudes``.

``--list-faults`` prints the fault registry as JSON
(``{"faults": [{"name", "statements", "description"}]}``) and exits; ``--list-latitudes``
prints the choices the contract leaves open that the reference can switch
(``{"latitudes": [{"name", "contract", "description"}]}``). Otherwise it binds the
socket itself (``--port 0`` lets the OS choose), prints one line
``account-reference listening on http://HOST:PORT`` and serves until SIGTERM or SIGINT.

When started by the conformance suite (``account_conformance.embedded.ChildService``) the
environment variable ``ACCOUNT_REFERENCE_PARENT_FD`` names the read end of a pipe whose
write end only the parent holds: a thread blocks on it and, at end-of-file (the parent is
gone, even after SIGKILL), asks the server to exit — it then shuts down as on SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence

import uvicorn

from . import latitude
from .app import create_app
from .faults import FAULTS, FaultConflictError, FaultSet, UnknownFaultError, registry
from .store import Store


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The parsed command line (unknown fault names are an error listing the known ones)."""
    parser = argparse.ArgumentParser(prog="python -m account_reference",
                                     description="The reference account service.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0: the OS picks a free port")
    parser.add_argument("--db", default=None, help="SQLite file (default: in memory)")
    parser.add_argument("--fault", action="append", default=[], metavar="NAME",
                        help="enable a fault (repeatable); see --list-faults")
    parser.add_argument("--latitude", action="append", default=[], metavar="NAME",
                        help="make another choice the contract allows (repeatable); "
                             "see --list-latitudes")
    parser.add_argument("--latency-ms", type=int, default=0, help="added to every response")
    parser.add_argument("--list-faults", action="store_true",
                        help="print the known faults as JSON and exit")
    parser.add_argument("--list-latitudes", action="store_true",
                        help="print the known latitudes as JSON and exit")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.fault) - FAULTS.keys())
    if unknown:
        parser.error(f"unknown fault(s): {', '.join(unknown)}; "
                     f"known faults: {', '.join(sorted(FAULTS))}")
    unknown = sorted(set(args.latitude) - latitude.LATITUDES.keys())
    if unknown:
        parser.error(f"unknown latitude(s): {', '.join(unknown)}; "
                     f"known latitudes: {', '.join(latitude.LATITUDES)}")
    if args.latency_ms < 0 or not 0 <= args.port <= 65535:
        parser.error("--latency-ms must be >= 0 and --port in 0..65535")
    return args


def bind(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: only then does asyncio set TCP_NODELAY on accepted
    # connections; without it every keep-alive response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def watch_parent(stop: Callable[[], None],
                 variable: str = "ACCOUNT_REFERENCE_PARENT_FD") -> bool:
    """Call ``stop`` once the parent's pipe closes (the parent is gone); False if unset."""
    text = os.environ.pop(variable, "")
    if not text.isdigit():
        return False
    fd = int(text)

    def wait() -> None:
        try:
            while os.read(fd, 1024):
                pass
        except OSError:
            pass
        stop()

    threading.Thread(target=wait, name="parent-watch", daemon=True).start()
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Start the service; returns the exit status."""
    args = parse_args(argv)
    if args.list_faults:
        print(json.dumps(registry(), indent=2, ensure_ascii=False))
        return 0
    if args.list_latitudes:
        print(json.dumps(latitude.registry(), indent=2, ensure_ascii=False))
        return 0
    try:
        faults = FaultSet(args.fault)
    except (UnknownFaultError, FaultConflictError) as exc:
        print(f"account-reference: {exc}", file=sys.stderr)
        return 2
    store = Store(args.db)
    try:
        app = create_app(store, faults=faults, latency_ms=args.latency_ms,
                         latitudes=args.latitude)
        try:
            sock = bind(args.host, args.port)
        except OSError as exc:
            print(f"account-reference: cannot bind {args.host}:{args.port}: {exc}",
                  file=sys.stderr)
            return 1
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        print(f"account-reference listening on http://{shown}:{port}", flush=True)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=3)
        server = uvicorn.Server(config)
        # uvicorn re-raises the signal that stopped it once it has shut down; these
        # handlers swallow that, so we close the database and exit with status 0.
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: None)
        watch_parent(lambda: setattr(server, "should_exit", True))
        asyncio.run(server.serve(sockets=[sock]))
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
