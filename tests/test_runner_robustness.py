"""No false verdicts from the runner: signals, killed runs, plain behave, configuration, reports.

Every case runs the real ``account-conformance`` CLI (or plain ``behave``) as a process
against a real reference process on loopback: SIGTERM and SIGINT in the middle of a run,
serial and with workers, end with cleanup, an incomplete report and exit 2, and leave no
reference process behind; after a SIGKILL of the runner the reference child dies with it
and ``account-conformance cleanup`` removes what the run left; plain ``behave`` exits 2 when
the suite cannot reach a verdict; bad settings and unusable report directories are refused
before any scenario runs. ``ACR_TEST_TREE`` runs the same checks against another checkout
(``git archive HEAD``) to show them failing on the old behaviour.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from account_conformance.embedded import EmbeddedReference
from conftest import REPO

TREE = Path(os.environ.get("ACR_TEST_TREE") or REPO)
ENV = {**os.environ, "PYTHONUNBUFFERED": "1",
       "PYTHONPATH": os.pathsep.join([str(TREE / "src"), str(TREE)])}
WAIT_S = 120.0


def wait_for(predicate: Callable[[], Any], what: str, timeout: float = WAIT_S) -> Any:
    """Bounded polling: the predicate's first truthy value, or fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)  # poll interval of a deadline-bounded wait
    pytest.fail(f"timed out waiting for {what}")


def children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the live processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            state = stat.rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and state != "Z":
            found.append((int(entry.name), command))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class Run:
    """A CLI run in the background; its output collected line by line."""

    def __init__(self, tmp_path: Path, *args: str, session: bool = False) -> None:
        self.report = tmp_path / "report"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "account_conformance.cli", "run", "--report-dir",
             str(self.report), *args], cwd=TREE, env=ENV, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=session)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        """Everything the run printed so far."""
        return "".join(self.lines)

    def reference_pid(self) -> int:
        """The embedded reference child's pid (waits until it is started)."""
        return int(wait_for(lambda: next((pid for pid, cmd in children(self.process.pid)
                                          if "account_reference" in cmd), None),
                            "the embedded reference child"))

    def finish(self) -> tuple[int, dict[str, Any]]:
        """Wait for the run: its exit code and results.json ({} when none)."""
        code = self.process.wait(timeout=WAIT_S)
        self._reader.join(timeout=10)
        results_file = self.report / "results.json"
        results = json.loads(results_file.read_text()) if results_file.is_file() else {}
        return code, results


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "account_conformance.cli", *args], cwd=TREE,
                          env=ENV, capture_output=True, text=True, timeout=WAIT_S)


def scenarios_started(run: Run, count: int) -> Callable[[], bool]:
    return lambda: run.output.count("Scenario") >= count


def assert_interrupted(code: int, results: dict[str, Any], output: str, name: str) -> None:
    assert code == 2, output[-3000:]
    assert results["outcome"] == "error" and results["exit_code"] == 2
    assert results["selection"]["complete"] is False
    assert name in results.get("aborted", ""), results.get("aborted")
    assert results["cleanup"]["left_after_scenarios"] is not None  # the run's cleanup ran
    assert "cleanup --base-url" in results.get("cleanup_command", "")
    assert "Traceback" not in output, output[-3000:]


# --- signals ------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_mid_serial_run_cleans_up_and_reports(tmp_path: Path, sig: signal.Signals
                                                     ) -> None:
    run = Run(tmp_path, "--format", "plain", "--workers", "1")
    reference = run.reference_pid()
    wait_for(scenarios_started(run, 3), "three scenarios to start")
    run.process.send_signal(sig)
    code, results = run.finish()
    assert_interrupted(code, results, run.output, sig.name)
    ran = results["selection"]["executed"]
    assert 0 < ran < results["selection"]["selected"]
    assert (tmp_path / "report" / "conformance.md").is_file()
    assert (tmp_path / "report" / "junit.xml").is_file()
    assert "leftovers of a killed run: account-conformance cleanup" in run.output
    assert not alive(reference), "the embedded reference outlived the run"


@pytest.mark.slow
def test_sigterm_serial_against_a_service_leaves_nothing(tmp_path: Path) -> None:
    """The run's own cleanup ran: ``cleanup`` afterwards finds nothing under the prefix."""
    with EmbeddedReference() as service:
        run = Run(tmp_path, "--base-url", service.base_url, "--format", "plain",
                  "--run-prefix", "acr-sigterm-serial")
        wait_for(scenarios_started(run, 3), "three scenarios to start")
        run.process.send_signal(signal.SIGTERM)
        code, results = run.finish()
        assert_interrupted(code, results, run.output, "SIGTERM")
        again = cli("cleanup", "--base-url", service.base_url, "--run-prefix",
                    "acr-sigterm-serial", "--json")
        assert again.returncode == 0, again.stderr
        assert sum(json.loads(again.stdout.splitlines()[-1])["removed"].values()) == 0


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_with_workers_merges_and_cleans_up(tmp_path: Path, sig: signal.Signals
                                                  ) -> None:
    """SIGTERM to the parent, SIGINT to the whole process group (as a terminal's Ctrl-C)."""
    run = Run(tmp_path, "--workers", "2", "--fault", "merge-accepted", session=True)
    reference = run.reference_pid()
    wait_for(lambda: list((tmp_path / "report" / "workers").glob("w*/evidence/*.txt")),
             "a worker's first failing scenario (evidence written)")
    if sig == signal.SIGINT:
        os.killpg(run.process.pid, sig)
    else:
        run.process.send_signal(sig)
    code, results = run.finish()
    assert_interrupted(code, results, run.output, sig.name)
    assert results.get("parts") == 2 and results["selection"]["executed"] > 0
    assert (tmp_path / "report" / "conformance.html").is_file()
    assert not alive(reference), "the embedded reference outlived the run"


@pytest.mark.slow
def test_sigkill_of_the_runner_kills_the_reference_and_cleanup_removes_leftovers(
        tmp_path: Path) -> None:
    run = Run(tmp_path / "embedded", "--format", "plain")
    reference = run.reference_pid()
    wait_for(scenarios_started(run, 1), "a scenario to start")
    run.process.kill()
    run.finish()
    wait_for(lambda: not alive(reference), "the reference child to die with its parent",
             timeout=30)
    with EmbeddedReference() as service:
        run = Run(tmp_path / "external", "--base-url", service.base_url, "--format", "plain",
                  "--run-prefix", "acr-killed-run")
        wait_for(scenarios_started(run, 2), "two scenarios to start")
        run.process.kill()
        run.finish()
        first = cli("cleanup", "--base-url", service.base_url, "--run-prefix",
                    "acr-killed-run", "--json")
        assert first.returncode == 0, first.stderr
        assert sum(json.loads(first.stdout.splitlines()[-1])["removed"].values()) > 0
        second = cli("cleanup", "--base-url", service.base_url, "--run-prefix",
                     "acr-killed-run", "--json")
        assert sum(json.loads(second.stdout.splitlines()[-1])["removed"].values()) == 0


# --- plain behave ---------------------------------------------------------------------------

def behave(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "behave", "-f", "null", "--no-summary", *args],
                          cwd=TREE, env=ENV, capture_output=True, text=True, timeout=WAIT_S)


def test_plain_behave_service_down_exits_2() -> None:
    done = behave("-D", "base_url=http://127.0.0.1:1", "--tags", "@S09")
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]


def test_plain_behave_nothing_selected_exits_2() -> None:
    done = behave("-n", "no scenario is called like this")
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]


def test_plain_behave_fail_exits_1_and_pass_exits_0(reference_url: str) -> None:
    with EmbeddedReference(faults=["merge-accepted"]) as service:
        failing = behave("-D", f"base_url={service.base_url}", "--tags", "@S04")
    assert failing.returncode == 1, failing.stderr[-2000:]
    passing = behave("-D", f"base_url={reference_url}", "--tags", "@S09")
    assert passing.returncode == 0, passing.stderr[-2000:]


def test_plain_behave_exits_0_when_the_only_failures_are_expected(tmp_path: Path) -> None:
    expected = tmp_path / "expectations.toml"
    expected.write_text('[[expected_failure]]\nstatement = "S04"\n'
                        'reason = "a merge is accepted (known, TICKET-1)"\n')
    with EmbeddedReference(faults=["merge-accepted"]) as service:
        done = behave("-D", f"base_url={service.base_url}", "-D", f"expectations={expected}",
                      "-D", f"report_dir={tmp_path / 'out'}", "--tags", "@S04")
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results["outcome"] == "pass", results["outcome"]
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def test_plain_behave_unknown_key_exits_2_with_a_report(tmp_path: Path) -> None:
    done = behave("-D", "base_ulr=http://127.0.0.1:1", "-D", f"report_dir={tmp_path}")
    assert done.returncode == 2
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["outcome"] == "error" and "'base_ulr'" in results["run_error"]
    assert "nearest valid: 'base_url'" in results["run_error"]


# --- configuration --------------------------------------------------------------------------

def refused(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "account_conformance.cli", "run", *args],
                          cwd=TREE, env={**ENV, **(env or {})}, capture_output=True, text=True,
                          timeout=WAIT_S)
    assert done.returncode == 2, done.stdout[-1000:] + done.stderr[-1000:]
    assert "Scenario" not in done.stdout
    return done.stdout + done.stderr


def test_unknown_settings_are_refused_naming_the_nearest(tmp_path: Path) -> None:
    output = refused("--report-dir", str(tmp_path / "r"),
                     env={"ACCOUNT_SERVICE_TOKN": "x"})
    assert "'ACCOUNT_SERVICE_TOKN'" in output and "'ACCOUNT_SERVICE_TOKEN'" in output
    config = tmp_path / "vendor.toml"
    config.write_text('read_timout_s = 3\n')
    output = refused("--config", str(config))
    assert "'read_timout_s'" in output and "'read_timeout_s'" in output
    results = json.loads((tmp_path / "r" / "results.json").read_text())
    assert results["outcome"] == "error" and "ACCOUNT_SERVICE_TOKN" in results["run_error"]


def test_userinfo_in_the_base_url_is_refused_unechoed(tmp_path: Path) -> None:
    output = refused("--base-url", "http://user:hunter2secret@127.0.0.1:1",
                     "--report-dir", str(tmp_path))
    assert "user-info" in output and "hunter2secret" not in output
    for report in tmp_path.iterdir():
        assert "hunter2secret" not in report.read_text()


def test_cr_lf_in_a_header_is_refused_unechoed() -> None:
    output = refused("--base-url", "http://127.0.0.1:1",
                     env={"ACCOUNT_SERVICE_HEADERS": "X-Key: abc\r\nX-Evil: s3cretvalue"})
    assert "CR, LF" in output and "s3cretvalue" not in output


def test_a_test_support_key_with_a_newline_is_refused_unechoed() -> None:
    output = refused("--base-url", "http://127.0.0.1:1",
                     env={"ACCOUNT_SERVICE_TOKEN": "sk-s3cretvalue\n"})
    assert "test_support_key" in output and "s3cretvalue" not in output


def test_kubernetes_service_variables_are_not_refused_as_settings() -> None:
    """A Service named account-service puts ACCOUNT_SERVICE_SERVICE_HOST and the like into
    every pod: not settings; a misspelt setting still is refused."""
    from account_conformance.config import SuiteConfig

    SuiteConfig.load({}, {"ACCOUNT_SERVICE_SERVICE_HOST": "10.0.0.1",
                          "ACCOUNT_SERVICE_SERVICE_PORT_HTTP": "80",
                          "ACCOUNT_SERVICE_PORT": "tcp://10.0.0.1:80",
                          "ACCOUNT_SERVICE_PORT_80_TCP_ADDR": "10.0.0.1"})
    assert "nearest valid" in refused(env={"ACCOUNT_SERVICE_URLL": "http://127.0.0.1:1"})


def test_require_target_refuses_the_embedded_fallback(tmp_path: Path) -> None:
    output = refused("--require-target", "--report-dir", str(tmp_path))
    assert "require_target" in output and "embedded reference service at" not in output
    refused(env={"ACCOUNT_CONFORMANCE_REQUIRE_TARGET": "true"})


# --- the report directory -------------------------------------------------------------------

def test_report_dir_that_is_a_file_or_holds_a_link_is_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert "not a directory" in refused("--report-dir", str(a_file))
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "evidence").symlink_to(tmp_path)
    assert "symbolic link" in refused("--report-dir", str(linked))


def test_unwritable_report_dir_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes anywhere chmod allows not: /proc refuses even root
        target = Path("/proc/self/fdinfo")
    else:
        target = tmp_path / "ro"
        target.mkdir()
        target.chmod(0o555)
    assert "not writable" in refused("--report-dir", str(target))


def test_stale_report_files_are_removed(tmp_path: Path, reference_url: str) -> None:
    report = tmp_path / "report"
    (report / "evidence").mkdir(parents=True)
    (report / "evidence" / "001-old.txt").write_text("old")
    (report / "junit.xml").write_text("<old/>")
    (report / "results.json").write_text('{"outcome": "pass", "exit_code": 0}')
    (report / "notes.txt").write_text("mine")
    done = subprocess.run([sys.executable, "-m", "account_conformance.cli", "run",
                           "--base-url", "http://127.0.0.1:1", "--report-dir", str(report)],
                          cwd=TREE, env=ENV, capture_output=True, text=True, timeout=WAIT_S)
    assert done.returncode == 2
    assert not (report / "evidence" / "001-old.txt").exists()
    assert "<old/>" not in (report / "junit.xml").read_text()
    assert json.loads((report / "results.json").read_text())["outcome"] == "error"
    assert (report / "notes.txt").read_text() == "mine"


# --- always a report ------------------------------------------------------------------------

CRASHING_DRIVERS = '''
from account_conformance.driver import ContractViolation, HttpAccountServiceDriver

RUN = "acr-crashing-run"


class StepCrash(HttpAccountServiceDriver):
    def switch_account(self, session, account_id):
        raise RecursionError("maximum recursion depth exceeded (a driver bug)")


class CleanupCrash(HttpAccountServiceDriver):
    def remove_run_data(self, prefix):
        if prefix.startswith(RUN + "-") and not prefix.endswith("bystander"):
            raise RecursionError("maximum recursion depth exceeded in cleanup")
        return super().remove_run_data(prefix)


class CleanupViolation(HttpAccountServiceDriver):
    def remove_run_data(self, prefix):
        if prefix.startswith(RUN + "-") and not prefix.endswith("bystander"):
            raise ContractViolation("removal answered 200 {}", None)
        return super().remove_run_data(prefix)


class RunCleanupCrash(HttpAccountServiceDriver):
    calls = 0

    def remove_run_data(self, prefix):
        if prefix == RUN:
            RunCleanupCrash.calls += 1
            if RunCleanupCrash.calls > 2:  # preflight, before the run, after it
                raise KeyError("the driver lost its table")
        return super().remove_run_data(prefix)
'''


def crash_run(tmp_path: Path, base_url: str, driver: str) -> tuple[int, dict[str, Any], str]:
    (tmp_path / "crashing_drivers.py").write_text(CRASHING_DRIVERS)
    report = tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "account_conformance.cli", "run", "--base-url", base_url,
         "--tags", "@S09", "--run-prefix", "acr-crashing-run", "--report-dir", str(report),
         "--driver", f"crashing_drivers:{driver}"], cwd=tmp_path, env=ENV,
        capture_output=True, text=True, timeout=WAIT_S)
    results_file = report / "results.json"
    results = json.loads(results_file.read_text()) if results_file.is_file() else {}
    return done.returncode, results, done.stdout + done.stderr


def test_unexpected_exception_in_a_step_is_an_error(tmp_path: Path, reference_url: str) -> None:
    code, results, output = crash_run(tmp_path, reference_url, "StepCrash")
    assert code == 2, output[-2000:]
    errors = [s for s in results["scenarios"] if s["status"] == "error"]
    assert errors and all("RecursionError" in s["message"] for s in errors)
    assert results["selection"]["executed"] == results["selection"]["selected"]


def test_unexpected_exception_in_scenario_cleanup_keeps_every_outcome(
        tmp_path: Path, reference_url: str) -> None:
    code, results, output = crash_run(tmp_path, reference_url, "CleanupCrash")
    assert code == 2, output[-2000:]
    selection = results["selection"]
    assert selection["executed"] == selection["selected"] > 0
    assert all(s["status"] == "error" and "RecursionError" in s["message"]
               for s in results["scenarios"])
    for name in ("junit.xml", "conformance.md", "conformance.html"):
        assert (tmp_path / "report" / name).is_file()


def test_contract_violation_in_scenario_cleanup_fails_the_scenario(
        tmp_path: Path, reference_url: str) -> None:
    code, results, output = crash_run(tmp_path, reference_url, "CleanupViolation")
    assert code == 1, output[-2000:]
    assert results["selection"]["complete"] is True
    assert all(s["status"] == "failed" and "200 {}" in s["message"]
               for s in results["scenarios"])


def test_unexpected_exception_in_the_run_cleanup_still_reports(
        tmp_path: Path, reference_url: str) -> None:
    code, results, output = crash_run(tmp_path, reference_url, "RunCleanupCrash")
    assert code == 2, output[-2000:]
    assert "KeyError" in results.get("aborted", "") and results["selection"]["complete"] is False
    assert "RunCleanupCrash" not in output or "Traceback" not in output


def empty_answers_proxy(upstream: str, run_prefix: str) -> tuple[Any, str]:
    """A proxy to ``upstream`` that, once the run's own cleanup before the run is done
    (its second removal of the run prefix: preflight, then before the run), answers every
    request with ``200 {}``."""
    import urllib.error
    import urllib.request
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    state = {"removals": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _any(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if state["removals"] >= 2:
                self._send(200, {"Content-Type": "application/json"}, b"{}")
                return
            if self.command == "DELETE" and self.path.endswith(f"/runs/{run_prefix}"):
                state["removals"] += 1
            request = urllib.request.Request(upstream + self.path, data=body or None,
                                             method=self.command, headers={
                                                 k: v for k, v in self.headers.items()
                                                 if k.lower() not in ("host", "connection")})
            try:
                with urllib.request.urlopen(request, timeout=30) as reply:
                    self._send(reply.status, dict(reply.headers), reply.read())
            except urllib.error.HTTPError as exc:
                self._send(exc.code, dict(exc.headers), exc.read())

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection",
                                        "server", "date"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_a_service_answering_200_empty_after_preflight_never_passes(
        tmp_path: Path, reference_url: str) -> None:
    server, url = empty_answers_proxy(reference_url, "acr-empty-answers")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "account_conformance.cli", "run", "--base-url", url,
             "--tags", "@S09 or @S04", "--run-prefix", "acr-empty-answers",
             "--report-dir", str(tmp_path)], cwd=TREE, env=ENV, capture_output=True,
            text=True, timeout=WAIT_S)
    finally:
        server.shutdown()
    results = json.loads((tmp_path / "results.json").read_text())
    assert done.returncode in (1, 2) and results["exit_code"] == done.returncode
    selection = results["selection"]
    assert selection["executed"] == selection["selected"] > 0, selection
    assert not [s for s in results["scenarios"] if s["status"] == "passed"]
    assert "Traceback" not in done.stdout + done.stderr


# --- the run's own cleanup ------------------------------------------------------------------

def test_a_run_whose_final_cleanup_fails_is_not_a_pass(reference_url: str,
                                                        tmp_path: Path) -> None:
    """A 500 to the cleanup after the run (data may be left behind): exit 2, with the reason."""
    from hostile_proxy import HostileProxy

    prefix = "acr-cleanupfail1"
    seen: list[str] = []

    def final_cleanup(line: str) -> bool:
        if line.split("?")[0] != f"DELETE /test-support/runs/{prefix}":
            return False
        seen.append(line)
        return len(seen) > 1  # the first is the cleanup before the run

    with HostileProxy(reference_url, mode="status_502", match=final_cleanup) as proxy:
        proxy.set_mode("rewrite_json", match=final_cleanup, rewrite=lambda body: {"oops": 1})
        done = cli("run", "--base-url", proxy.url, "--tags", "@S08", "--run-prefix", prefix,
                   "--report-dir", str(tmp_path))
    results = json.loads((tmp_path / "results.json").read_text())
    assert proxy.hits >= 1, f"the cleanup after the run never came: {seen}"
    assert done.returncode == 2 and results["outcome"] == "error", done.stderr[-2000:]
    assert f"cleanup of {prefix} failed" in (results.get("aborted") or ""), results.get("aborted")
