"""Parallel runs, CI shards, and merging their results into one report.

Workers are plain ``python -m behave`` processes, each given a deterministic share of the
selected scenarios (as ``file:line`` locations), its own run prefix (``<prefix>-w<i>``, so
its cleanup never touches another worker's data), its own report directory, and the run's
``--format`` with an outfile of its own (``worker_format.py``; default ``--format null``).
``run_workers`` tells an ``on_part`` callback as each worker finishes. Scenarios
are independent (each has its own data under its own prefix), so any split gives the same
verdicts. ``merge_reports`` folds the parts back into one ``results.json`` (and the other
reports) in the serial run's scenario order, with the completeness check taken over the
whole selection — the same function merges CI shards (``account-conformance merge``).

A worker's part is not a final report: after the worker ends, its ``results.json`` gets
``"part": {"index": i, "of": n}`` and the other report files it wrote (JUnit, Cucumber
JSON, Markdown, HTML, the annotated article) are removed, so a glob over ``**/junit.xml``
counts every result once. ``merge_reports`` refuses, before it writes anything
(``check_mergeable``): the same report twice (same directory, same content, or the same
shard or part), shards of different splits, a mix of worker parts and final reports, worker
parts of different shards, parts of different suites, profiles or selections, and a scenario
reported by two parts.

A worker that ends without results (it crashed, or was killed) does not stop the merge: the
parts that exist are merged, the run is marked ``aborted`` with the worker's exit status and
last output, and the scenarios it did not report are missing (incomplete, exit 2). SIGINT or
SIGTERM to the parent is forwarded to every worker (``interrupts.py``); each ends its
scenario in progress, cleans up and writes its part; the parent merges them, removes the
run prefix and reports the run as aborted (exit 2), with no traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .cleanup import cleanup_command
from .expectations import ExpectedFailure
from .interrupts import Interrupts
from .preflight import passed, render_checklist, required_operations, run_preflight
from .reporting import (
    RESULTS_FILE,
    RunRecorder,
    ScenarioOutcome,
    features_sha256,
    merge_bystander,
    write_results,
)
from .reports import (
    ARTICLE_FILE,
    CUCUMBER_FILE,
    HTML_FILE,
    JUNIT_FILE,
    MARKDOWN_FILE,
    write_reports,
)
from .selection import (
    BROWSER_TAG,
    SelectedScenario,
    feature_files,
    needs_newer_contract,
    plan,
    recorded_shard,
    scenario_key,
    shard_text,
    split,
)
from .worker_format import WorkerFormat

CONSISTENT_FIELDS = ("suite_version", "features_sha256", "catalog_sha256", "profile")
CONSISTENT_SELECTION = ("profile", "tags", "browser")
PART_FIELD = "part"
# the final-report files a worker's part must not keep (results.json and evidence stay)
PART_DROPS = (JUNIT_FILE, CUCUMBER_FILE, MARKDOWN_FILE, HTML_FILE, ARTICLE_FILE)


class MergeError(ValueError):
    """The parts cannot be merged into one report (different suites, missing results)."""


@dataclass(frozen=True)
class Part:
    """One worker's or shard's report directory and its results."""

    directory: Path
    results: dict[str, Any]


OnPart = Callable[[int, int, Part | str], None]
"""Called as each worker finishes: its index, the number of workers, and its part (or why it
wrote none). Called from the thread that waited for that worker."""


def run_workers(root: Path, scenarios: list[SelectedScenario], workers: int,
                userdata: dict[str, str], report_dir: Path,
                interrupts: Interrupts | None = None, *,
                worker_format: WorkerFormat | None = None,
                on_part: OnPart | None = None) -> tuple[list[Part], list[str]]:
    """Run the scenarios in ``workers`` behave processes; their report parts, and why each
    worker that wrote no results failed.

    ``worker_format``: the run's ``--format``/``--outfile``, each worker with an outfile of
    its own (default: ``--format null``); ``on_part``: told as each worker finishes."""
    groups = [group for group in split(scenarios, workers) if group]
    prefix = userdata["run_prefix"]
    # workers run in the suite's folder; a vendor's --driver module lives where we were run
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(Path.cwd()), os.environ.get("PYTHONPATH")]))}

    def work(index: int, group: list[SelectedScenario]) -> Part | str:
        outcome = run_one(index, group)
        if on_part is not None:
            on_part(index, len(groups), outcome)
        return outcome

    def run_one(index: int, group: list[SelectedScenario]) -> Part | str:
        part_dir = report_dir / "workers" / f"w{index}"
        data = {**userdata, "run_prefix": f"{prefix}-w{index}", "report_dir": str(part_dir),
                "quiet": "1", "preflight": "parent"}
        formatter = (worker_format.behave_args(index, part_dir) if worker_format is not None
                     else ["--format", "null"])
        command = [sys.executable, "-m", "behave", *[s.location for s in group],
                   *formatter, "--no-summary", "--no-capture-stderr"]
        for key, value in data.items():
            command += ["-D", f"{key}={value}"]
        if interrupts is not None and interrupts.reason:
            return f"worker {index} not started: {interrupts.reason}"
        process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, env=env)
        if interrupts is not None:
            interrupts.watch(process)
        _, stderr = process.communicate()
        try:
            return mark_part(part_dir, index, len(groups))
        except (OSError, ValueError):
            last = " | ".join(line for line in stderr.strip().splitlines()[-3:])
            return (f"worker {index} wrote no results (exit {process.returncode})"
                    + (f": {last[-500:]}" if last else ""))

    with ThreadPoolExecutor(max_workers=max(1, len(groups))) as pool:
        futures = [pool.submit(work, index, group) for index, group in enumerate(groups, 1)]
        done = [future.result() for future in futures]
    return ([d for d in done if isinstance(d, Part)], [d for d in done if isinstance(d, str)])


def mark_part(part_dir: Path, index: int, of: int) -> Part:
    """Make a worker's report directory a part, not a final report: record
    ``"part": {"index": index, "of": of}`` in its results.json and remove the other report
    files it wrote. OSError or ValueError when it holds no readable results."""
    results = json.loads((part_dir / RESULTS_FILE).read_text(encoding="utf-8"))
    if not isinstance(results, dict):
        raise ValueError(f"{part_dir / RESULTS_FILE} is not a JSON object")
    results[PART_FIELD] = {"index": index, "of": of}
    write_results(results, part_dir)
    for name in PART_DROPS:
        (part_dir / name).unlink(missing_ok=True)
    return Part(part_dir, results)


def read_parts(directories: list[Path]) -> list[Part]:
    """Load the results of report directories (for ``account-conformance merge``)."""
    parts = []
    for directory in directories:
        results_file = directory / RESULTS_FILE
        if not results_file.is_file():
            raise MergeError(f"{directory} holds no {RESULTS_FILE}")
        try:
            results = json.loads(results_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise MergeError(f"{results_file} cannot be read ({exc.__class__.__name__})") \
                from None
        if not isinstance(results, dict) or not isinstance(results.get("scenarios"), list):
            raise MergeError(f"{results_file} is not a suite's results.json")
        parts.append(Part(directory, results))
    return parts


def _slot(part: Part) -> str:
    """Which share of a run a part holds: ``part i/n`` (a worker's), ``shard i/n`` or
    ``the whole run``."""
    marked = part.results.get(PART_FIELD)
    if isinstance(marked, dict):
        return f"part {marked.get('index')}/{marked.get('of')}"
    return _shard_share(part)


def _split(slot: str) -> str:
    """The split a slot belongs to: ``part of 3``, ``shard of 2``, ``whole run``."""
    kind, _, share = slot.partition(" ")
    return f"{kind} of {share.split('/')[1]}" if "/" in share else "whole run"


def _shard_share(part: Part) -> str:
    """The shard a report (or a worker's part) ran: ``shard i/n``, or ``the whole run``."""
    try:
        shard = recorded_shard(part.results)
    except ValueError as exc:
        raise MergeError(f"{part.directory}: {exc}") from None
    return f"shard {shard[0]}/{shard[1]}" if shard else "the whole run"


def _digest(results: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(results, sort_keys=True).encode("utf-8")).hexdigest()


def check_mergeable(parts: list[Part]) -> None:
    """Refuse (``MergeError``, one line) parts that do not make one run's report together:
    the same report twice (same directory, same content, same shard or part), shards of
    different splits (or worker parts mixed with final reports, or worker parts of different
    shards), different suites, profiles or selections, or one scenario reported by two
    parts."""
    seen: dict[str, Path] = {}
    for part in parts:
        for key, what in ((f"dir:{part.directory.resolve()}", "the same directory"),
                          (f"sha:{_digest(part.results)}", "the same results")):
            if key in seen:
                raise MergeError(f"{part.directory} and {seen[key]} are {what}: "
                                 "a report given twice")
            seen[key] = part.directory
    slots = [_slot(part) for part in parts]
    splits = sorted({_split(slot) for slot in slots})
    if len(splits) > 1:
        listed = ", ".join(f"{part.directory} ({slot})"
                           for part, slot in zip(parts, slots, strict=True))
        raise MergeError(f"shards of different splits ({' vs '.join(splits)}): {listed}")
    if splits[0].startswith("part "):  # worker parts: of one run, so of one shard
        shares = [_shard_share(part) for part in parts]
        if len(set(shares)) > 1:
            listed = ", ".join(f"{part.directory} ({share})"
                               for part, share in zip(parts, shares, strict=True))
            raise MergeError(f"worker parts of different shards: {listed}")
    for position, slot in enumerate(slots):
        if slot in slots[:position]:
            other = parts[slots.index(slot)].directory
            raise MergeError(f"{parts[position].directory} and {other} are both {slot}: "
                             "the same share given twice")
    first = parts[0]
    for part in parts[1:]:
        fields = [(name, part.results.get(name), first.results.get(name))
                  for name in CONSISTENT_FIELDS]
        fields += [(f"selection {name}", part.results.get("selection", {}).get(name),
                    first.results.get("selection", {}).get(name))
                   for name in CONSISTENT_SELECTION]
        for name, mine, theirs in fields:
            if mine != theirs:
                raise MergeError(f"{part.directory}: {name} differs from {first.directory} "
                                 f"({mine!r} vs {theirs!r})")
    owner: dict[str, Path] = {}
    for part in parts:
        for entry in part.results["scenarios"]:
            key = scenario_key(str(entry.get("feature")), str(entry.get("name")))
            if owner.setdefault(key, part.directory) != part.directory:
                raise MergeError(f"scenario {key!r} is in both {owner[key]} and "
                                 f"{part.directory}: overlapping shares")


def _copy_evidence(part_index: int, part: Part, scenario: dict[str, Any],
                   out_dir: Path, field: str = "evidence_file") -> str | None:
    """Copy a part's evidence file (or ``field``: the screenshot) into the merged report."""
    source = scenario.get(field)
    if not source:
        return None
    target = Path("evidence") / f"p{part_index}-{Path(source).name}"
    if (part.directory / source).is_file() and part.directory != out_dir:
        (out_dir / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(part.directory / source, out_dir / target)
        return target.as_posix()
    return source


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def merge_reports(parts: list[Part], selected: list[SelectedScenario], out_dir: Path, *,
                  run_prefix: str, tags: str | None, left_over: dict[str, int] | None = None,
                  target: str | None = None,
                  shard: tuple[int, int] | None = None, aborted: str | None = None,
                  cleanup: str | None = None,
                  newer_contract: dict[str, str] | None = None) -> dict[str, Any]:
    """One results.json (plus JUnit, Markdown, HTML) from the parts, over the whole selection.

    ``aborted``: why the run was cut short (a signal, a worker without results), joined with
    any part's own; ``cleanup``: the ``cleanup_command`` (default: from the parts')."""
    if not parts:
        raise MergeError("nothing to merge")
    check_mergeable(parts)
    first = parts[0].results
    out_dir.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for index, part in enumerate(parts, 1):
        for entry in part.results["scenarios"]:
            outcomes.append(ScenarioOutcome.from_dict(
                entry, _copy_evidence(index, part, entry, out_dir),
                _copy_evidence(index, part, entry, out_dir, "screenshot")))
    order = {scenario.key: position for position, scenario in enumerate(selected)}
    outcomes.sort(key=lambda o: order.get(o.key, len(order)))
    expectations = {row["id"]: ExpectedFailure(row["id"], row["expected_failure"])
                    for row in first["statements"] if row.get("expected_failure")}
    recorder = RunRecorder(
        target=target or first["target"], seed=first["seed"], run_prefix=run_prefix,
        profile=first["profile"], tags=tags, expectations=expectations,
        features_digest=first["features_sha256"], contract_version=first["contract_version"],
        selected=[s.key for s in selected], outcomes=outcomes,
        started=min(_when(p.results["started_at"]) for p in parts))
    _newer_of_parts(recorder, parts, newer_contract)
    recorder.finished = max(_when(p.results["finished_at"]) for p in parts)
    recorder.shard = shard
    browsers = [p.results.get("screen", {}).get("browser") for p in parts]
    recorder.browser = next((b for b in browsers if b), None)
    firsts = [p.results.get("first_scenario_at") for p in parts]
    recorder.first_scenario_at = min((_when(f) for f in firsts if f), default=None)
    recorder.requests = sum(p.results["requests"] for p in parts)
    for part in parts:
        recorder.count_created(part.results["cleanup"].get("created") or {})
    recorder.left_over = left_over if left_over is not None else _sum_left(parts)
    errors = [p.results["run_error"] for p in parts if p.results.get("run_error")]
    recorder.run_error = "; ".join(errors) or None
    recorder.bystander = merge_bystander([p.results.get("bystander") for p in parts])
    reasons = [aborted] if aborted else []
    reasons += sorted({p.results["aborted"] for p in parts if p.results.get("aborted")})
    recorder.aborted = "; ".join(reasons) or None
    recorder.cleanup_command = cleanup or first.get("cleanup_command")
    if cleanup is None and recorder.cleanup_command:  # shards: their own prefixes' command
        recorder.cleanup_command = recorder.cleanup_command.replace(
            first["run_prefix"], run_prefix)
    transports = [p.results["transport"] for p in parts if p.results.get("transport")]
    if transports:
        recorder.transport = {key: sum(t.get(key, 0) for t in transports)
                              for key in transports[0]}
    results = recorder.results()
    seeds = sorted({p.results["seed"] for p in parts})
    if len(seeds) > 1:
        results["part_seeds"] = seeds
    results["parts"] = len(parts)
    write_results(results, out_dir)
    write_reports(results, out_dir)
    return results


def _newer_of_parts(recorder: RunRecorder, parts: list[Part],
                    newer_contract: dict[str, str] | None) -> None:
    """The scenarios left out for a newer contract (the parent's, and each part's own, as a
    merge of shards has them) are not part of the selection the merged report checks."""
    recorder.newer_contract = dict(newer_contract or {})
    for part in parts:
        for entry in (part.results.get("contract") or {}).get("not_run", []):
            recorder.newer_contract.setdefault(entry["scenario"], entry["reason"])
    recorder.selected = [key for key in recorder.selected
                         if key not in recorder.newer_contract]


def _sum_left(parts: list[Part]) -> dict[str, int] | None:
    total: dict[str, int] = {}
    for part in parts:
        left = part.results["cleanup"].get("left_after_scenarios")
        if left is None:
            return None
        for kind, count in left.items():
            total[kind] = total.get(kind, 0) + count
    return total


def _preflight_failure(selected: list[SelectedScenario], report_dir: Path, config: Any,
                       tags: str | None, *, target: str, checks: list,
                       shard: tuple[int, int] | None, features_dir: Path) -> dict[str, Any]:
    """The report of a run that preflight stopped: nothing ran, exit 2."""
    reason = "preflight failed: " + "; ".join(
        f"{c.name}: {c.detail}" for c in checks if not c.ok)
    return no_run_report(selected, report_dir, config, tags, target=target, reason=reason,
                         shard=shard, features_dir=features_dir)


def no_run_report(selected: list[SelectedScenario], report_dir: Path, config: Any,
                  tags: str | None, *, target: str, reason: str,
                  shard: tuple[int, int] | None, features_dir: Path,
                  aborted: str | None = None, base_url: str | None = None) -> dict[str, Any]:
    """The report of a run in which no scenario ran (``reason``: why), exit 2."""
    recorder = RunRecorder(target=target, seed=config.seed, run_prefix=config.run_prefix,
                           profile=config.profile, tags=tags,
                           selected=[s.key for s in selected], shard=shard,
                           features_digest=features_sha256(feature_files(features_dir)))
    recorder.run_error = reason
    recorder.aborted = aborted
    recorder.browser = getattr(config, "browser", None)
    recorder.cleanup_command = cleanup_command(base_url or config.base_url or target,
                                               config.run_prefix, config.driver)
    for scenario in selected:  # as a serial run records them: every one an error
        feature, _, name = scenario.key.partition(":")
        recorder.add(ScenarioOutcome(name=name, feature=feature, location=scenario.location,
                                     statements=scenario.statements, status="error",
                                     message=recorder.run_error))
    results = recorder.results()
    write_results(results, report_dir)
    write_reports(results, report_dir)
    return results


def default_workers(base_url: str | None, cpu_count: int) -> int:
    """Serial on this machine (embedded or loopback: the service shares our cores and is
    CPU-bound); more workers than cores for a remote URL, where latency is the limit."""
    host = (urlsplit(base_url).hostname or "") if base_url else ""
    if not base_url or host == "localhost" or host.startswith("127.") or host == "::1":
        return 1
    return min(16, max(2, 4 * cpu_count))


def run_distributed(root: Path, userdata: dict[str, str], report_dir: Path, *,
                    workers: int, shard: tuple[int, int] | None,
                    tags: str | None, interrupts: Interrupts | None = None,
                    worker_format: WorkerFormat | None = None,
                    on_part: OnPart | None = None) -> dict[str, Any]:
    """Run (a shard of) the suite in ``workers`` processes and write one merged report
    (``worker_format``, ``on_part``: as ``run_workers``)."""
    from .config import SuiteConfig
    from .driver import load_driver
    from .embedded import EmbeddedReference

    config = SuiteConfig.load(userdata)
    userdata = {**userdata, "seed": str(config.seed), "run_prefix": config.run_prefix}
    userdata.pop("faults", None)
    selected = plan(root / "features", config.profile, tags, shard,
                    browser=config.browser is not None)
    if shard:
        userdata["shard"] = shard_text(shard)
    embedded = EmbeddedReference(faults=config.faults) if config.embedded else None
    base_url = embedded.start() if embedded else str(config.base_url)
    userdata["base_url"] = base_url
    try:
        driver = load_driver(config.driver_settings(base_url), config.driver)
        statements = {sid for scenario in selected for sid in scenario.statements}
        checks = run_preflight(driver, config.run_prefix, required_operations(
            statements, sign_in_link=_signs_browsers_in(config, selected)))
        print(render_checklist(checks, base_url), file=sys.stderr)
        if not passed(checks):
            return _preflight_failure(selected, report_dir, config, tags, target=base_url,
                                      checks=checks, shard=shard,
                                      features_dir=root / "features")
        newer = _newer_contract(driver, selected)
        selected = [s for s in selected if s.key not in newer]
        left: dict[str, int] | None = None
        try:
            driver.remove_run_data(config.run_prefix)
        except AssertionError:  # preflight marked it FAIL: the scenarios will fail
            pass
        parts, failures = run_workers(root, selected, max(1, workers), userdata, report_dir,
                                      interrupts, worker_format=worker_format,
                                      on_part=on_part)
        try:
            left = driver.remove_run_data(config.run_prefix)
        except Exception as exc:  # noqa: BLE001 - any failure: leftovers unknown, run reported
            failures.append(f"the run's cleanup failed: {exc.__class__.__name__}: "
                            f"{str(exc)[:200]}")
            left = None
    finally:
        if embedded:
            embedded.stop()
    target = f"embedded reference service at {base_url}" if embedded else base_url
    reason = interrupts.reason if interrupts is not None else None
    aborted = "; ".join(([reason] if reason else []) + failures) or None
    command = cleanup_command(base_url, config.run_prefix, config.driver)
    if not parts:
        return no_run_report(selected, report_dir, config, tags, target=target,
                             reason=aborted or "no worker ran", shard=shard,
                             features_dir=root / "features", aborted=aborted,
                             base_url=base_url)
    return merge_reports(parts, selected, report_dir, run_prefix=config.run_prefix, tags=tags,
                         left_over=left, target=target, shard=shard, aborted=aborted,
                         cleanup=command, newer_contract=newer)


def _signs_browsers_in(config: Any, selected: list[SelectedScenario]) -> bool:
    """Whether the run's screen scenarios sign browsers in with the sign-in link."""
    if config.browser is None or not any(BROWSER_TAG in s.tags for s in selected):
        return False
    from .driver.ui import default_locator_file, load_locators

    try:
        return "{sign_in_link}" in load_locators(
            config.ui_locators or default_locator_file()).sign_in
    except (OSError, ValueError):  # the workers report the bad locator file
        return False


def _newer_contract(driver: Any, selected: list[SelectedScenario]) -> dict[str, str]:
    """Scenario key -> why it needs a newer contract than the service reports."""
    version = driver.service_info().contract_version
    return {s.key: reason for s in selected
            if (reason := needs_newer_contract(s.tags, version)) is not None}
