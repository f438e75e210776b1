"""Exit codes tell 'the service breaks the spec' (1) from 'no verdict' (2) from 'pass' (0).

Each case runs the real CLI as a subprocess against a real endpoint on loopback: a closed
port, a static file server, the reference (clean and with a fault), and bad configuration.
Expectations and profiles are checked the same way. The clean and the ``merge-accepted``
whole-suite runs are the session's shared ones (conftest.py).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from account_conformance.embedded import EmbeddedReference
from conftest import REPO, SuiteRunResult


def run(tmp_path: Path, *args: str,
        env: dict[str, str] | None = None) -> tuple[int, dict, str]:
    """``account-conformance run --report-dir TMP ARGS``: exit code, results.json, output."""
    report = tmp_path / "report"
    done = subprocess.run([sys.executable, "-m", "account_conformance.cli", "run",
                           "--report-dir", str(report), *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600, env=env)
    results_file = report / "results.json"
    results = json.loads(results_file.read_text()) if results_file.is_file() else {}
    return done.returncode, results, done.stdout + done.stderr


@pytest.fixture(scope="module")
def static_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A plain static file server on loopback: reachable, but no account service."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "index.html").write_text("<h1>not an account service</h1>")
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_closed_port_exits_2_naming_the_url(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    code, results, output = run(tmp_path, "--base-url", url)
    assert code == 2
    assert url in output and "preflight failed" in output
    assert results["outcome"] == "error" and results["selection"]["executed"] == 0
    assert {s["verdict"] for s in results["statements"]} <= {"error", "not_testable"}


def test_static_file_server_exits_2(tmp_path: Path, static_site: str) -> None:
    code, _, output = run(tmp_path, "--base-url", static_site)
    assert code == 2 and static_site in output


def test_bad_configuration_exits_2(tmp_path: Path) -> None:
    code, _, output = run(tmp_path, "--base-url", "ftp://nowhere")
    assert code == 2 and "bad configuration" in output
    config = tmp_path / "vendor.toml"
    config.write_text('base_ur = "http://127.0.0.1:1"\n')
    code, _, output = run(tmp_path, "--config", str(config))
    assert code == 2 and "unknown settings" in output


def test_nothing_selected_is_no_verdict(tmp_path: Path, reference_url: str) -> None:
    code, results, _ = run(tmp_path, "--base-url", reference_url, "--tags", "@no_such_tag")
    assert code == 2 and results["selection"]["selected"] == 0


@pytest.mark.slow
def test_clean_reference_exits_0_and_a_fault_exits_1(
        clean_run: SuiteRunResult, merge_accepted_run: SuiteRunResult) -> None:
    assert clean_run.code == 0, clean_run.output[-3000:]
    assert clean_run.results["outcome"] == "pass"
    assert clean_run.results["selection"]["complete"]
    results = merge_accepted_run.results
    assert merge_accepted_run.code == 1 and results["outcome"] == "fail"
    verdicts = merge_accepted_run.verdicts
    assert verdicts["S04"] == "fail" and verdicts["S09"] == "pass"
    failing = [s for s in results["scenarios"] if s["status"] == "failed"]
    assert failing and all(s.get("evidence_file") for s in failing)
    evidence = (merge_accepted_run.report_dir / failing[0]["evidence_file"]).read_text()
    assert "curl -sS -X POST" in evidence and "Bearer $SESSION_TOKEN" in evidence


@pytest.mark.slow
def test_expectations_are_strict(tmp_path: Path) -> None:
    expectations = tmp_path / "expected.toml"
    expectations.write_text('[[expected_failure]]\nstatement = "S04"\n'
                            'reason = "merge bug TICKET-1"\n')
    code, results, _ = run(tmp_path / "a", "--tags", "@S04", "--fault", "merge-accepted",
                           "--expectations", str(expectations))
    verdicts = {s["id"]: s["verdict"] for s in results["statements"]}
    assert code == 0 and verdicts["S04"] == "expected_fail"
    code, results, _ = run(tmp_path / "b", "--tags", "@S04",
                           "--expectations", str(expectations))
    verdicts = {s["id"]: s["verdict"] for s in results["statements"]}
    assert code == 1 and verdicts["S04"] == "unexpected_pass"


@pytest.mark.slow
def test_stated_profile_leaves_out_interpreted_statements(tmp_path: Path) -> None:
    code, results, _ = run(tmp_path, "--tags", "@S04 or @S05", "--profile", "stated")
    verdicts = {s["id"]: s["verdict"] for s in results["statements"]}
    assert code == 0 and verdicts == {**verdicts, "S04": "pass", "S05": "not_run"}
    assert results["profile"] == "stated"
    assert "interpreted" not in results["selection"]["classes"]


@pytest.mark.slow
def test_environment_and_toml_configuration(tmp_path: Path) -> None:
    with EmbeddedReference() as service:
        config = tmp_path / "vendor.toml"
        config.write_text(f'base_url = "{service.base_url}"\nseed = 77\n'
                          'read_timeout_s = 5\n[headers]\nX-Vendor = "yes"\n')
        code, results, _ = run(tmp_path / "toml", "--tags", "@S09", "--config", str(config))
        assert code == 0 and results["seed"] == 77 and service.base_url in results["target"]
        env = {**os.environ, "ACCOUNT_SERVICE_URL": service.base_url,
               "ACCOUNT_CONFORMANCE_SEED": "78"}
        code, results, _ = run(tmp_path / "env", "--tags", "@S09", env=env)
        assert code == 0 and results["seed"] == 78 and service.base_url in results["target"]


def test_stop_ends_at_the_first_failure_and_still_fails(tmp_path: Path) -> None:
    """``--stop`` (the mutation benchmark's quick verdict): exit 1, the run marked incomplete,
    the statements not reached ``not_run``, never ``pass``."""
    code, results, output = run(tmp_path, "--fault", "item-delete-ignores-account", "--stop",
                                "--workers", "1")
    assert code == 1, output[-2000:]
    verdicts = {s["id"]: s["verdict"] for s in results["statements"]}
    assert verdicts["S11"] == "fail"
    assert "pass" not in verdicts.values()
    assert results["selection"]["executed"] < results["selection"]["selected"]
    assert "complete: NO" in output


def test_stop_with_workers_is_refused(tmp_path: Path) -> None:
    code, _results, output = run(tmp_path, "--stop", "--workers", "2")
    assert code == 2 and "--stop needs one serial run" in output
