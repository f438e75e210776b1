"""The fault catalog: docs/fault-catalog.md is the generated one, and it covers every statement.

The registry is read from the reference service's own process (``--list-faults``); the
suite's package never imports the reference. Whether each fault is really killed and
pinpointed is ``tests/test_fault_matrix.py``'s job.
"""

from __future__ import annotations

import json
import subprocess
import sys

from account_conformance.catalog import load_catalog
from account_conformance.cli import main as cli_main
from account_conformance.fault_catalog import TESTABLE, faults_markdown, load_faults
from conftest import REPO

CATALOG_DOC = (REPO / "docs" / "fault-catalog.md").read_text(encoding="utf-8")
FAULTS = load_faults()


def test_the_docs_hold_exactly_the_generated_catalog() -> None:
    generated = CATALOG_DOC[CATALOG_DOC.index("\n| fault |") + 1:]
    assert generated == faults_markdown(FAULTS).strip() + "\n", (
        "docs/fault-catalog.md is out of date: run python docs/update_fault_catalog.py")


def test_every_testable_statement_has_a_fault() -> None:
    uncovered = [s for s in TESTABLE if not any(s in f.statements for f in FAULTS)]
    assert not uncovered, f"no fault breaks {uncovered}"


def test_faults_name_only_testable_statements_of_the_catalog() -> None:
    testable = {s.id for s in load_catalog().statements if s.testable}
    assert testable == set(TESTABLE)
    for fault in FAULTS:
        assert fault.statements, f"{fault.name} names no statement"
        assert set(fault.statements) <= testable, f"{fault.name}: {fault.statements}"
        assert list(fault.statements) == sorted(set(fault.statements)), fault.name
        assert fault.description.strip(), fault.name


def test_list_faults_prints_the_documented_json() -> None:
    done = subprocess.run([sys.executable, "-m", "account_reference", "--list-faults"],
                          capture_output=True, text=True, timeout=60, check=True)
    entries = json.loads(done.stdout)["faults"]
    assert [e["name"] for e in entries] == [f.name for f in FAULTS]
    assert all(set(e) - {"browser"} == {"name", "statements", "description"} for e in entries)
    pages = [e for e in entries if "browser" in e]
    assert pages and all(e["browser"] is True for e in pages)  # only ever said when true
    assert {e["name"] for e in pages} == {f.name for f in FAULTS if f.browser}


def test_faults_command_prints_json_and_markdown(capsys) -> None:
    assert cli_main(["faults", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["faults"]) == len(FAULTS)
    assert cli_main(["faults", "--markdown"]) == 0
    assert capsys.readouterr().out.strip() == faults_markdown(FAULTS)


def test_run_refuses_an_unknown_fault(capsys) -> None:
    assert cli_main(["run", "--fault", "no-such-fault", "--tags", "@S08"]) == 2
    assert "no-such-fault" in capsys.readouterr().err
