"""Benchmark: how fast the suite runs, against the reference service, with printed figures.

Figures (goals from the project's issues, for a 2-core machine):

1. serial run (1 worker): wall time ÷ (requests × median single-request latency measured
   in the same run) — how close the suite comes to the cost of its own requests; goal ≤ 2.0;
2. a reference with ``--latency-ms 25`` (remote-like): speedup of 8 workers over 1; goal ≥ 5×
   (skip with ``--quick``);
3. command start to first scenario; goal ≤ 1.5 s;
4. peak memory (max RSS) of the suite's own process, serial and with 8 workers;
5. HTTP requests per scenario.

    python benchmarks/suite_speed.py [--quick] [--tags EXPR] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from account_conformance.driver import DriverSettings, HttpAccountServiceDriver
from account_conformance.embedded import EmbeddedReference

REPO = Path(__file__).resolve().parents[1]


def median_latency_ms(base_url: str, samples: int = 300) -> float:
    """Median wall time of one authenticated read against the running service."""
    driver = HttpAccountServiceDriver(DriverSettings(base_url=base_url))
    session = driver.start_session("bench@acr-benchmark.example.test", "Bench Mark")
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        driver.list_accounts(session)
        times.append((time.perf_counter() - started) * 1000)
    driver.remove_run_data("acr-benchmark")
    driver.close()
    return statistics.median(times)


def run_suite(base_url: str, workers: int, args: argparse.Namespace) -> dict:
    """One CLI run as a child process; its results plus wall time, startup and peak RSS."""
    with tempfile.TemporaryDirectory() as report_dir:
        command = [sys.executable, "-m", "account_conformance.cli", "run", "--base-url",
                   base_url, "--report-dir", report_dir, "--seed", str(args.seed),
                   "--workers", str(workers)]
        if args.tags:
            command += ["--tags", args.tags]
        launched = datetime.now().astimezone()
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall_s = time.perf_counter() - started
        results = json.loads((Path(report_dir) / "results.json").read_text())
    first = results.get("first_scenario_at")
    startup_s = (datetime.fromisoformat(first) - launched).total_seconds() if first else None
    return {"results": results, "wall_s": wall_s, "startup_s": startup_s,
            "exit": os.waitstatus_to_exitcode(status), "max_rss_mb": usage.ru_maxrss / 1024}


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tags")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="skip the 25 ms latency runs")
    args = parser.parse_args()
    with EmbeddedReference() as service:
        serial = run_suite(service.base_url, 1, args)
        latency_ms = median_latency_ms(service.base_url)
    results = serial["results"]
    scenarios = sum(results["scenario_counts"].values())
    requests = results["requests"]
    ratio = serial["wall_s"] * 1000 / (requests * latency_ms)
    print(f"serial run: exit {serial['exit']}, {scenarios} scenarios, {requests} requests "
          f"({requests / max(scenarios, 1):.1f} per scenario)")
    print(f"  wall time               {serial['wall_s']:.2f} s (behave: {results['duration_s']} s)")
    print(f"  median request latency  {latency_ms:.3f} ms")
    print(f"  wall / (requests × median latency) = {ratio:.2f}   (goal <= 2.0)")
    print(f"  command start to first scenario    = {serial['startup_s']:.2f} s (goal <= 1.5)")
    print(f"  peak memory (max RSS), serial      = {serial['max_rss_mb']:.0f} MiB")
    if args.quick:
        return serial["exit"]
    with EmbeddedReference(latency_ms=25) as slow:
        one = run_suite(slow.base_url, 1, args)
        eight = run_suite(slow.base_url, 8, args)
    speedup = one["wall_s"] / eight["wall_s"]
    same = ({s["id"]: s["verdict"] for s in one["results"]["statements"]}
            == {s["id"]: s["verdict"] for s in eight["results"]["statements"]})
    print("reference with --latency-ms 25:")
    print(f"  1 worker  {one['wall_s']:.1f} s (exit {one['exit']})")
    print(f"  8 workers {eight['wall_s']:.1f} s (exit {eight['exit']}), peak memory of the "
          f"parent {eight['max_rss_mb']:.0f} MiB")
    print(f"  speedup of 8 workers over 1 = {speedup:.1f}x   (goal >= 5); same verdicts: {same}")
    return max(serial["exit"], one["exit"], eight["exit"])


if __name__ == "__main__":
    raise SystemExit(main())
