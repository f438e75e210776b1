"""Every check can fail: the suite against the reference service with each fault mode.

For every fault in the reference's registry (``python -m account_reference --list-faults``)
the reference runs as its own process with only that fault on, and the suite runs against
it over HTTP, as a user runs it. The whole matrix is computed once (two runs at a time),
then each fault is asserted on its own, so a failure names the fault:

* killed — at least one statement the fault lists fails;
* pinpointed — no statement outside its list fails, errors or goes unrun;
* worded — every failed scenario's message reads ``<what>: expected …; actual …`` in
  domain words (``tests/message_rules.py``), as the console's failure block shows it.

The clean baseline (no fault: every testable statement passes) and ``merge-accepted`` are
the session's shared whole-suite runs (``suite_runs`` in conftest.py, also used by
``tests/test_suite_run.py``, which checks the clean run's report in detail); they join the
matrix's pool like any other fault. A line is printed as each fault finishes; the matrix is
written as JSON under pytest's temporary directory, and its totals and wall time printed.

Tiers: the registry check is quick; everything that needs the matrix is ``slow`` and
``matrix`` (``pytest -m "not matrix"`` runs all but this).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from account_conformance.catalog import load_catalog
from account_conformance.fault_catalog import FaultMode, load_faults
from account_conformance.fault_matrix import (
    FaultMatrix,
    FaultOutcome,
    SuiteRun,
    compute_matrix,
    first_failure_lines,
    run_fault,
)
from conftest import BROWSER_MISSING, REPO, SEED, SuiteRuns, say
from message_rules import problems

WORKERS = 2
FAULTS = [f for f in load_faults() if not f.browser or BROWSER_MISSING is None]
"""Every fault; the page's (``browser``, run with ``--browser``) where a browser is installed
(CI always: ``tests/test_screen.py`` fails there without one)."""
TESTABLE = load_catalog().testable_ids
SHARED = {None, "merge-accepted"}
"""Runs the session already shares (conftest's ``suite_runs``): reused, not repeated."""


@pytest.fixture(scope="module")
def matrix(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           suite_runs: SuiteRuns) -> FaultMatrix:
    """The clean baseline and every fault, run once for the whole module."""
    workdir = tmp_path_factory.mktemp("fault-matrix")
    finished: list[str] = []

    def runner(fault: FaultMode | None) -> FaultOutcome:
        name = fault.name if fault else None
        if name not in SHARED:
            return run_fault(fault, workdir, SEED, cwd=REPO)
        shared = suite_runs.get(name)
        run = SuiteRun(shared.code, shared.verdicts, str(shared.report_dir), shared.wall_s,
                       shared.output[-2000:], first_failure_lines(shared.results))
        return FaultOutcome(name, list(fault.statements) if fault else [], run)

    def progress(outcome: FaultOutcome) -> None:
        finished.append(outcome.fault or "clean")
        verdict = ("clean baseline " + ("passes" if outcome.pinpointed else "FAILS")
                   if outcome.fault is None else
                   f"{'killed' if outcome.killed else 'NOT KILLED'}, "
                   f"{'pinpointed' if outcome.pinpointed else 'NOT PINPOINTED'}")
        say(request, f"[fault matrix {len(finished)}/{len(FAULTS) + 1}] "
                     f"{outcome.fault or 'clean'}: {verdict} ({outcome.run.wall_s} s)")

    say(request, f"[fault matrix] {len(FAULTS)} faults and the clean baseline, "
                 f"{WORKERS} at a time")
    computed = compute_matrix(FAULTS, workdir, SEED, workers=WORKERS, cwd=REPO,
                              progress=progress, runner=runner)
    path = computed.write(workdir / "fault-matrix.json")
    totals = computed.totals()
    say(request, f"fault matrix: {totals['faults']} faults, {totals['killed']} killed, "
                  f"{totals['pinpointed']} pinpointed, clean baseline "
                  f"{'passes' if totals['baseline_clean'] else 'FAILS'}; seed {SEED}; "
                  f"wall {totals['wall_s']} s with {WORKERS} workers; written to {path}")
    return computed


def _outcome(matrix: FaultMatrix, fault: str) -> FaultOutcome:
    """The matrix's outcome for ``fault``."""
    outcome = matrix.by_fault().get(fault)
    assert outcome is not None, f"no run for {fault}"
    return outcome


def _detail(outcome: FaultOutcome) -> str:
    """What a failing assertion shows: the fault, its verdicts, exit code and output."""
    return (f"fault {outcome.fault} lists {outcome.listed}; verdicts that are not a pass: "
            f"{outcome.run.failing()}; exit {outcome.run.exit_code}; report "
            f"{outcome.run.report_dir}\n{outcome.run.output_tail[-1500:]}")


def test_the_registry_is_large_enough_and_names_only_testable_statements() -> None:
    assert len(FAULTS) >= 32, len(FAULTS)
    assert len({f.name for f in FAULTS}) == len(FAULTS)
    for fault in FAULTS:
        assert fault.statements and set(fault.statements) <= set(TESTABLE), fault


@pytest.mark.slow
@pytest.mark.matrix
def test_without_a_fault_every_testable_statement_passes(matrix: FaultMatrix) -> None:
    baseline = matrix.baseline
    assert baseline.run.exit_code == 0, _detail(baseline)
    assert all(baseline.run.verdicts.get(s) == "pass" for s in TESTABLE), _detail(baseline)


@pytest.mark.slow
@pytest.mark.matrix
@pytest.mark.parametrize("fault", [f.name for f in FAULTS])
def test_fault_is_killed(matrix: FaultMatrix, fault: str) -> None:
    outcome = _outcome(matrix, fault)
    assert outcome.killed, "no listed statement fails: " + _detail(outcome)
    assert outcome.run.exit_code == 1, _detail(outcome)


@pytest.mark.slow
@pytest.mark.matrix
@pytest.mark.parametrize("fault", [f.name for f in FAULTS])
def test_fault_is_pinpointed(matrix: FaultMatrix, fault: str) -> None:
    outcome = _outcome(matrix, fault)
    assert outcome.pinpointed, (f"statements outside the list do not pass: {outcome.strays()}; "
                                + _detail(outcome))


@pytest.mark.slow
@pytest.mark.matrix
@pytest.mark.parametrize("fault", [f.name for f in FAULTS])
def test_fault_failures_say_expected_and_actual_in_domain_words(matrix: FaultMatrix,
                                                                 fault: str) -> None:
    outcome = _outcome(matrix, fault)
    assert outcome.run.failure_lines, _detail(outcome)
    wrong = {name: (line, problems(line)) for name, line in outcome.run.failure_lines.items()
             if problems(line)}
    assert not wrong, "\n".join(f"{name}\n    {line}\n    {found}"
                                 for name, (line, found) in wrong.items())


@pytest.mark.slow
@pytest.mark.matrix
def test_the_matrix_file_has_every_fault(matrix: FaultMatrix, tmp_path: Path) -> None:
    data = json.loads(matrix.write(tmp_path / "fault-matrix.json").read_text())
    assert [f["fault"] for f in data["faults"]] == [f.name for f in FAULTS]
    assert data["totals"]["faults"] == len(FAULTS) and data["totals"]["seed"] == SEED
    assert data["baseline"]["fault"] is None and data["baseline"]["verdicts"]
