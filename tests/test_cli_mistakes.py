"""User mistakes end in one line and exit 2, never a traceback.

Each case runs the real ``account-conformance`` command as a process: a formatter whose
module is not installed, ``--outfile`` without ``--format``, a base URL with a trailing
space (``run`` and ``preflight``), repeated ``--tags`` (joined with ``and``), a tag
expression that does not parse, ``--workers 0`` and negative, a config file that is not
UTF-8 or is a folder, a report directory that is a file, ``--name`` with workers or matching
no scenario; ``statements --markdown`` into a closed pipe stops quietly; ``run`` from inside
another behave project still runs the installed suite (nothing pins it: ``suite_root`` never
looks at the working folder); ``--format``/``--outfile`` reach behave (its ``json``
formatter writes the file named, relative to where we ran; with workers see
``test_format_with_workers.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

TREE = Path(os.environ.get("ACR_TEST_TREE") or REPO)  # another checkout: show the old failing
ENV = {**os.environ, "PYTHONUNBUFFERED": "1",
       "PYTHONPATH": os.pathsep.join([str(TREE / "src"), str(TREE)])}
COMMAND = [sys.executable, "-m", "account_conformance.cli"]
NOT_UTF8 = "binary.toml is not UTF-8 text"
ONE = "While the domain is restricted to members, a member still signs in through SSO"


def cli(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real command, finished."""
    return subprocess.run([*COMMAND, *args], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=timeout)


def refused(done: subprocess.CompletedProcess[str]) -> str:
    """The one line a refused command printed (asserting exit 2, one line, no traceback)."""
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    assert done.returncode == 2, done.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("account-conformance: "), lines
    return lines[0]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A working folder with a file, a folder, a non-UTF-8 config file."""
    (tmp_path / "a-file").write_text("not a folder\n")
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe base_url = 1\n")
    return tmp_path


MISTAKES = {
    "formatter not installed": (
        ["run", "--format", "allure_behave.formatter:AllureFormatter", "--outfile", "allure"],
        "--format allure_behave.formatter:AllureFormatter: module 'allure_behave' is not "
        "installed"),
    "unknown formatter": (["run", "--format", "fancy"], "--format fancy: unknown formatter"),
    "outfile without format": (["run", "--outfile", "x.json"], "--outfile needs --format"),
    "name with a shard": (["run", "--name", ONE, "--shard", "1/2"],
                          "--name selects scenarios for one serial run"),
    "base url with a trailing space (run)": (
        ["run", "--base-url", "http://127.0.0.1:9 "],
        "--base-url 'http://127.0.0.1:9 ' has leading or trailing whitespace"),
    "base url with a trailing space (preflight)": (
        ["preflight", "--base-url", "http://127.0.0.1:9 "], "bad configuration: base_url"),
    "tags that do not parse": (["run", "--tags", "@S04 and ("], "--tags: tag expression"),
    "second tags that do not parse": (["run", "--tags", "@S04", "--tags", "or"],
                                      "--tags: tag expression '(@S04) and (or)'"),
    "workers 0": (["run", "--workers", "0"], "argument --workers: must be 1 or more, got 0"),
    "workers negative": (["run", "--workers", "-3"], "argument --workers: must be 1 or more"),
    "workers not a number": (["run", "--workers", "two"], "argument --workers: 'two' is not"),
    "config not UTF-8 (run)": (["run", "--config", "binary.toml"], NOT_UTF8),
    "config not UTF-8 (preflight)": (["preflight", "--config", "binary.toml"], NOT_UTF8),
    "config is a folder": (["run", "--config", "a-folder"],
                           "bad configuration: cannot read config file"),
    "report dir is a file": (["run", "--report-dir", "a-file"],
                             "report directory a-file exists and is not a directory"),
    "unknown option": (["run", "--sead", "1"], "unrecognized arguments: --sead 1"),
    "a name that matches no scenario": (
        ["run", "--name", "A Team organization cannot configure single sign-on"],
        "--name “A Team organization cannot configure single sign-on” matches no scenario"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_user_mistake_is_one_line_and_exit_2(folder: Path, mistake: str) -> None:
    args, expected = MISTAKES[mistake]
    line = refused(cli(*args, cwd=folder))
    assert expected in line, line


def test_statements_into_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader (``| head -1``) is gone before the first line is written
    with subprocess.Popen([*COMMAND, "statements", "--markdown"], cwd=tmp_path, env=ENV,
                          stdout=write, stderr=subprocess.PIPE, text=True) as process:
        os.close(write)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0 and stderr == "", stderr


def test_repeated_tags_must_all_hold(tmp_path: Path) -> None:
    done = cli("run", "--tags", "@S19", "--tags", "not @S15", "--report-dir", "out",
               "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert {s["name"] for s in results["scenarios"]} == {
        ONE, "Someone whose individual account is restricted joins and lands in the "
             "organization account through SSO"}


def test_run_inside_another_behave_project_runs_the_installed_suite(tmp_path: Path) -> None:
    (tmp_path / "features" / "steps").mkdir(parents=True)
    (tmp_path / "environment.py").write_text("raise SystemExit('the other project ran')\n")
    (tmp_path / "features" / "environment.py").write_text(
        "raise SystemExit('the other project ran')\n")
    (tmp_path / "features" / "other.feature").write_text(
        "Feature: other\n  Scenario: not ours\n    Given nothing\n")
    done = cli("run", "--name", ONE, "--report-dir", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "the other project ran" not in done.stderr + done.stdout
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert [s["name"] for s in results["scenarios"]] == [ONE]


def test_format_and_outfile_reach_behave(tmp_path: Path) -> None:
    done = cli("run", "--name", ONE, "--format", "json", "--outfile", "behave.json",
               "--report-dir", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    written = json.loads((tmp_path / "behave.json").read_text())
    names = [element["name"] for feature in written for element in feature.get("elements", [])
             if element.get("type") == "scenario" and element.get("status") == "passed"]
    assert names == [ONE]
