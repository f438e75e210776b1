"""The mutation benchmark's machinery (``benchmarks/mutation.py``), and the preflight that
tells a service *without* a test-support operation (no verdict, exit 2) from a service whose
offered test-support operation fails (the service fails, exit 1).

Quick tier: no whole-suite run. The preflight cases run the real CLI against a tiny stub HTTP
server started here — a stand-in for a broken service, not a mock of the reference.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

from account_conformance.contract import contract_version
from account_conformance.driver import DriverSettings, HttpAccountServiceDriver
from account_conformance.preflight import (
    ALWAYS,
    passed,
    render_checklist,
    run_preflight,
    service_failing,
)
from conftest import REPO


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_benchmark",
                                                  REPO / "benchmarks" / "mutation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()


@pytest.fixture(scope="module")
def candidates() -> list:
    return bench.enumerate_mutants(bench.load_exclusions())


# -- what is mutated --------------------------------------------------------------------------
def test_candidates_leave_out_fault_modes_and_test_support(candidates: list) -> None:
    files = {m.file for m in candidates}
    assert "rules.py" in files and "routes/members.py" in files and len(candidates) > 300
    assert not any(f.startswith("faults/") for f in files)
    assert not files & {"routes/test_support.py", "store/runs.py", "store/identities.py",
                        "__main__.py"}
    exclusions = bench.load_exclusions()
    for m in candidates:
        assert exclusions.definition_reason(m.file, m.definition) is None, m.key
    # every excluded definition exists, so the list cannot silently go stale
    package = REPO / "src" / "account_reference"
    for (file, name), _ in exclusions.definitions.items():
        last = name.split(".")[-1]
        assert re.search(rf"^\s*(async def|def|class) {last}\b",
                         (package / file).read_text(encoding="utf-8"), re.M), (file, name)


def test_definitions_excluded_as_fault_mode_code_are_called_only_by_fault_modes() -> None:
    """An exclusion must not hide product code: a function left out as "fault-mode code" is
    called (``x.name``, ``name(``) nowhere in the reference outside ``faults/``."""
    package = REPO / "src" / "account_reference"
    product = {path: path.read_text(encoding="utf-8") for path in package.rglob("*.py")
               if "faults" not in path.relative_to(package).parts}
    fault_only = [(file, name) for (file, name), reason in
                  bench.load_exclusions().definitions.items()
                  if reason.startswith("fault-mode code")]
    assert len(fault_only) >= 5
    for file, name in fault_only:
        uses = [path.name for path, text in product.items()
                for line in text.splitlines()
                if re.search(rf"\.{name}\b|\b{name}\(", line)
                and not re.match(rf"\s*def {name}\b", line)]
        assert uses == [], f"{file}:{name} is excluded as fault-mode code but used by {uses}"


def test_no_annotation_or_unpacking_is_mutated(candidates: list) -> None:
    for m in candidates[:: max(1, len(candidates) // 120)]:  # a spread of them
        original, mutated = bench.mutated_source(m)
        compile(mutated, m.file, "exec")  # every candidate is valid Python
        assert original != mutated
    # each candidate's own code with its own operator (a set zipped with the list paired
    # them by hash order: a failure that came and went with PYTHONHASHSEED)
    assert not [m.key for m in candidates if "->" in m.code and "BitOr" in m.operator]


def test_every_exclusion_and_equivalent_has_a_reason(candidates: list) -> None:
    exclusions = bench.load_exclusions()
    reasons = [*exclusions.files.values(), *exclusions.definitions.values(),
               *exclusions.operators.values()]
    assert reasons and all(len(r.strip()) > 10 for r in reasons)
    equivalents = bench.load_equivalents()
    assert equivalents and all(len(e.reason.strip()) > 10 for e in equivalents)
    assert bench.stale_equivalents(equivalents, candidates) == []


def test_an_equivalent_entry_without_reason_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "equivalent.toml"
    path.write_text('[[equivalent]]\nfile = "app.py"\noperator = "core/AddNot"\n'
                    'code = "if x:"\nreason = " "\n')
    with pytest.raises(ValueError, match="lacks reason"):
        bench.load_equivalents(path)


def test_the_sample_is_fixed_by_its_seed(candidates: list) -> None:
    first = bench.select(candidates, 30, 1)
    assert first == bench.select(candidates, 30, 1) and len(first) == 30
    assert first != bench.select(candidates, 30, 2)


def test_score_is_killed_over_total_less_equivalent_and_stillborn() -> None:
    def result(file: str, outcome: str) -> object:
        return bench.Result(bench.Mutant(file, 1, "core/AddNot", 0, "x", 0), outcome)

    outcomes = ["killed"] * 6 + ["survived", "error", "timeout", "equivalent", "stillborn"]
    results = [result("a.py", o) for o in outcomes] + [result("b.py", "killed")]
    totals = bench.score(results)
    overall = totals["overall"]
    assert overall["total"] == 12 and overall["equivalent"] == 1 and overall["stillborn"] == 1
    assert overall["score"] == round(7 / 10, 4)
    assert overall["score_of_verdicts"] == round(7 / 8, 4)
    assert totals["per_file"]["a.py"]["score"] == round(6 / 9, 4)
    assert totals["per_file"]["b.py"]["score"] == 1.0
    text = bench.render(results, totals, [], 12, "all candidates")
    assert "7 killed / (12 total - 1 equivalent - 1 stillborn) = 70.0%" in text
    assert "survivors:" in text and "errors" in text and "timeouts:" in text
    assert "stillborn (" in text


# -- the preflight: 'not offered' (exit 2) versus 'offered and failing' (exit 1) --------------
class _Stub(BaseHTTPRequestHandler):
    """GET /v1/meta answers as the contract says; everything else as ``mode`` tells."""

    mode = "missing"

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/v1/meta":
            body = json.dumps({"contract_version": contract_version(), "service": "stub",
                               "test_support": self.mode != "meta-off"}).encode()
            status, kind = 200, "application/json"
        elif self.mode == "failing":
            body, status, kind = b"Internal Server Error", 500, "text/plain"
        else:
            body, status, kind = b"Not Found", 404, "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


def _serve(mode: str) -> Iterator[str]:
    handler = type(f"Stub_{mode}", (_Stub,), {"mode": mode})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def missing_stub() -> Iterator[str]:
    yield from _serve("missing")


@pytest.fixture(scope="module")
def failing_stub() -> Iterator[str]:
    yield from _serve("failing")


@pytest.fixture(scope="module")
def meta_off_stub() -> Iterator[str]:
    yield from _serve("meta-off")


def _checks(base_url: str) -> list:
    driver = HttpAccountServiceDriver(DriverSettings(base_url=base_url))
    return run_preflight(driver, "acr-preflight-test", ALWAYS)


def test_preflight_calls_an_operation_not_offered_missing(missing_stub: str,
                                                          meta_off_stub: str) -> None:
    for url in (missing_stub, meta_off_stub):
        checks = _checks(url)
        assert not passed(checks) and not service_failing(checks)
        assert any(c.blocking and "missing" in c.detail for c in checks)
        assert "[MISS]" in render_checklist(checks, url)


def test_preflight_calls_an_offered_operation_answering_500_the_service_failing(
        failing_stub: str) -> None:
    checks = _checks(failing_stub)
    assert passed(checks)  # the run goes on: the service is judged, and fails
    failing = service_failing(checks)
    assert failing and all("500" in c.detail or "not probed" in c.detail for c in failing)
    assert "[FAIL]" in render_checklist(checks, failing_stub)


def _cli_run(tmp_path: Path, base_url: str) -> tuple[int, dict, str]:
    report = tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "account_conformance.cli", "run", "--base-url", base_url,
         "--report-dir", str(report), "--tags", "@S01", "--seed", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    results_file = report / "results.json"
    results = json.loads(results_file.read_text()) if results_file.is_file() else {}
    return done.returncode, results, done.stdout + done.stderr


def test_run_against_a_service_without_test_support_exits_2(tmp_path: Path,
                                                             missing_stub: str) -> None:
    code, results, output = _cli_run(tmp_path, missing_stub)
    assert code == 2, output[-2000:]
    assert "preflight failed" in output and "missing" in output
    assert results["outcome"] == "error"


def test_run_against_a_failing_test_support_operation_exits_1(tmp_path: Path,
                                                              failing_stub: str) -> None:
    code, results, output = _cli_run(tmp_path, failing_stub)
    assert code == 1, output[-2000:]
    assert results["outcome"] == "fail" and "run_error" not in results
    verdicts = {s["id"]: s["verdict"] for s in results["statements"]}
    assert verdicts["S01"] == "fail"
    failed = [s for s in results["scenarios"] if s["status"] == "failed"]
    assert failed and all("500" in s["message"] for s in failed)
