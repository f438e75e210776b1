"""A hostile proxy: a real loopback HTTP server in front of a service that misbehaves on cue.

The suite must never turn a network fault into a verdict about the service, nor a broken
answer into a pass. ``HostileProxy`` sits between the suite and an upstream service (the
embedded reference), forwards every request, and, for the requests its ``mode`` applies to,
answers the way a broken service or network would. No mocks: it is a socket server in
threads of the test process, and the suite reaches it over loopback TCP like any service.

API::

    with HostileProxy(upstream_url, mode="nan", match="/v1/me", after=0, times=None) as proxy:
        proxy.url          # base URL to give the suite (http://127.0.0.1:<port>)
        proxy.hits         # how many requests the mode was applied to so far
        proxy.requests     # every request the proxy received: RecordedRequest(method, path,
                           #   headers, body), in order
        proxy.received     # what the *other-origin* listener received (redirect_other_origin)
        proxy.other_url    # that listener's base URL
        proxy.set_mode("status_503", match="POST ", retry_after="1")  # change it at run time

* ``match``: apply the mode only to requests whose ``"METHOD /path?query"`` contains this
  substring (or, a callable, for which it returns true); ``None`` matches every request.
* ``after``: the first ``after`` matching requests are forwarded untouched (e.g. let the
  preflight pass); ``times``: misbehave on at most that many matching requests, then forward
  (``None``: on all of them).
* ``retry_after``: the ``Retry-After`` value sent with the ``status_429``/``status_503``
  answers (``None``: no such header).

Modes (``MODES``):

``pass``                  forward the request and the answer.
``redirect_other_origin`` answer ``redirect_status`` (default 307, which keeps method and
                          body) with ``Location`` at a second local listener on another port
                          that records whatever reaches it (``proxy.received``).
``reset``                 read the request, then reset the connection (RST, no answer byte).
``close_mid_body``        forward; send the headers with the real ``Content-Length`` and half
                          the body, then close.
``timeout``               read the request and never answer (until the client or the proxy
                          gives up).
``slow_drip``             forward; send the answer, status line included, one byte per
                          ``drip_interval_s`` (default 1 s).
``endless_chunked``       ``200`` with a chunked JSON body that never ends.
``status_502`` … ``_504``, ``status_429``
                          that status with a small problem body (and ``Retry-After`` when
                          ``retry_after`` is set).
``status_500_then_close`` a ``500`` that keeps the connection alive; when the next request
                          arrives on that connection the proxy drops it without an answer
                          byte (the server that closes a kept-alive connection after a 500).
``invalid_json``          forward; the body cut to an unterminated JSON text.
``nan``                   forward; a ``NaN`` member added to the top-level object.
``duplicate_keys``        forward; the first member of the top-level object sent twice, the
                          first copy with a different value (a lenient parser keeps the last).
``invalid_utf8``          forward; a string member holding the bytes ``ff fe`` added.
``deep_nesting``          forward; a member nested ``nesting_depth`` (default 10,000) arrays
                          deep added.
``huge_body``             ``200`` with a declared ``Content-Length`` of ``huge_bytes``
                          (default 64 MiB) of JSON, streamed.
``gzip_bomb``             ``200`` with ``Content-Encoding: gzip``: ``bomb_bytes`` (default
                          1 GiB) of zeros in about a megabyte.
``set_cookie``            forward; the answer also sets a cookie (``Set-Cookie``).
``rewrite_json``          forward; the JSON answer is replaced by ``rewrite(body)`` (option
                          ``rewrite``: a callable): a well-formed answer that says otherwise.
``slow_drip_close``       forward; send the head at once with ``Connection: close`` and no
                          ``Content-Length`` (the body ends when the connection does), then
                          the body one byte per ``drip_interval_s`` (default 1 s), then close.
                          ``proxy.dripped`` counts the body bytes sent so far.
``drop_after_forward``    on a kept-alive connection's second or later request: forward it
                          upstream (the service applies it), then close the connection
                          without an answer byte. The first request on a connection is
                          forwarded and answered.
``bad_status_line``       answer ``HTP/1.1 200 OK`` (not an HTTP status line).
``too_many_headers``      a ``200`` with 150 header lines (``http.client`` allows 100).
``long_header_line``      a ``200`` with one header line of 70,000 bytes (over 64 KiB).

Every socket has a timeout and every loop watches the proxy's stop event, so a test cannot
hang on it; ``close()`` ends every connection.
"""

from __future__ import annotations

import http.client
import json
import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

MODES = (
    "pass", "redirect_other_origin", "reset", "close_mid_body", "timeout", "slow_drip",
    "endless_chunked", "status_502", "status_503", "status_504", "status_429",
    "status_500_then_close", "invalid_json", "nan", "duplicate_keys", "invalid_utf8",
    "deep_nesting", "huge_body", "gzip_bomb", "set_cookie", "rewrite_json",
    "slow_drip_close", "drop_after_forward", "bad_status_line", "too_many_headers",
    "long_header_line",
)
SOCKET_TIMEOUT_S = 30.0
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host",
               "proxy-connection", "te", "trailer", "upgrade"}


@dataclass(frozen=True)
class RecordedRequest:
    """One request as a listener received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """A header's value, whatever its case (None when absent)."""
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


@dataclass
class _Answer:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class _Rule:
    mode: str
    match: str | Callable[[str], bool] | None
    after: int
    times: int | None
    options: dict[str, object] = field(default_factory=dict)
    seen: int = 0


class _ClientGone(Exception):
    """The client closed its connection."""


def _fill(conn: socket.socket, buffer: bytearray, enough: Callable[[], bool]) -> None:
    """Receive into ``buffer`` until ``enough()``; ``_ClientGone`` when the client closes."""
    while not enough():
        more = conn.recv(65536)
        if not more:
            raise _ClientGone
        buffer += more


def _read_request(conn: socket.socket, buffer: bytearray) -> RecordedRequest | None:
    """Read one request (headers, and a Content-Length or chunked body) from ``conn``."""
    try:
        _fill(conn, buffer, lambda: b"\r\n\r\n" in buffer)
    except _ClientGone:
        return None
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    buffer[:] = rest
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = (lines[0].split(" ", 2) + ["", ""])[:3]
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip()] = value.strip()
    lowered = {k.lower(): v for k, v in headers.items()}
    if "chunked" in lowered.get("transfer-encoding", "").lower():
        parts = []
        while True:
            _fill(conn, buffer, lambda: b"\r\n" in buffer)
            size_line, _, rest = bytes(buffer).partition(b"\r\n")
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            buffer[:] = rest
            _fill(conn, buffer, lambda need=size + 2: len(buffer) >= need)
            parts.append(bytes(buffer[:size]))
            buffer[:] = buffer[size + 2:]
            if size == 0:
                break
        body = b"".join(parts)
    else:
        length = int(lowered.get("content-length", "0") or 0)
        _fill(conn, buffer, lambda: len(buffer) >= length)
        body = bytes(buffer[:length])
        buffer[:] = buffer[length:]
    return RecordedRequest(method, path, headers, body)


def _head(status: int, reason: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _problem(status: int, title: str) -> bytes:
    return json.dumps({"type": "about:blank", "title": title, "status": status,
                       "code": "proxy_" + str(status)}).encode()


@cache
def _gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes, gzip-compressed (built once per size)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"0" * (16 * 1024 * 1024)
    parts = []
    left = size
    while left > 0:
        piece = block if left >= len(block) else block[:left]
        parts.append(packer.compress(piece))
        left -= len(piece)
    parts.append(packer.flush())
    return b"".join(parts)


def accept_each(sock: socket.socket, stop: threading.Event,
                 handle: Callable[[socket.socket], None]) -> None:
    """Hand every connection ``sock`` accepts to ``handle`` until ``stop`` (or the socket
    closes); ``sock`` has a short timeout, so the stop event is seen at once."""
    while not stop.is_set():
        try:
            conn, _ = sock.accept()
        except TimeoutError:
            continue
        except OSError:
            return
        handle(conn)


class _Recorder:
    """The other-origin listener: records every request it receives and answers 200."""

    def __init__(self, stop: threading.Event) -> None:
        self.received: list[RecordedRequest] = []
        self._stop = stop
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        accept_each(self._sock, self._stop, self._answer)

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                request = _read_request(conn, bytearray())
                if request is not None:
                    self.received.append(request)
                    body = b'{"captured": true}'
                    conn.sendall(_head(200, "OK", [
                        ("Content-Type", "application/json"),
                        ("Content-Length", str(len(body))), ("Connection", "close")]) + body)
            except (OSError, _ClientGone, ValueError):
                pass

    def close(self) -> None:
        self._sock.close()
        self._thread.join(5)


class HostileProxy:
    """A forwarding proxy that misbehaves by ``mode`` (see the module docstring)."""

    def __init__(self, upstream_url: str, mode: str = "pass", *,
                 match: str | Callable[[str], bool] | None = None, after: int = 0,
                 times: int | None = None, **options: object) -> None:
        parts = urlsplit(upstream_url)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._rule = self._make_rule(mode, match, after, times, options)
        self.requests: list[RecordedRequest] = []
        self.hits = 0
        self.dripped = 0  # body bytes slow_drip_close sent
        self._per_connection = threading.local()  # .served: requests on this connection
        self._open: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._other = _Recorder(self._stop)
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._accepter = threading.Thread(target=self._accept, daemon=True)
        self._accepter.start()

    # -- control --------------------------------------------------------------------------
    @staticmethod
    def _make_rule(mode: str, match: str | Callable[[str], bool] | None, after: int,
                   times: int | None, options: dict[str, object]) -> _Rule:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; known: {MODES}")
        return _Rule(mode, match, after, times, dict(options))

    def set_mode(self, mode: str, *, match: str | Callable[[str], bool] | None = None,
                 after: int = 0, times: int | None = None, **options: object) -> None:
        """Switch to another mode (its counters start afresh; ``hits`` keeps counting)."""
        rule = self._make_rule(mode, match, after, times, options)
        with self._lock:
            self._rule = rule

    @property
    def received(self) -> list[RecordedRequest]:
        """The requests the other-origin listener received (should stay empty)."""
        return list(self._other.received)

    @property
    def other_url(self) -> str:
        """The other-origin listener's base URL."""
        return self._other.url

    def __enter__(self) -> HostileProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop listening and end every open connection."""
        self._stop.set()
        self._sock.close()
        with self._lock:
            for conn in list(self._open):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self._accepter.join(5)
        for thread in list(self._threads):
            thread.join(5)
        self._other.close()

    # -- serving --------------------------------------------------------------------------
    def _accept(self) -> None:
        accept_each(self._sock, self._stop, self._start_serving)

    def _start_serving(self, conn: socket.socket) -> None:
        thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
        with self._lock:
            self._open.add(conn)
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _choose(self, request: RecordedRequest) -> _Rule | None:
        """The rule to apply to this request, or None to forward it (counts the match)."""
        line = f"{request.method} {request.path}"
        with self._lock:
            self.requests.append(request)
            rule = self._rule
            if rule.mode == "pass":
                return None
            matcher = rule.match
            if matcher is not None and not (matcher(line) if callable(matcher)
                                            else matcher in line):
                return None
            rule.seen += 1
            if rule.seen <= rule.after:
                return None
            if rule.times is not None and rule.seen > rule.after + rule.times:
                return None
            self.hits += 1
            return rule

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(SOCKET_TIMEOUT_S)
        buffer = bytearray()
        self._per_connection.served = 0
        try:
            while not self._stop.is_set():
                request = _read_request(conn, buffer)
                if request is None:
                    return
                self._per_connection.served += 1
                rule = self._choose(request)
                keep = self._answer(conn, request, rule, buffer)
                if not keep or (request.header("Connection") or "").lower() == "close":
                    return
        except (OSError, _ClientGone, ValueError, http.client.HTTPException):
            return
        finally:
            with self._lock:
                self._open.discard(conn)
            try:
                conn.close()
            except OSError:
                pass

    def _forward(self, request: RecordedRequest) -> _Answer:
        upstream = http.client.HTTPConnection(*self._upstream, timeout=SOCKET_TIMEOUT_S)
        try:
            headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
            upstream.request(request.method, request.path, body=request.body or None,
                             headers=headers)
            response = upstream.getresponse()
            body = response.read()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
            return _Answer(response.status, response.reason, kept, body)
        finally:
            upstream.close()

    def _send(self, conn: socket.socket, answer: _Answer) -> None:
        headers = answer.headers + [("Content-Length", str(len(answer.body)))]
        conn.sendall(_head(answer.status, answer.reason, headers) + answer.body)

    def _answer(self, conn: socket.socket, request: RecordedRequest, rule: _Rule | None,
                buffer: bytearray) -> bool:
        """Answer one request; whether the connection stays open for the next one."""
        if rule is None:
            self._send(conn, self._forward(request))
            return True
        mode, options = rule.mode, rule.options
        if mode == "rewrite_json":  # a well-formed answer that says something else
            answer = self._forward(request)
            rewrite = options["rewrite"]
            assert callable(rewrite), "rewrite_json needs a rewrite=callable(body) option"
            answer.body = json.dumps(rewrite(json.loads(answer.body))).encode()
            self._send(conn, answer)
            return True
        if mode == "redirect_other_origin":
            status = int(str(options.get("redirect_status", 307)))
            location = self._other.url + request.path
            conn.sendall(_head(status, "Redirect", [("Location", location),
                                                    ("Content-Length", "0")]))
            return True
        if mode == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        if mode == "timeout":
            conn.settimeout(0.2)
            while not self._stop.is_set():
                try:
                    if not conn.recv(65536):
                        return False
                except TimeoutError:
                    continue
            return False
        if mode.startswith("status_") and mode != "status_500_then_close":
            status = int(mode.removeprefix("status_"))
            body = _problem(status, http.client.responses.get(status, "Error"))
            headers = [("Content-Type", "application/problem+json")]
            if options.get("retry_after") is not None:
                headers.append(("Retry-After", str(options["retry_after"])))
            self._send(conn, _Answer(status, http.client.responses.get(status, "Error"),
                                     headers, body))
            return True
        if mode == "status_500_then_close":
            self._send(conn, _Answer(500, "Internal Server Error", [
                ("Content-Type", "application/problem+json"),
                ("Connection", "keep-alive")], _problem(500, "Internal Server Error")))
            conn.settimeout(5)
            try:
                _read_request(conn, buffer)  # the next request on this connection ...
            except (OSError, _ClientGone):
                pass
            return False                     # ... is dropped without an answer byte
        if mode == "endless_chunked":
            conn.sendall(_head(200, "OK", [("Content-Type", "application/json"),
                                           ("Transfer-Encoding", "chunked")]))
            chunk = b"0," * 8192
            frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
            conn.sendall(b"1\r\n[\r\n")
            while not self._stop.is_set():
                conn.sendall(frame)
            return False
        if mode == "huge_body":
            size = int(str(options.get("huge_bytes", 64 * 1024 * 1024)))
            conn.sendall(_head(200, "OK", [("Content-Type", "application/json"),
                                           ("Content-Length", str(size))]))
            block = b"[" + b"0," * (32 * 1024)
            sent = 0
            while sent < size and not self._stop.is_set():
                piece = block[: size - sent]
                conn.sendall(piece)
                sent += len(piece)
            return False
        if mode in ("bad_status_line", "too_many_headers", "long_header_line"):
            extra = ([(f"X-Filler-{n}", "x") for n in range(150)] if mode == "too_many_headers"
                     else [("X-Filler", "x" * 70_000)] if mode == "long_header_line" else [])
            head = _head(200, "OK", [("Content-Type", "application/json"),
                                     ("Content-Length", "2")] + extra)
            if mode == "bad_status_line":
                head = head.replace(b"HTTP/1.1", b"HTP/1.1", 1)
            conn.sendall(head + b"{}")
            return False
        if mode == "drop_after_forward":
            forwarded = self._forward(request)  # the service applies it ...
            if self._per_connection.served > 1:
                return False                    # ... and, reused, the answer never comes
            self._send(conn, forwarded)
            return True
        if mode == "gzip_bomb":
            bomb = _gzip_bomb(int(str(options.get("bomb_bytes", 1024 * 1024 * 1024))))
            conn.sendall(_head(200, "OK", [("Content-Type", "application/json"),
                                           ("Content-Encoding", "gzip"),
                                           ("Content-Length", str(len(bomb)))]) + bomb)
            return True
        answer = self._forward(request)
        if mode == "close_mid_body":
            headers = answer.headers + [("Content-Length", str(len(answer.body)))]
            conn.sendall(_head(answer.status, answer.reason, headers)
                         + answer.body[: len(answer.body) // 2])
            return False
        if mode == "slow_drip":
            interval = float(str(options.get("drip_interval_s", 1.0)))
            data = (_head(answer.status, answer.reason, answer.headers
                          + [("Content-Length", str(len(answer.body)))]) + answer.body)
            for byte in _bytes(data):
                if self._stop.wait(interval):
                    return False
                conn.sendall(byte)
            return True
        if mode == "slow_drip_close":
            interval = float(str(options.get("drip_interval_s", 1.0)))
            conn.sendall(_head(answer.status, answer.reason,
                               answer.headers + [("Connection", "close")]))
            for byte in _bytes(answer.body):
                if self._stop.wait(interval):
                    return False
                with self._lock:
                    self.dripped += 1  # counted before it leaves: a full read sees them all
                conn.sendall(byte)
            return False
        if mode == "set_cookie":
            answer.headers.append(("Set-Cookie", "proxy_session=cookie-from-the-proxy; Path=/"))
            self._send(conn, answer)
            return True
        answer.body = _spoil(mode, answer.body, options)
        self._send(conn, answer)
        return True


def _bytes(data: bytes) -> Iterator[bytes]:
    return (data[i:i + 1] for i in range(len(data)))


def _spoil(mode: str, body: bytes, options: dict[str, object]) -> bytes:
    """The answer body made invalid the way ``mode`` says, the rest of it kept."""
    if mode == "invalid_json":
        return body[: max(1, len(body) // 2)] if body.strip() else b'{"broken": '
    stripped = body.strip()
    rest = stripped[1:] if stripped.startswith(b"{") else b"}"
    joiner = b"," if rest.strip() != b"}" else b""
    if mode == "nan":
        return b'{"x_score": NaN' + joiner + rest
    if mode == "invalid_utf8":
        return b'{"x_name": "\xff\xfe"' + joiner + rest
    if mode == "deep_nesting":
        depth = int(str(options.get("nesting_depth", 10_000)))
        return b'{"x_deep": ' + b"[" * depth + b"]" * depth + joiner + rest
    if mode == "duplicate_keys":
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, dict) and data:
            key = next(iter(data))
            first = json.dumps({key: "duplicate-" + str(data[key])[:20]})[1:-1].encode()
            return b"{" + first + b"," + stripped[1:]
        return b'{"x_dup": 1, "x_dup": 2' + joiner + rest
    raise ValueError(f"no body change for mode {mode!r}")
