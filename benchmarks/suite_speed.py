"""Benchmark: the suite against the embedded reference service, with printed figures.

Prints wall time, scenario count, HTTP request count, the median latency of a single request
measured in the same run, and the ratio wall time ÷ (requests × median latency): how close
the suite runs to the cost of its own requests (1.0 would be pure request time).

    python benchmarks/suite_speed.py [--tags EXPR] [--seed N]
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

from account_conformance.driver import DriverSettings, HttpAccountServiceDriver
from account_conformance.embedded import EmbeddedReference

REPO = Path(__file__).resolve().parents[1]


def median_latency_ms(base_url: str, samples: int = 200) -> float:
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


def main() -> int:
    """Run the suite once against a fresh reference and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tags")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with EmbeddedReference() as service, tempfile.TemporaryDirectory() as report_dir:
        command = [sys.executable, "-m", "account_conformance.cli", "run", "--base-url",
                   service.base_url, "--report-dir", report_dir, "--seed", str(args.seed)]
        if args.tags:
            command += ["--tags", args.tags]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        wall_s = time.perf_counter() - started
        results = json.loads((Path(report_dir) / "results.json").read_text())
        latency_ms = median_latency_ms(service.base_url)
    scenarios = sum(results["scenario_counts"].values())
    requests = results["requests"]
    ratio = wall_s * 1000 / (requests * latency_ms) if requests else float("nan")
    print(f"exit code               {done.returncode}")
    print(f"wall time               {wall_s:.2f} s (behave's own: {results['duration_s']} s)")
    print(f"scenarios               {scenarios} {results['scenario_counts']}")
    print(f"HTTP requests           {requests} ({requests / max(scenarios, 1):.1f} per scenario)")
    print(f"median request latency  {latency_ms:.3f} ms")
    print(f"wall / (requests × median latency) = {ratio:.2f}")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
