"""The one send path (``driver/transport/``): timing and evidence per send, transport
failures as suite errors, secrets kept out of the evidence; and, read from the source, that
its modules are the only suite-side ones that talk to an HTTP client library.

The failures are real: a closed port, a server that accepts and never answers, one that cuts
its chunked body short. Each such server runs in a thread for one test and is bounded by
socket timeouts, so a test cannot hang.
"""

from __future__ import annotations

import ast
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from account_conformance.driver import (
    DriverSettings,
    ServiceTimeout,
    ServiceUnreachable,
    SuiteError,
    Transport,
    TransportError,
)
from account_conformance.driver.evidence import REDACTED
from conftest import REPO

# -- sending against the reference --------------------------------------------------------


@pytest.fixture()
def transport(reference_url: str) -> Iterator[Transport]:
    sender = Transport(DriverSettings(base_url=reference_url),
                       answer_secret_fields=("token",))
    yield sender
    sender.close()


def test_every_send_is_timed_and_recorded_whatever_the_status(transport: Transport) -> None:
    meta = transport.send("GET", "/v1/meta")
    missing = transport.send("GET", "/v1/no-such-thing")  # a 404 is an answer, not an error
    assert (meta.status, meta.json()["contract_version"]) == (200, "1.2.0")
    assert missing.status == 404
    assert transport.recorder.total_requests == 2
    recorded = transport.recorder.take()
    assert recorded == [meta.evidence, missing.evidence]
    assert [(e.method, e.url, e.status) for e in recorded] == [
        ("GET", transport.base_url + "/v1/meta", 200),
        ("GET", transport.base_url + "/v1/no-such-thing", 404)]
    assert all(e.elapsed_ms > 0 for e in recorded)
    assert len(transport.recorder.latencies_ms) == 2
    assert '"contract_version"' in meta.evidence.response_excerpt


def test_secrets_in_headers_and_answers_stay_out_of_the_evidence(transport: Transport) -> None:
    api_key = "vendor-api-key-0123456789"
    started = transport.send("POST", "/test-support/sessions",
                             json={"email": "tess@tr-0001.example.test", "name": "Tess Port"})
    token = started.json()["token"]
    assert transport.redactor.redact(token) == REDACTED  # registered before it was recorded
    me = transport.send("GET", "/v1/me", headers={"Authorization": f"Bearer {token}",
                                                  "X-Vendor-Key": api_key})
    assert me.status == 200
    shown = " ".join(e.reproduce() for e in transport.recorder.take())
    assert token not in shown and api_key not in shown
    # no email known for the token: numbered; a secret header named after the header
    assert '"Authorization: Bearer $SESSION_TOKEN_1"' in me.evidence.curl
    assert '"X-Vendor-Key: $X_VENDOR_KEY"' in me.evidence.curl
    assert me.evidence.legend == (
        "# $SESSION_TOKEN_1: the first token in this scenario that is no session the suite "
        "started", "# $X_VENDOR_KEY: the value of the request's X-Vendor-Key header")
    transport.send("DELETE", "/test-support/runs/tr-0001")


def test_a_closed_port_is_unreachable_and_the_attempt_is_recorded() -> None:
    with socket.socket() as probe:  # nobody listens on the port once the socket is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sender = Transport(DriverSettings(base_url=f"http://127.0.0.1:{port}",
                                      connect_timeout_s=1))
    with pytest.raises(ServiceUnreachable) as caught:
        sender.send("GET", "/v1/meta", headers={"Authorization": "Bearer secret-token-0001"})
    assert f"127.0.0.1:{port}/v1/meta" in str(caught.value)
    [attempt] = sender.recorder.take()
    assert attempt.status is None and "secret-token-0001" not in attempt.reproduce()


@contextmanager
def tiny_server(answer: bytes | None) -> Iterator[str]:
    """A server that reads one request and sends ``answer`` then closes, or (``None``) holds
    the connection open without a word until the test is done; yields its base URL."""
    done = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(5)

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            connection.settimeout(5)
            try:
                connection.recv(65536)
                if answer is not None:
                    connection.sendall(answer)
                else:
                    done.wait(5)
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        done.set()
        listener.close()
        thread.join(6)


def test_a_server_that_never_answers_is_a_timeout() -> None:
    with tiny_server(None) as url:
        sender = Transport(DriverSettings(base_url=url, read_timeout_s=0.3))
        with pytest.raises(ServiceTimeout) as caught:
            sender.send("POST", "/v1/organizations", json={"name": "Mute"})
    assert "no answer within 0.3s" in str(caught.value)
    [attempt] = sender.recorder.take()
    assert (attempt.status, attempt.request_body) == (None, '{"name":"Mute"}')


def test_an_answer_cut_short_is_a_suite_error_not_a_requests_exception() -> None:
    broken = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nzz\r\n")
    with tiny_server(broken) as url:
        sender = Transport(DriverSettings(base_url=url, read_timeout_s=2))
        with pytest.raises(TransportError) as caught:
            sender.send("GET", "/v1/meta")
    assert isinstance(caught.value, SuiteError) and caught.value.kind == "transport_error"
    assert sender.recorder.total_requests == 1


def test_exact_urls_are_sent_as_built(transport: Transport) -> None:
    reply = transport.send("GET", "/v1/conversations/..%2F..%2Fx", exact_url=True,
                           secret_headers=())
    assert reply.evidence.url.endswith("/v1/conversations/..%2F..%2Fx")
    assert reply.status in (401, 404)  # no session: refused, never a 5xx


# -- the only suite-side modules that talk to an HTTP client library ---------------------

HTTP_CLIENTS = frozenset({"requests", "urllib3", "httpx"})
SENDING = frozenset({"request", "get", "post", "put", "patch", "delete", "head", "options",
                     "send", "stream", "urlopen", "Session", "Client", "PoolManager"})
THE_TRANSPORT = REPO / "src" / "account_conformance" / "driver" / "transport"
"""The package of the one send path: only its modules may talk to an HTTP client."""
# the vendor's server stand-in forwards to its upstream service: it is the service side
# (like src/account_reference), not a driver of the suite
SERVICE_SIDE = frozenset({REPO / "examples" / "vendor_api" / "adapter_app.py"})


def _root(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call)):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else None


def http_client_uses(source: str) -> list[str]:
    """Where ``source`` imports an HTTP client library or calls one's sending functions."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: import {alias.name}" for alias in node.names
                      if alias.name.split(".")[0] in HTTP_CLIENTS]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (
                (node.module or "").split(".")[0] in HTTP_CLIENTS):
            found.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and any(
                    isinstance(arg, ast.Constant) and str(arg.value).split(".")[0]
                    in HTTP_CLIENTS for arg in node.args):
                found.append(f"line {node.lineno}: {name}({ast.unparse(node.args[0])})")
            elif name in SENDING and isinstance(func, ast.Attribute) and (
                    _root(func) in HTTP_CLIENTS):
                found.append(f"line {node.lineno}: {ast.unparse(func)}(...)")
    return found


def suite_side_modules() -> list[Path]:
    """Every module of the suite and its example driver (tests and the services left out)."""
    folders = ("src/account_conformance", "examples", "steps", "fixtures")
    modules = [p for folder in folders for p in sorted((REPO / folder).rglob("*.py"))]
    return [p for p in modules + [REPO / "environment.py"] if p not in SERVICE_SIDE]


def http_client_offenders(modules: list[Path], transport: Path) -> dict[str, list[str]]:
    """The modules outside the ``transport`` package that talk to an HTTP client library."""
    return {str(path): uses for path in modules if not path.is_relative_to(transport)
            and (uses := http_client_uses(path.read_text(encoding="utf-8")))}


def test_only_the_transport_talks_to_an_http_client_library() -> None:
    modules = suite_side_modules()
    inside = [path for path in modules if path.is_relative_to(THE_TRANSPORT)]
    assert (THE_TRANSPORT / "__init__.py") in modules and len(modules) > 30
    assert not http_client_offenders(modules, THE_TRANSPORT), http_client_offenders(
        modules, THE_TRANSPORT)
    assert any("requests.Session" in use
               for path in inside for use in http_client_uses(path.read_text(encoding="utf-8")))


def test_the_check_finds_http_client_use_outside_the_transport_package(
        tmp_path: Path) -> None:
    """A module next to the package (``driver/http.py``, ``driver/transport_extra.py``) or
    anywhere else that imports ``requests`` is found; a module of the package is not."""
    transport = tmp_path / "driver" / "transport"
    transport.mkdir(parents=True)
    files = {transport / "sender.py": "import requests\n",
             tmp_path / "driver" / "http.py": "import requests\n",
             tmp_path / "driver" / "transport_extra.py": "import urllib3\n",
             tmp_path / "steps" / "x_steps.py": "from requests import Session\n"}
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    found = http_client_offenders(list(files), transport)
    assert sorted(found) == sorted(str(p) for p in list(files)[1:]), found


@pytest.mark.parametrize("snippet", [
    "import requests\n",
    "import requests as r\nr.get('http://x')\n",
    "from requests import Session\n",
    "from requests.adapters import HTTPAdapter\n",
    "import urllib3.poolmanager\n",
    "import importlib\nhttp = importlib.import_module('httpx')\n",
    "def f(requests):\n    return requests.Session().send(None)\n",
    "def f(requests):\n    return requests.post('http://x', json={})\n",
])
def test_the_check_finds_http_client_use(snippet: str) -> None:
    assert http_client_uses(snippet), snippet


def test_the_check_lets_sending_through_the_transport_pass() -> None:
    clean = ("from account_conformance.driver import Transport\n"
             "def f(transport: Transport) -> int:\n"
             "    return transport.send('GET', '/v1/meta', json=None).status\n")
    assert http_client_uses(clean) == []
