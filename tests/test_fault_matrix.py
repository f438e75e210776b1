"""Every check can fail: the suite against the reference service with each fault mode.

For every fault in the reference's registry (``python -m account_reference --list-faults``)
the reference runs as its own process with only that fault on, and the suite runs against
it over HTTP, as a user runs it. The whole matrix is computed once (two runs at a time),
then each fault is asserted on its own, so a failure names the fault:

* killed — at least one statement the fault lists fails;
* pinpointed — no statement outside its list fails, errors or goes unrun.

The clean baseline (no fault: every testable statement passes) runs in the same matrix;
``tests/test_suite_run.py`` checks the clean run's report in detail. The matrix is written
as JSON under pytest's temporary directory; totals and wall time are printed.
"""

from __future__ import annotations

import json

import pytest

from account_conformance.fault_catalog import TESTABLE, load_faults
from account_conformance.fault_matrix import FaultMatrix, FaultOutcome, compute_matrix
from conftest import REPO, say

SEED = 20261126
WORKERS = 2
FAULTS = load_faults()



@pytest.fixture(scope="module")
def matrix(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> FaultMatrix:
    """The clean baseline and every fault, run once for the whole module."""
    workdir = tmp_path_factory.mktemp("fault-matrix")
    computed = compute_matrix(FAULTS, workdir, SEED, workers=WORKERS, cwd=REPO)
    path = computed.write(workdir / "fault-matrix.json")
    totals = computed.totals()
    say(request, f"\nfault matrix: {totals['faults']} faults, {totals['killed']} killed, "
                  f"{totals['pinpointed']} pinpointed, clean baseline "
                  f"{'passes' if totals['baseline_clean'] else 'FAILS'}; seed {SEED}; "
                  f"wall {totals['wall_s']} s with {WORKERS} workers; written to {path}")
    return computed


def _outcome(matrix: FaultMatrix, fault: str) -> FaultOutcome:
    outcome = matrix.by_fault().get(fault)
    assert outcome is not None, f"no run for {fault}"
    return outcome


def _detail(outcome: FaultOutcome) -> str:
    return (f"fault {outcome.fault} lists {outcome.listed}; verdicts that are not a pass: "
            f"{outcome.run.failing()}; exit {outcome.run.exit_code}; report "
            f"{outcome.run.report_dir}\n{outcome.run.output_tail[-1500:]}")


def test_the_registry_is_large_enough_and_names_only_testable_statements() -> None:
    assert len(FAULTS) >= 32, len(FAULTS)
    assert len({f.name for f in FAULTS}) == len(FAULTS)
    for fault in FAULTS:
        assert fault.statements and set(fault.statements) <= set(TESTABLE), fault


def test_without_a_fault_every_testable_statement_passes(matrix: FaultMatrix) -> None:
    baseline = matrix.baseline
    assert baseline.run.exit_code == 0, _detail(baseline)
    assert all(baseline.run.verdicts.get(s) == "pass" for s in TESTABLE), _detail(baseline)


@pytest.mark.parametrize("fault", [f.name for f in FAULTS])
def test_fault_is_killed(matrix: FaultMatrix, fault: str) -> None:
    outcome = _outcome(matrix, fault)
    assert outcome.killed, "no listed statement fails: " + _detail(outcome)
    assert outcome.run.exit_code == 1, _detail(outcome)


@pytest.mark.parametrize("fault", [f.name for f in FAULTS])
def test_fault_is_pinpointed(matrix: FaultMatrix, fault: str) -> None:
    outcome = _outcome(matrix, fault)
    assert outcome.pinpointed, (f"statements outside the list do not pass: {outcome.strays()}; "
                                + _detail(outcome))


def test_the_matrix_file_has_every_fault(matrix: FaultMatrix, tmp_path_factory) -> None:
    data = json.loads(json.dumps(matrix.as_dict()))
    assert [f["fault"] for f in data["faults"]] == [f.name for f in FAULTS]
    assert data["totals"]["faults"] == len(FAULTS)
