"""Benchmark: what the screen scenarios (``@browser``) cost, with printed figures.

Runs ``account-conformance run --browser --tags @browser`` against a reference service in its
own process (one worker: one browser, a fresh context per scenario) and prints, from the run's
results.json:

1. per screen scenario (median, mean, slowest; the HTTP set-up steps of its Background
   included) — goal ≤ 1.5 s per browser scenario on the 2-core machine;
2. the command's wall time, and the share of it the scenarios take (the rest: start-up,
   preflight, the browser's launch).

    python benchmarks/browser_speed.py [--seed N] [--repeat K]

Exits 2 when no browser is found (apt-get install chromium; pip install
'account-conformance[browser]').
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from account_conformance.driver.ui import find_browser, playwright_available
from account_conformance.embedded import EmbeddedReference

REPO = Path(__file__).resolve().parents[1]
GOAL_S = 1.5


def run(base_url: str, seed: int, report_dir: Path) -> tuple[float, dict]:
    """One CLI run of the screen scenarios; its wall time and results.json."""
    command = [sys.executable, "-m", "account_conformance.cli", "run", "--base-url", base_url,
               "--browser", "--tags", "@browser", "--report-dir", str(report_dir),
               "--seed", str(seed), "--format", "null", "--workers", "1"]
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    return wall, json.loads((report_dir / "results.json").read_text(encoding="utf-8"))


def main() -> int:
    """Run and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--repeat", type=int, default=1, help="runs to take the median of")
    args = parser.parse_args()
    missing = ("no chromium on PATH (apt-get install chromium)" if find_browser(None) is None
               else None if playwright_available()
               else "no playwright (pip install 'account-conformance[browser]')")
    if missing:
        print(f"browser_speed: {missing}", file=sys.stderr)
        return 2
    durations: list[float] = []
    walls: list[float] = []
    with EmbeddedReference() as service, tempfile.TemporaryDirectory() as tmp:
        for index in range(args.repeat):
            wall, results = run(service.base_url, args.seed, Path(tmp) / f"run{index}")
            walls.append(wall)
            screen = [s for s in results["scenarios"] if s.get("browser")]
            not_passed = [s["name"] for s in screen if s["status"] != "passed"]
            if not_passed or not screen:
                print(f"browser_speed: the screen scenarios did not all pass: {not_passed}",
                      file=sys.stderr)
                return 1
            durations += [s["duration_s"] for s in screen]
            browser = results["screen"]["browser"]
    count = len(durations) // args.repeat
    median = statistics.median(durations)
    print(f"browser: {browser}; {count} screen scenarios x {args.repeat} run(s)")
    print(f"command wall time (median of runs, start-up and browser launch included): "
          f"{statistics.median(walls):.2f} s")
    print(f"per screen scenario: median {median:.3f} s, mean {statistics.mean(durations):.3f} s,"
          f" slowest {max(durations):.3f} s (goal <= {GOAL_S} s: "
          f"{'met' if median <= GOAL_S else 'NOT met'})")
    print(f"sum of scenario times / command wall time: "
          f"{sum(durations) / args.repeat / statistics.median(walls):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
