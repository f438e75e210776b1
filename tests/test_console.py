"""The console of ``account-conformance run``: what a reader sees after a failing run.

The pure functions of ``console.py`` on the messages the suite writes (failures, errors
with tracebacks, outline names with parentheses), and the real CLI: one block per failing
scenario with its statement, name, ``file:line``, cause line, evidence path and a rerun
command that, run as printed, reproduces exactly that scenario; ``--name`` matching names
with parentheses and outline rows; ``-q``/``-v``; colour on a terminal only, never with
``NO_COLOR`` or ``TERM=dumb``; the seed line and progress with ``--workers``; and the
temporary folder of a run without ``--report-dir``.
"""

from __future__ import annotations

import io
import json
import os
import pty
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from account_conformance.config import ENVIRONMENT
from account_conformance.console import (
    cause_line,
    failure_blocks,
    name_pattern,
    outline_name,
    rerun_command,
    use_colour,
)
from conftest import REPO

TREE = Path(os.environ.get("ACR_TEST_TREE") or REPO)  # another checkout: show the old failing
ENV = {**os.environ, "PYTHONUNBUFFERED": "1",
       "PYTHONPATH": os.pathsep.join([str(TREE / "src"), str(TREE)])}
ROW = ("Merging the individual account into the organization account is refused because the "
       "kinds differ (Pro, Team, the same email)")
ROW_FULL = f"{ROW} -- @1.3 individual into organization"
FAILING = ("An individual Pro account cannot be merged into the Team account under the same "
           "email -- @1.1")
PASSING = "While the domain is restricted to members, a member still signs in through SSO"
TRACEBACK = """Traceback (most recent call last):
  File "steps/merge.py", line 40, in step_impl
    world.merge(a, b)
    ^^^^^^^^^^^^^^^^^
account_conformance.driver.errors.SuiteError: timeout after 15.0s: POST /v1/accounts/x/merge
  during handling, the service was asked whether it is alive
    ^^^^"""


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real ``account-conformance`` command, finished."""
    return subprocess.run([sys.executable, "-m", "account_conformance.cli", *args], cwd=cwd,
                          env=env or ENV, capture_output=True, text=True, timeout=timeout)


def scenario_names(report: Path) -> list[str]:
    """The names of the scenarios a report records."""
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    return [s["name"] for s in results["scenarios"]]


# -- pure functions ------------------------------------------------------------------------

def test_an_errors_cause_line_is_the_line_naming_the_exception() -> None:
    assert cause_line(TRACEBACK, "error") == (
        "account_conformance.driver.errors.SuiteError: timeout after 15.0s: "
        "POST /v1/accounts/x/merge")
    assert cause_line("ASSERT FAILED: Alex sees 1 account, expected 2\nmore", "failed") == \
        "Alex sees 1 account, expected 2"
    assert cause_line("    ^^^^\n", "error") == "^^^^"  # nothing better: shown, not hidden
    assert cause_line(None, "failed") == "(no message recorded)"


def test_colour_only_on_a_terminal_without_no_color_or_a_dumb_term() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert use_colour(Terminal(), {"TERM": "xterm"})
    assert not use_colour(Terminal(), {"TERM": "xterm", "NO_COLOR": "1"})
    assert not use_colour(Terminal(), {"TERM": "xterm", "NO_COLOR": ""})
    assert not use_colour(Terminal(), {"TERM": "dumb"})
    assert not use_colour(io.StringIO(), {"TERM": "xterm"})


def test_a_name_pattern_matches_exactly_the_named_scenario() -> None:
    rows = [f"{ROW} -- @1.3 individual into organization",
            f"{ROW.replace('(Pro', '(Max')} -- @1.5 individual into organization",
            f"{FAILING} ",  # behave's names of rows of an unnamed Examples end in a space
            f"{FAILING.replace('@1.1', '@1.10')} "]
    def matches(name: str) -> list[str]:
        return [row for row in rows if re.search(name_pattern(name), row)]
    assert matches(ROW) == rows[:1]  # parentheses match themselves
    assert matches(ROW_FULL) == rows[:1]
    assert matches(FAILING) == rows[2:3]  # not @1.10
    assert matches(outline_name(FAILING)) == rows[2:]  # the outline: every row
    assert re.search(name_pattern(ROW), f"{ROW} extra") is None


def test_a_rerun_command_quotes_what_a_shell_would_expand() -> None:
    assert rerun_command(5, "A (b)", ["--base-url", "http://x"]) == \
        'account-conformance run --seed 5 --name "A (b)" --base-url http://x'
    command = rerun_command(5, 'Alex\'s "$HOME"', ["--fault", "a b"])
    assert shlex.split(command)[4:] == ["--name", 'Alex\'s "$HOME"', "--fault", "a b"]


def test_a_run_that_never_started_gets_one_line_not_a_block_per_scenario() -> None:
    reason = "preflight failed: service answers: connection refused"
    results = {"exit_code": 2, "seed": 1, "run_error": reason,
               "scenarios": [{"name": f"s{i}", "status": "error", "message": reason}
                             for i in range(50)]}
    text = failure_blocks(results, options=[], report_dir=None, cwd=Path.cwd())
    assert text == f"no scenario ran: {reason}"


# -- the real CLI --------------------------------------------------------------------------

def test_run_help_lists_the_exit_codes_and_every_environment_variable(tmp_path: Path) -> None:
    done = cli("run", "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    exits = text[text.index("exit codes:"):]
    assert all(f"\n  {code}  " in exits for code in "012"), exits
    for setting, variable in ENVIRONMENT.items():
        assert re.search(rf"\n  {variable} +{setting}\n", text), variable
    assert "NO_COLOR" in text and "given twice, both must hold" in " ".join(text.split())


def test_a_failing_run_prints_a_block_whose_rerun_reproduces_the_scenario(
        tmp_path: Path) -> None:
    done = cli("run", "--fault", "merge-accepted", "--seed", "7",
               "--name", FAILING, "--name", ROW, "--report-dir", "out", cwd=tmp_path)
    assert done.returncode == 1, done.stderr[-3000:]
    assert sorted(scenario_names(tmp_path / "out")) == sorted([f"{FAILING} ", ROW_FULL])
    block = done.stderr[done.stderr.index("\nFAIL "):]
    assert f"FAIL  S04  {FAILING}\n" in block
    assert "  at       features/merging.feature:27\n" in block
    assert ("  why      the service's answer to POST /v1/accounts/{account_id}/merge: expected "
            "an answer the contract allows; actual the status 200") in block
    evidence = re.search(r"  evidence (\S+)\n", block)
    assert evidence and evidence[1].startswith("out/evidence/"), block
    assert (tmp_path / evidence[1]).is_file()
    rerun = re.search(r"  rerun    (.+)\n", block)
    assert rerun and rerun[1] == (f'account-conformance run --seed 7 --name "{FAILING}" '
                                  "--fault merge-accepted"), block
    assert "Traceback" not in done.stderr and "\x1b[" not in done.stderr  # not a terminal
    again = cli("run", *shlex.split(rerun[1])[2:], "--report-dir", "again", "-q",
                cwd=tmp_path)
    assert again.returncode == 1, again.stderr[-3000:]
    assert scenario_names(tmp_path / "again") == [f"{FAILING} "]
    first = json.loads((tmp_path / "out" / "results.json").read_text())
    replay = json.loads((tmp_path / "again" / "results.json").read_text())
    assert replay["seed"] == first["seed"] == 7
    # the same data (seed), the same failure; ids and the port are the service's own
    assert [s["message"].splitlines()[0] for s in replay["scenarios"]] == [
        s["message"].splitlines()[0] for s in first["scenarios"] if s["name"] == f"{FAILING} "]


def test_quiet_prints_the_table_and_blocks_only_and_verbose_the_passed_ones(
        tmp_path: Path) -> None:
    args = ("run", "--fault", "merge-accepted", "--name", FAILING, "--name", PASSING)
    quiet = cli(*args, "-q", "--report-dir", "q", cwd=tmp_path)
    assert quiet.returncode == 1, quiet.stderr[-3000:]
    lines = quiet.stderr.splitlines()
    assert lines[0].startswith("ID "), lines[:3]  # no seed line, checklist, bystander
    assert not any(line.startswith("preflight") or "results in" in line for line in lines)
    assert f"FAIL  S04  {FAILING}" in quiet.stderr and PASSING not in quiet.stderr
    assert quiet.stdout == ""  # no behave progress either
    verbose = cli(*args, "-v", "--report-dir", "v", cwd=tmp_path)
    assert verbose.returncode == 1
    assert f"pass  S19  {PASSING}  (features/sso.feature:55)" in verbose.stderr
    assert "account-conformance: seed " in verbose.stderr


@pytest.mark.parametrize("environment", [{"TERM": "xterm"}, {"TERM": "xterm", "NO_COLOR": "1"},
                                         {"TERM": "dumb"}], ids=["colour", "no-color", "dumb"])
def test_colour_on_a_terminal_unless_no_color_or_a_dumb_terminal(
        tmp_path: Path, environment: dict[str, str]) -> None:
    env = {k: v for k, v in ENV.items() if k not in ("NO_COLOR", "TERM")} | environment
    leader, follower = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "account_conformance.cli", "run", "-q",
                           "--fault", "merge-accepted", "--name", FAILING, "--report-dir",
                           "out"], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                          stderr=follower) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = process.wait(timeout=300)
    os.close(leader)
    output = b"".join(chunks).decode(errors="replace")
    assert code == 1, output[-3000:]
    assert FAILING in output
    coloured = "\x1b[" in output
    assert coloured == (environment == {"TERM": "xterm"}), output[-2000:]


def test_workers_print_the_seed_line_first_and_a_line_per_finished_part(
        tmp_path: Path) -> None:
    done = cli("run", "--tags", "@S19", "--fault", "invitation-refused-while-restricted",
               "--workers", "2", "--seed", "11", "--report-dir", "out", cwd=tmp_path)
    assert done.returncode == 1, done.stderr[-3000:]
    lines = done.stderr.splitlines()
    assert lines[0].startswith("account-conformance: seed 11 (replay with --seed 11), run "
                               "prefix acr-"), lines[:2]
    assert lines[0].endswith("3 scenarios in 2 worker(s)"), lines[0]
    progress = [line for line in lines if re.match(r"\[\d/2 parts\] worker \d: ", line)]
    assert [line[:11] for line in progress] == ["[1/2 parts]", "[2/2 parts]"], lines
    table = next(index for index, line in enumerate(lines) if line.startswith("ID "))
    assert lines.index(progress[-1]) < table
    assert "\nFAIL  S19  " in done.stderr
    assert "--seed 11 --name" in done.stderr


def test_a_run_without_report_dir_removes_its_folder_when_it_passes_and_keeps_it_if_not(
        tmp_path: Path) -> None:
    env = {**ENV, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    passing = cli("run", "--name", ROW, cwd=tmp_path, env=env)
    assert passing.returncode == 0, passing.stderr[-3000:]
    assert "account-conformance: results not kept (no --report-dir); exit 0" in passing.stderr
    assert "results in" not in passing.stderr
    assert list((tmp_path / "tmp").iterdir()) == []
    failing = cli("run", "--name", FAILING, "--fault", "merge-accepted", cwd=tmp_path, env=env)
    assert failing.returncode == 1, failing.stderr[-3000:]
    kept = list((tmp_path / "tmp").iterdir())
    assert len(kept) == 1 and (kept[0] / "results.json").is_file()
    assert (f"results kept in {kept[0]} because the run did not pass (no --report-dir; "
            "remove it when done); exit 1") in failing.stderr
    evidence = re.search(r"  evidence (\S+)\n", failing.stderr)
    assert evidence and (tmp_path / evidence[1]).is_file()  # relative to where we ran
