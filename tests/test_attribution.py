"""Whose side a problem is on: every row of the README's attribution table, end to end.

README.md, "Whose side a problem is on", says for each thing that can go wrong between the
suite and a service whether the run ends in *error* (exit 2: no verdict, the network or a
gateway is at fault) or in *fail* (exit 1: the service answered, and the answer is wrong).
``ROWS`` below is that table; ``test_the_readme_table_and_the_rows_agree`` keeps the two in
step (each README row names its test ids in the last column).

Each row runs the real CLI (``account-conformance run`` as a subprocess, ``--workers 1``,
narrowed with ``--tags`` to the seven scenarios of S08, one of which meets the fault) against
``tests/hostile_proxy.py``: a loopback proxy in front of one reference process for the whole
module, which misbehaves for the requests a row names (``GET /v1/me``, the switcher's read,
so the preflight and the set-up pass first). The rows that need no proxy (a closed port, a
name that does not resolve, a TLS handshake with a plain-HTTP server) use a URL instead.
Each row checks:

* the exit code, and the affected statement's verdict in results.json (``error`` or
  ``fail``); an *error* row has no ``fail`` anywhere (no false verdict);
* results.json, junit.xml, conformance.md and conformance.html were written;
* no secret (the test-support key given as ``ACCOUNT_SERVICE_TOKEN``, a configured header's
  value, any session token the proxy saw) appears in a report file, stdout or stderr;
* the cause is named (in the output or the evidence);
* for the size and bomb rows, the runner's peak memory (``ru_maxrss`` of the CLI process,
  measured by a small wrapper process that runs it) stays under 512 MiB;
* for the redirect row, the other-origin listener received nothing.

A few more runs check the hostile-input and nested steps (part of issue 12): a timeout, a
reset or a 502 while a hostile body is sent is an *error*, not "not refused cleanly"; a
timeout inside a step built on another step ("Ada is an admin of Acme") stays an *error*.

The quick tests check the table against the README, that no step or fixture calls behave's
``execute_steps`` (it turns a sub-step's ``SuiteError`` into an ``AssertionError``) or
catches broadly, and that ``fixtures.hostile.send_all`` raises the suite error of a raw
request that got no answer (real sockets: a closed port, a listener that never answers).
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hostile_proxy import HostileProxy, RecordedRequest, accept_each

from account_conformance.driver import (
    ContractViolation,
    DriverSettings,
    ServiceTimeout,
    SuiteError,
    Transport,
)
from account_conformance.driver.raw import RawRequest, RawRequests
from account_conformance.embedded import EmbeddedReference
from conftest import REPO
from fixtures.hostile import send_all

README = REPO / "README.md"
SECTION = "### Whose side a problem is on"
SEED = "20261212"
TAGS = "@S08"
STATEMENT = "S08"
MEMORY_CAP_KIB = 512 * 1024
RUN_TIMEOUT_S = 300
REPORT_FILES = ("results.json", "junit.xml", "conformance.md", "conformance.html")


def is_get_me(line: str) -> bool:
    """``GET /v1/me`` exactly (not ``/v1/me/accounts``): what the switcher reads."""
    return line.split("?", 1)[0] == "GET /v1/me"


# -- the rows --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One row of the attribution table: how to cause it, and what the run must end in.

    ``mode`` is the proxy's mode (None: the row needs no proxy; ``url`` says what to use
    instead: ``closed-port``, ``dns``, ``tls``); ``times`` how many matching requests
    misbehave; ``env`` extra settings; ``cause`` a pattern the output or the evidence must
    show; ``memory`` whether the runner's peak memory is checked.
    """

    id: str
    outcome: str  # "error" or "fail"
    mode: str | None = None
    url: str = ""
    match: Callable[[str], bool] | str | None = is_get_me
    after: int = 0
    times: int | None = 1
    options: dict[str, Any] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    cause: str = ""
    memory: bool = False
    tags: str = TAGS
    statement: str = STATEMENT

    @property
    def exit_code(self) -> int:
        """2 for an error row, 1 for a fail row."""
        return 2 if self.outcome == "error" else 1


RETRY_LIMIT = 2
ROWS = [
    # the suite's side, or the network's: error, exit 2
    Row("connect-refused", "error", url="closed-port", cause=r"refused|unreachable|connect"),
    Row("dns-failure", "error", url="dns", cause=r"resolve|name|dns|unreachable"),
    Row("tls-failure", "error", url="tls", cause=r"tls|ssl|certificate|handshake"),
    Row("timeout-no-answer", "error", "timeout", env={"ACCOUNT_SERVICE_READ_TIMEOUT": "2"},
        cause=r"timeout|timed out|no answer"),
    Row("timeout-deadline", "error", "slow_drip", options={"drip_interval_s": 0.2},
        env={"ACCOUNT_SERVICE_DEADLINE": "2"}, cause=r"deadline|timeout|within"),
    # (twice: a reused keep-alive connection closed before an answer byte is retried once)
    Row("connection-reset", "error", "reset", times=2, cause=r"reset|connection|closed"),
    Row("incomplete-body", "error", "close_mid_body",
        cause=r"incomplete|cut off|content-length|ended|IncompleteRead|closed"),
    Row("malformed-http", "error", "bad_status_line", cause=r"malformed HTTP"),
    # (as many answers as a request meets with its retries, in case the transport retries)
    *(Row(f"gateway-{status}", "error", f"status_{status}", times=RETRY_LIMIT + 1,
          env={"ACCOUNT_SERVICE_RETRY_LIMIT": str(RETRY_LIMIT)}, cause=str(status))
      for status in (502, 503, 504)),
    Row("too-many-requests", "error", "status_429", times=RETRY_LIMIT + 1,
        options={"retry_after": "1"}, env={"ACCOUNT_SERVICE_RETRY_LIMIT": str(RETRY_LIMIT)},
        cause=r"429|too many|overloaded|rate"),
    # the service's side: fail, exit 1
    Row("redirect", "fail", "redirect_other_origin", cause=r"redirect|30\d|location"),
    Row("wrong-status", "fail", "wrong_status", cause=r"status|201"),
    Row("schema-violation", "fail", "schema_violation", cause=r"schema|contract|type"),
    Row("server-error-500", "fail", "status_500", cause=r"500"),
    Row("500-then-close", "fail", "status_500_then_close", cause=r"500"),
    Row("invalid-json", "fail", "invalid_json", cause=r"json"),
    Row("nan-infinity", "fail", "nan", cause=r"nan|infinity|json"),
    Row("duplicate-keys", "fail", "duplicate_keys", cause=r"duplicate"),
    Row("invalid-utf8", "fail", "invalid_utf8", cause=r"utf-?8|decode|json"),
    Row("nesting-depth", "fail", "deep_nesting", cause=r"depth|nest|deep"),
    Row("body-size", "fail", "huge_body", cause=r"size|bytes|large|limit", memory=True),
    Row("decompression-bomb", "fail", "gzip_bomb",
        cause=r"size|bytes|large|limit|decompress", memory=True),
]
ROW_IDS = [row.id for row in ROWS]

# Hostile-input and nested steps (not rows of the table). A hostile request that gets no
# answer is not judged at once: the step asks the service whether it is alive (GET
# /v1/meta through the driver); no answer there either is an *error* (the service or the
# network is down), otherwise the same request is sent once more and a second drop is a
# *fail* ("dropped the connection instead of refusing ...").
#
# The error rows therefore take the service away for the hostile request *and* the probe
# (``Outage``): from the second POST of a conversation in the 1 MiB scenario (the first is
# the valid body of exactly 1 MiB) up to and including the next GET /v1/meta, so each row
# still tests what its name says (a timeout, a reset, a 502 while a hostile body is sent,
# with the service gone) and everything after passes. (A single drop with the service
# still there is not an error any more: the resend's answer is judged; the drop rows below
# and ``test_a_dropped_hostile_request_is_probed_then_sent_once_more`` cover that.) The
# bystander, which makes conversations and invitations of its own first, is off for these
# runs.
HOSTILE_TAGS = "@R-CONV-07 and @R-CONV-04"
HOSTILE_POST = "POST /v1/conversations"
NO_BYSTANDER = {"ACCOUNT_CONFORMANCE_BYSTANDER": "off"}


class Outage:
    """A proxy matcher (``match=``): the service is away from the ``nth`` request whose line
    starts with ``first`` up to and including the next ``GET /v1/meta`` (the hostile step's
    probe), and back for everything after. Stateful: ``fresh()`` gives an unused copy."""

    def __init__(self, first: str, nth: int) -> None:
        self.first, self.nth = first, nth
        self.seen = 0
        self.state = "before"  # "before" -> "away" -> "back"

    def fresh(self) -> Outage:
        """A copy that has seen nothing yet (one per run)."""
        return Outage(self.first, self.nth)

    def __call__(self, line: str) -> bool:
        """Whether the service is away for this request (``"METHOD /path?query"``)."""
        if self.state == "before" and line.startswith(self.first):
            self.seen += 1
            if self.seen == self.nth:
                self.state = "away"
        if self.state != "away":
            return False
        if line.split("?", 1)[0] == "GET /v1/meta":
            self.state = "back"
        return True


def fresh(row: Row) -> Row:
    """The row with an unused ``Outage`` (a row's matcher may be stateful)."""
    return replace(row, match=row.match.fresh()) if isinstance(row.match, Outage) else row


ISSUE_RUNS = [
    Row("hostile-body-timeout", "error", "timeout", match=Outage(HOSTILE_POST, 2), times=None,
        env={"ACCOUNT_SERVICE_READ_TIMEOUT": "3", **NO_BYSTANDER},
        cause=r"timeout|timed out|no answer", tags=HOSTILE_TAGS, statement="S11"),
    Row("hostile-body-reset", "error", "reset", match=Outage(HOSTILE_POST, 2), times=None,
        env=NO_BYSTANDER, cause=r"reset|connection|closed|no answer", tags=HOSTILE_TAGS,
        statement="S11"),
    Row("hostile-body-502", "error", "status_502", match=Outage(HOSTILE_POST, 2), times=None,
        env=NO_BYSTANDER, cause=r"502|gateway", tags=HOSTILE_TAGS, statement="S11"),
    Row("nested-step-timeout", "error", "timeout", match=lambda line: line.endswith("/accept"),
        env={"ACCOUNT_SERVICE_READ_TIMEOUT": "3", **NO_BYSTANDER},
        cause=r"timeout|timed out|no answer",
        tags="@S18 and @R-ERR-primary_owner_protected and @R-OP-remove_member-3",
        statement="S18"),
]


def is_cancel(line: str) -> bool:
    """``POST /v1/me/individual-account/cancel``: in the subscription scenarios of
    hostile_input.feature every such request is a hostile one (the preflight sends none)."""
    return line.split("?", 1)[0] == "POST /v1/me/individual-account/cancel"


# A service that resets the connection on every hostile request while it answers all
# others: the statement *fails* (exit 1), the scenarios end in "failed", none in "error".
# The second row drops the body of exactly 1 MiB, which must be taken, the same way.
DROP_RUNS = [
    Row("hostile-input-reset-every-time", "fail", "reset", match=is_cancel, times=None,
        env=NO_BYSTANDER, cause=r"dropped the connection instead of refusing",
        tags="@S12 and @hostile", statement="S12"),
    Row("exact-mib-body-reset-every-time", "fail", "reset", match=HOSTILE_POST, times=None,
        env=NO_BYSTANDER, cause=r"dropped the connection instead of answering",
        tags="@S11 and @R-CONV-07", statement="S11"),
]


# -- extra proxy modes ---------------------------------------------------------------------
EXTRA_MODES = ("status_500", "wrong_status", "schema_violation")


class Proxy(HostileProxy):
    """``HostileProxy`` plus three answers a broken service gives: a plain ``500`` problem,
    the right body under a wrong status (``200`` sent as ``201``), and a body that breaks
    the contract's schema (its first member's value replaced by a number)."""

    @staticmethod
    def _make_rule(mode: str, match: Any, after: int, times: int | None,
                   options: dict[str, object]) -> Any:
        rule = HostileProxy._make_rule("pass" if mode in EXTRA_MODES else mode, match, after,
                                       times, options)
        rule.mode = mode
        return rule

    def _answer(self, conn: socket.socket, request: RecordedRequest, rule: Any,
                buffer: bytearray) -> bool:
        if rule is None or rule.mode not in EXTRA_MODES:
            return super()._answer(conn, request, rule, buffer)
        answer = self._forward(request)
        if rule.mode == "status_500":
            answer.status, answer.reason = 500, "Internal Server Error"
            answer.headers = [("Content-Type", "application/problem+json")]
            answer.body = json.dumps({"type": "about:blank", "title": "Internal Server Error",
                                      "status": 500, "code": "internal"}).encode()
        elif rule.mode == "wrong_status":
            answer.status, answer.reason = (201, "Created") if answer.status == 200 else (
                200, "OK")
        else:
            data = json.loads(answer.body)
            first = next(iter(data))
            answer.body = json.dumps({**data, first: 12345}).encode()
        self._send(conn, answer)
        return True


# -- running the CLI -------------------------------------------------------------------------
WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


@dataclass
class Run:
    """One CLI run: exit code, output, results.json, the report folder, peak memory (KiB)."""

    code: int
    output: str
    results: dict[str, Any]
    report_dir: Path
    peak_kib: int

    def verdict(self, statement: str) -> str:
        """The statement's verdict in results.json."""
        return next(s["verdict"] for s in self.results["statements"] if s["id"] == statement)

    def evidence(self) -> str:
        """Every evidence file's text."""
        return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                         for p in sorted((self.report_dir / "evidence").glob("*")))

    def report_text(self) -> str:
        """Every file the run wrote, as text."""
        return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                         for p in sorted(self.report_dir.rglob("*")) if p.is_file())


SECRET_KEY = "tsk-" + secrets.token_hex(12)
SECRET_HEADER = "hdr-" + secrets.token_hex(12)


def run_cli(tmp_path: Path, base_url: str, tags: str, env: dict[str, str]) -> Run:
    """``account-conformance run`` against ``base_url``, through the memory wrapper."""
    report = tmp_path / "report"
    peak_file = tmp_path / "peak-kib"
    environ = {key: value for key, value in os.environ.items()
               if not key.startswith(("ACCOUNT_SERVICE_", "ACCOUNT_CONFORMANCE_"))}
    environ.update({"ACCOUNT_SERVICE_TOKEN": SECRET_KEY,
                    "ACCOUNT_SERVICE_HEADERS": f"X-Conformance-Tenant: {SECRET_HEADER}",
                    **env})
    command = [sys.executable, "-c", WRAPPER, str(peak_file),
               sys.executable, "-m", "account_conformance.cli", "run", "--base-url", base_url,
               "--report-dir", str(report), "--tags", tags, "--workers", "1",
               "--seed", SEED, "--format", "progress"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S, env=environ)
    results_file = report / "results.json"
    results = json.loads(results_file.read_text()) if results_file.is_file() else {}
    peak = int(peak_file.read_text()) if peak_file.is_file() else 0
    return Run(done.returncode, done.stdout + done.stderr, results, report, peak)


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    """One reference process for the module's runs; its base URL."""
    with EmbeddedReference() as service:
        yield service.base_url


@contextmanager
def plain_http_server() -> Iterator[str]:
    """A plain-HTTP server on loopback (for a TLS handshake that cannot succeed)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def closed_port_url() -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def run_row(row: Row, upstream: str, tmp_path: Path) -> tuple[Run, HostileProxy | None]:
    """Cause the row's problem and run the CLI into it."""
    if row.url == "closed-port":
        return run_cli(tmp_path, closed_port_url(), row.tags, row.env), None
    if row.url == "dns":
        return run_cli(tmp_path, "http://conformance-check.invalid", row.tags, row.env), None
    if row.url == "tls":
        with plain_http_server() as where:
            return run_cli(tmp_path, f"https://{where}", row.tags, row.env), None
    assert row.mode is not None
    with Proxy(upstream, row.mode, match=row.match, after=row.after, times=row.times,
               **row.options) as proxy:
        run = run_cli(tmp_path, proxy.url, row.tags, row.env)
    return run, proxy


def session_tokens(proxy: HostileProxy | None) -> set[str]:
    """Every bearer token the proxy saw (the sessions of the run)."""
    if proxy is None:
        return set()
    found = set()
    for request in proxy.requests:
        value = request.header("Authorization") or ""
        if value.lower().startswith("bearer "):
            found.add(value.split(" ", 1)[1].strip())
    return found


def check_run(row: Row, run: Run, proxy: HostileProxy | None) -> None:
    """Every promise of the row (see the module docstring)."""
    assert run.results, f"no results.json; output:\n{run.output[-3000:]}"
    assert (run.code, run.verdict(row.statement)) == (row.exit_code, row.outcome), (
        f"{row.id}: exit {run.code}, {row.statement} {run.verdict(row.statement)}; "
        f"expected exit {row.exit_code}, {row.outcome}\n{run.output[-3000:]}")
    if row.outcome == "error":
        false = [s["id"] for s in run.results["statements"] if s["verdict"] == "fail"]
        assert not false, f"{row.id}: a network problem gave a verdict on {false}"
    if proxy is not None:
        assert proxy.hits >= 1, f"{row.id}: the proxy never applied {row.mode}"
    for name in REPORT_FILES:
        assert (run.report_dir / name).is_file(), f"{row.id}: {name} was not written"
    texts = {"stdout/stderr": run.output, "the report files": run.report_text()}
    secrets_used = {"the test-support key": SECRET_KEY, "the configured header": SECRET_HEADER}
    secrets_used |= {f"session token {t[:6]}…": t for t in session_tokens(proxy) if len(t) >= 8}
    for where, text in texts.items():
        leaked = [name for name, value in secrets_used.items() if value in text]
        assert not leaked, f"{row.id}: {leaked} in {where}"
    shown = run.output + "\n" + run.evidence()
    assert re.search(row.cause, shown, re.IGNORECASE), (
        f"{row.id}: the cause ({row.cause}) is not named:\n{run.output[-3000:]}")
    if row.memory:
        assert 0 < run.peak_kib < MEMORY_CAP_KIB, (
            f"{row.id}: the runner peaked at {run.peak_kib / 1024:.0f} MiB")


@pytest.mark.slow
@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_attribution_row(row: Row, upstream: str, tmp_path: Path) -> None:
    run, proxy = run_row(row, upstream, tmp_path)
    check_run(row, run, proxy)
    if proxy is not None and row.mode == "redirect_other_origin":
        assert proxy.received == [], "a redirect was followed to another origin"
        assert proxy.other_url in run.output + run.evidence(), "the Location is not reported"
    if proxy is not None and row.mode == "status_429":
        assert proxy.hits == RETRY_LIMIT + 1, (
            f"{proxy.hits} answers of 429 were met; expected the first and {RETRY_LIMIT} "
            "retries")
    if proxy is not None and row.mode is not None:
        sent = [r for r in proxy.requests if r.header("X-Test-Support-Key")]
        assert all(r.header("X-Test-Support-Key") == SECRET_KEY for r in sent)


@pytest.mark.slow
@pytest.mark.parametrize("row", ISSUE_RUNS, ids=[row.id for row in ISSUE_RUNS])
def test_transport_problems_in_hostile_and_nested_steps_are_errors(
        row: Row, upstream: str, tmp_path: Path) -> None:
    row = fresh(row)
    run, proxy = run_row(row, upstream, tmp_path)
    check_run(row, run, proxy)
    failing = [s for s in run.results["scenarios"] if s["status"] == "failed"]
    assert not failing, f"{row.id}: failed scenarios {[s['name'] for s in failing]}"
    if isinstance(row.match, Outage):  # the step asked whether the service was alive
        assert row.match.state == "back", f"{row.id}: no GET /v1/meta after the hostile POST"


@pytest.mark.slow
@pytest.mark.parametrize("row", DROP_RUNS, ids=[row.id for row in DROP_RUNS])
def test_a_service_that_drops_every_hostile_request_fails(
        row: Row, upstream: str, tmp_path: Path) -> None:
    run, proxy = run_row(row, upstream, tmp_path)
    check_run(row, run, proxy)
    statuses = {s["name"]: s["status"] for s in run.results["scenarios"]}
    assert "failed" in statuses.values() and set(statuses.values()) <= {"passed", "failed"}, (
        f"{row.id}: {statuses}\n{run.output[-3000:]}")
    failed = [s.get("message", "") for s in run.results["scenarios"] if s["status"] == "failed"]
    assert all("twice, while it answered other requests" in m for m in failed), failed


# -- quick checks ----------------------------------------------------------------------------
def readme_rows() -> dict[str, tuple[str, str]]:
    """Test id -> (what happened, exit) for each row of the README's attribution table."""
    text = README.read_text(encoding="utf-8")
    assert SECTION in text, f"README has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n#", 1)[0]
    rows: dict[str, tuple[str, str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not line.startswith("|") or set(cells[0]) <= {"-", " "}:
            continue
        ids = re.findall(r"`([a-z0-9-]+)`", cells[-1])
        for test_id in ids:
            rows[test_id] = (cells[0], cells[1])
    return rows


def test_the_readme_table_and_the_rows_agree() -> None:
    table = readme_rows()
    assert set(table) == set(ROW_IDS), (
        f"in the README only: {sorted(set(table) - set(ROW_IDS))}; "
        f"in the tests only: {sorted(set(ROW_IDS) - set(table))}")
    for row in ROWS:
        what, outcome = table[row.id]
        assert f"exit {row.exit_code}" in outcome and row.outcome in outcome, (
            f"README says {outcome!r} for {row.id} ({what}); the test expects {row.outcome}")


STEP_PLACES = ("steps", "fixtures")
SUITE_ERROR_NAMES = {"SuiteError", "ServiceTimeout", "ServiceUnreachable", "TransportError",
                     "TestSupportMissing", "ScenarioTextError", "RawRequestsUnsupported",
                     "GatewayError", "ServiceOverloaded", "Exception", "BaseException"}
ALLOWED_HANDLERS = {
    # the periodic state check reads again at the next check: no verdict without an answer
    ("fixtures/bystander.py", "SuiteError"),
    # the probe after an unanswered hostile request: no answer there either re-raises the
    # hostile request's suite error (an error, never a verdict)
    ("fixtures/hostile.py", "SuiteError"),
}


def nested_and_broad(root: Path) -> list[str]:
    """Each ``execute_steps`` call, bare ``except`` and handler of a suite error (or of
    ``Exception``) in steps and fixtures, but those in ``ALLOWED_HANDLERS``."""
    found: list[str] = []
    files = [p for place in STEP_PLACES for p in sorted((root / place).rglob("*.py"))]
    assert files, f"no step or fixture modules under {root}"
    for path in files:
        where = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "execute_steps"):
                found.append(f"{where}:{node.lineno}: execute_steps")
            if isinstance(node, ast.ExceptHandler):
                if node.type is None:
                    found.append(f"{where}:{node.lineno}: bare except")
                    continue
                types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
                for caught in types:
                    name = caught.attr if isinstance(caught, ast.Attribute) else getattr(
                        caught, "id", "")
                    if name in SUITE_ERROR_NAMES and (where, name) not in ALLOWED_HANDLERS:
                        found.append(f"{where}:{node.lineno}: except {name}")
    return found


def test_steps_neither_nest_through_behave_nor_catch_suite_errors() -> None:
    assert nested_and_broad(REPO) == []


def test_the_nesting_check_finds_a_violation(tmp_path: Path) -> None:
    (tmp_path / "steps").mkdir()
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "steps" / "a_steps.py").write_text(
        "def step(context):\n    context.execute_steps('Given x')\n")
    (tmp_path / "fixtures" / "b.py").write_text(
        "def f(send):\n    try:\n        send()\n    except (ValueError, Exception):\n"
        "        return None\n    try:\n        send()\n    except errors.ServiceTimeout:\n"
        "        return 'not refused cleanly'\n    try:\n        send()\n    except:\n"
        "        pass\n")
    assert nested_and_broad(tmp_path) == [
        "steps/a_steps.py:2: execute_steps", "fixtures/b.py:4: except Exception",
        "fixtures/b.py:8: except ServiceTimeout", "fixtures/b.py:12: bare except"]


@contextmanager
def silent_listener() -> Iterator[str]:
    """A loopback listener that accepts and reads, but never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    stop = threading.Event()
    held: list[socket.socket] = []

    listener.settimeout(0.2)
    thread = threading.Thread(target=accept_each, args=(listener, stop, held.append),
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
        thread.join(5)
        for conn in held:
            conn.close()


HOSTILE = RawRequest("create_conversation", "POST", "/v1/conversations", "a malformed body",
                     b"{not json", "application/json", "a-token")


def test_a_hostile_request_without_an_answer_is_a_suite_error() -> None:
    with silent_listener() as url:
        raw = RawRequests(Transport(DriverSettings(base_url=url, read_timeout_s=0.3)))
        with pytest.raises(ServiceTimeout):
            send_all(raw, [HOSTILE])
    raw = RawRequests(Transport(DriverSettings(base_url=closed_port_url(),
                                               connect_timeout_s=1)))
    with pytest.raises(SuiteError) as caught:
        send_all(raw, [HOSTILE])
    assert not isinstance(caught.value, AssertionError)


def test_a_dropped_hostile_request_is_probed_then_sent_once_more(upstream: str) -> None:
    """No answer to a hostile request: ``GET /v1/meta`` unanswered too keeps the suite
    error; a live service gets the request once more, where a second drop is a failure and
    an answer is kept to be judged (real sockets: the proxy in front of the reference)."""

    def over(proxy: HostileProxy, timeout_s: float = 5) -> tuple[RawRequests, Any]:
        transport = Transport(DriverSettings(base_url=proxy.url, read_timeout_s=timeout_s))
        return RawRequests(transport), lambda: transport.send("GET", "/v1/meta")

    with Proxy(upstream, "reset", match=HOSTILE_POST) as proxy:  # every hostile POST
        raw, alive = over(proxy)
        with pytest.raises(ContractViolation, match=(
                r"dropped the connection instead of refusing a malformed body \(twice, "
                r"while it answered other requests\)")):
            send_all(raw, [HOSTILE], alive)
    lines = [f"{r.method} {r.path}" for r in proxy.requests]
    assert lines[0] == HOSTILE_POST and lines[-1] == HOSTILE_POST and "GET /v1/meta" in lines
    with Proxy(upstream, "reset", match=HOSTILE_POST, times=1) as proxy:  # once only
        raw, alive = over(proxy)
        [answer] = send_all(raw, [HOSTILE], alive)
    assert answer.status is not None and proxy.hits == 1, answer.describe()
    with Proxy(upstream, "timeout") as proxy:  # nothing answers, the probe neither
        raw, alive = over(proxy, 0.3)
        with pytest.raises(ServiceTimeout, match="did not answer GET /v1/meta either"):
            send_all(raw, [HOSTILE], alive)
    assert [f"{r.method} {r.path}" for r in proxy.requests] == [HOSTILE_POST, "GET /v1/meta"]


@pytest.mark.slow
def test_a_service_that_breaks_the_bystanders_set_up_never_passes(
        upstream: str, tmp_path: Path) -> None:
    """A 500 to the bystander's settings change (made before any scenario): no exit 0."""
    with Proxy(upstream, "status_500", match="PATCH ", times=1) as proxy:
        run = run_cli(tmp_path, proxy.url, "@S08", {})
    assert proxy.hits == 1, "the bystander's settings change never reached the proxy"
    assert run.results, f"no results.json; output:\n{run.output[-3000:]}"
    assert run.code == 2 and run.results["outcome"] == "error", (
        f"exit {run.code}, outcome {run.results.get('outcome')}\n{run.output[-3000:]}")
    assert "bystander could not be created" in (run.results.get("aborted") or "")
