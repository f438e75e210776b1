"""Flake gate: the clean suite, run many times with new data each time, must agree with itself.

Starts one clean reference service and runs the whole suite against it ``--runs`` times
(default 20), each run with its own seed (so new generated people, organizations and
domains every time) and each as a user runs it (``account-conformance run --base-url``, a
child process). Every run must give the same per-statement verdicts, and those must be a
pass for every testable statement. Prints the runs, the number of distinct verdict sets and
the wall time; exits 0 when the gate holds, 1 when it does not.

    python benchmarks/flake_gate.py [--runs N] [--first-seed N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from account_conformance.catalog import load_catalog
from account_conformance.embedded import EmbeddedReference
from account_conformance.fault_matrix import SuiteRun, run_suite

REPO = Path(__file__).resolve().parents[1]


def verdict_set(run: SuiteRun) -> tuple[tuple[str, str], ...]:
    """A run's per-statement verdicts, as a hashable value."""
    return tuple(sorted(run.verdicts.items()))


def gate(runs: list[SuiteRun]) -> list[str]:
    """Why the runs do not pass the gate (empty when they do)."""
    problems = []
    testable = load_catalog().testable_ids
    distinct = {verdict_set(run) for run in runs}
    if len(distinct) != 1:
        problems.append(f"{len(distinct)} distinct verdict sets across {len(runs)} runs")
    for number, run in enumerate(runs, 1):
        failing = {s: v for s, v in run.verdicts.items() if s in testable and v != "pass"}
        if run.exit_code != 0 or failing or not run.verdicts:
            problems.append(f"run {number}: exit {run.exit_code}, not passing: {failing or '?'}"
                            f" (report {run.report_dir})")
    return problems


def main() -> int:
    """Run the gate and print its figures; 0 when every run agrees and passes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="how many runs (default 20)")
    parser.add_argument("--first-seed", type=int, default=1000,
                        help="seed of the first run; each next run adds 1 (default 1000)")
    args = parser.parse_args()
    runs: list[SuiteRun] = []
    started = time.perf_counter()
    with EmbeddedReference() as service, tempfile.TemporaryDirectory() as workdir:
        for number in range(args.runs):
            seed = args.first_seed + number
            run = run_suite(service.base_url, Path(workdir) / f"run-{number + 1:02d}", seed,
                            cwd=REPO)
            runs.append(run)
            print(f"run {number + 1:>2}  seed {seed}  exit {run.exit_code}  "
                  f"{run.wall_s:>6.2f} s  not passing: {run.failing() or 'none'}", flush=True)
        problems = gate(runs)
    wall_s = time.perf_counter() - started
    print(f"runs                  {len(runs)}")
    print(f"distinct verdict sets {len({verdict_set(run) for run in runs})}")
    print(f"wall time             {wall_s:.1f} s ({wall_s / max(len(runs), 1):.2f} s per run)")
    for problem in problems:
        print(f"FLAKY: {problem}")
    print("flake gate:", "FAIL" if problems else "pass")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
