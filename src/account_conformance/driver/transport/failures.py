"""What a failure means: every transport failure becomes a ``SuiteError`` with its cause.

requests and urllib3 nest their exceptions (a ``ConnectionError`` wrapping a
``MaxRetryError`` wrapping a ``NewConnectionError`` wrapping an ``OSError``), so
``suite_error`` reads the whole chain and names the cause: the host name does not resolve,
the TLS handshake failed, connection refused, no connection or no answer in time, the
connection reset, the answer cut off, or an answer that is not HTTP at all (a bad status
line, more than 100 header lines, a header line over 64 KiB: ``malformed_answer``). The
last is a ``TransportError`` (*error*), not a verdict: something answered on the port, but
not in HTTP, so nothing the contract speaks of was heard (a service on the wrong port, a
proxy in the way), and no status or body exists to show as evidence. Which condition ends
in which class is tabled in ``driver/errors.py``. ``closed_before_answer`` and
``replayable`` (with the method: ``Transport.IDEMPOTENT``) decide whether a request on a
reused keep-alive connection may be sent once more (see ``Transport``).
"""

from __future__ import annotations

import http.client
import socket
import ssl

import requests
import urllib3

from ..errors import ServiceTimeout, ServiceUnreachable, SuiteError, TransportError
from .settings import DriverSettings


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, its causes and the errors it wraps (requests/urllib3 nest them)."""
    seen: list[BaseException] = []
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or any(item is s for s in seen) or (
                len(seen) > 20):
            continue
        seen.append(item)
        todo += [item.__cause__, item.__context__, getattr(item, "reason", None)]
        todo += [arg for arg in getattr(item, "args", ()) if isinstance(arg, BaseException)]
    return seen


def closed_before_answer(exc: BaseException) -> bool:
    """The connection was closed or reset before the status line (no answer byte)."""
    return any(isinstance(e, http.client.RemoteDisconnected | ConnectionResetError
                          | BrokenPipeError) for e in _chain(exc))


def malformed_answer(exc: BaseException) -> BaseException | None:
    """The ``http.client`` error that says the answer was not HTTP (None when none is).

    ``RemoteDisconnected`` is a ``BadStatusLine`` too, but it means the connection closed
    before any answer byte (a reset), and ``IncompleteRead`` a body cut off: neither is one.
    """
    return next((e for e in _chain(exc) if isinstance(e, http.client.HTTPException)
                 and not isinstance(e, http.client.RemoteDisconnected
                                    | http.client.IncompleteRead)), None)


def replayable(prepared: requests.PreparedRequest) -> bool:
    """A request whose body can be sent again (not a one-shot stream of chunks)."""
    return prepared.body is None or isinstance(prepared.body, bytes | str)


def suite_error(exc: BaseException, settings: DriverSettings) -> SuiteError:
    """The ``SuiteError`` a transport failure stands for, its cause in the message."""
    chain = _chain(exc)
    name = exc.__class__.__name__
    if any(isinstance(e, socket.gaierror | urllib3.exceptions.NameResolutionError)
           for e in chain):
        return ServiceUnreachable("cannot connect: the host name does not resolve "
                                  f"({name})")
    if isinstance(exc, requests.exceptions.SSLError) or any(
            isinstance(e, ssl.SSLError) for e in chain):
        return ServiceUnreachable(f"cannot connect: the TLS handshake failed ({name})")
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return ServiceUnreachable(f"cannot connect: connection refused ({name})")
    if isinstance(exc, requests.ConnectTimeout) or any(  # (NewConnectionError subclasses it)
            isinstance(e, urllib3.exceptions.ConnectTimeoutError)
            and not isinstance(e, urllib3.exceptions.NewConnectionError) for e in chain):
        return ServiceTimeout(f"no connection within {settings.connect_timeout_s}s")
    if any(isinstance(e, urllib3.exceptions.NewConnectionError) for e in chain):
        return ServiceUnreachable(f"cannot connect ({name})")
    if isinstance(exc, requests.Timeout | urllib3.exceptions.ReadTimeoutError | TimeoutError):
        return ServiceTimeout(f"no answer within {settings.read_timeout_s}s")
    malformed = malformed_answer(exc)
    if malformed is not None:
        said = str(malformed).strip()
        said = said if len(said) <= 80 else said[:80] + "…"
        return TransportError(f"malformed HTTP answer ({malformed.__class__.__name__}"
                              f"{': ' + said if said else ''}): the service answered, "
                              "but not in HTTP")
    if any(isinstance(e, ConnectionResetError) for e in chain):
        return TransportError(f"the service reset the connection ({name})")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError
                  | urllib3.exceptions.ProtocolError) or any(
            isinstance(e, urllib3.exceptions.IncompleteRead) for e in chain):
        return TransportError(f"the answer was cut off before its end ({name})")
    if isinstance(exc, requests.ConnectionError):
        return ServiceUnreachable(f"cannot connect ({name})")
    return TransportError(f"the exchange failed ({name})")
