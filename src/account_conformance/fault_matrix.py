"""Run the suite as a user does against the reference service, clean or with one fault.

Every run is two processes: the reference service (``EmbeddedReference``, its own process
on a free loopback port) and ``python -m account_conformance.cli run --base-url URL`` (the
suite, over HTTP). The fault matrix runs the suite once per fault mode and records, per
fault, the statement verdicts and whether the fault was

* **killed** — at least one statement the fault lists fails, and
* **pinpointed** — no statement outside its list fails, errors or goes unrun.

``tests/test_fault_matrix.py`` asserts both for every fault; ``benchmarks/flake_gate.py``
uses :func:`run_suite` for repeated clean runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .embedded import EmbeddedReference
from .fault_catalog import FaultMode

QUIET = ("pass", "not_testable")
RUN_TIMEOUT_S = 600.0


@dataclass
class SuiteRun:
    """One run of the suite: its exit code, per-statement verdicts and where it reported."""

    exit_code: int
    verdicts: dict[str, str]
    report_dir: str
    wall_s: float
    output_tail: str = ""
    failure_lines: dict[str, str] = field(default_factory=dict)
    """Each failed scenario's name and the first line of its failure message."""

    def failing(self) -> dict[str, str]:
        """The statements whose verdict is not a pass (nor not-testable)."""
        return {s: v for s, v in self.verdicts.items() if v not in QUIET}


def first_failure_lines(results: dict[str, Any]) -> dict[str, str]:
    """Each failed scenario of a results.json (``location name``) and its message's first
    line: what the console's failure block shows as "why"."""
    return {f"{s['location']} {s['name']}": (s.get("message") or "").strip().split("\n", 1)[0]
            for s in results.get("scenarios", []) if s.get("status") == "failed"}


def run_suite(base_url: str, report_dir: Path, seed: int, cwd: Path | None = None,
              extra: Sequence[str] = ()) -> SuiteRun:
    """Run the whole suite against ``base_url`` in a child process; read its results.json."""
    report_dir.mkdir(parents=True, exist_ok=True)
    # One worker: the reference runs on the same machine, and the matrix itself runs
    # several suites side by side.
    command = [sys.executable, "-m", "account_conformance.cli", "run", "--base-url", base_url,
               "--report-dir", str(report_dir), "--seed", str(seed), "--format", "progress",
               "--workers", "1", *extra]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S)
    wall_s = time.perf_counter() - started
    results_file = report_dir / "results.json"
    verdicts: dict[str, str] = {}
    failure_lines: dict[str, str] = {}
    if results_file.is_file():
        results = json.loads(results_file.read_text(encoding="utf-8"))
        verdicts = {s["id"]: s["verdict"] for s in results["statements"]}
        failure_lines = first_failure_lines(results)
    return SuiteRun(done.returncode, verdicts, str(report_dir), round(wall_s, 2),
                    (done.stdout + done.stderr)[-2000:], failure_lines)


@dataclass
class FaultOutcome:
    """What the suite said about the reference with one fault switched on (or none)."""

    fault: str | None
    listed: list[str]
    run: SuiteRun
    killed: bool = field(init=False)
    pinpointed: bool = field(init=False)

    def __post_init__(self) -> None:
        failing = self.run.failing()
        self.killed = any(self.run.verdicts.get(s) == "fail" for s in self.listed)
        self.pinpointed = bool(self.run.verdicts) and set(failing) <= set(self.listed)

    def strays(self) -> dict[str, str]:
        """Statements outside the fault's list that did not pass."""
        return {s: v for s, v in self.run.failing().items() if s not in self.listed}

    def as_dict(self) -> dict[str, Any]:
        """The outcome's entry in the matrix JSON."""
        return {"fault": self.fault, "listed": self.listed, "killed": self.killed,
                "pinpointed": self.pinpointed, "failing": self.run.failing(),
                "strays": self.strays(), **{k: v for k, v in asdict(self.run).items()
                                            if k != "output_tail"}}


def run_fault(fault: FaultMode | None, workdir: Path, seed: int,
              cwd: Path | None = None, browser: bool = False) -> FaultOutcome:
    """Start a reference with ``fault`` (None: clean), run the suite against it, stop it.

    A fault of the page (``fault.browser``) is run with the screen scenarios (``--browser``),
    as is any run with ``browser``; the others without (their statements rest on HTTP)."""
    name = fault.name if fault else None
    extra = ["--browser"] if browser or (fault is not None and fault.browser) else []
    with EmbeddedReference(faults=[name] if name else []) as service:
        run = run_suite(service.base_url, workdir / (name or "clean"), seed, cwd=cwd,
                        extra=extra)
    return FaultOutcome(name, list(fault.statements) if fault else [], run)


@dataclass
class FaultMatrix:
    """The clean baseline and one outcome per fault, with the wall time of the whole."""

    seed: int
    baseline: FaultOutcome
    outcomes: list[FaultOutcome]
    wall_s: float

    def by_fault(self) -> dict[str, FaultOutcome]:
        """The outcomes keyed by fault name."""
        return {o.fault: o for o in self.outcomes if o.fault}

    def totals(self) -> dict[str, Any]:
        """Counts of killed and pinpointed faults, and the wall time."""
        return {"faults": len(self.outcomes),
                "killed": sum(o.killed for o in self.outcomes),
                "pinpointed": sum(o.pinpointed for o in self.outcomes),
                "baseline_clean": self.baseline.pinpointed and self.baseline.run.exit_code == 0,
                "wall_s": round(self.wall_s, 1), "seed": self.seed}

    def as_dict(self) -> dict[str, Any]:
        """The whole matrix as JSON-ready data."""
        return {"totals": self.totals(), "baseline": self.baseline.as_dict(),
                "faults": [o.as_dict() for o in self.outcomes]}

    def write(self, path: Path) -> Path:
        """Write the matrix as JSON to ``path``."""
        path.write_text(json.dumps(self.as_dict(), indent=2) + "\n", encoding="utf-8")
        return path


def compute_matrix(faults: Sequence[FaultMode], workdir: Path, seed: int, workers: int = 2,
                   cwd: Path | None = None,
                   progress: Callable[[FaultOutcome], None] | None = None,
                   runner: Callable[[FaultMode | None], FaultOutcome] | None = None,
                   ) -> FaultMatrix:
    """Run the clean baseline and every fault, ``workers`` at a time.

    ``runner`` gives one outcome (default :func:`run_fault`); a caller that already has
    some runs (the test session's shared ones) passes a runner that reuses them.
    """
    started = time.perf_counter()
    jobs: list[FaultMode | None] = [None, *faults]

    def one(fault: FaultMode | None) -> FaultOutcome:
        outcome = (runner(fault) if runner is not None
                   else run_fault(fault, workdir, seed, cwd=cwd))
        if progress:
            progress(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, jobs))
    return FaultMatrix(seed, results[0], results[1:], time.perf_counter() - started)
