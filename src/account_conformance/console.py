"""What ``account-conformance run`` prints after the verdict table: one block per scenario
that failed or erred, so a reader sees what broke without opening a report.

Pure functions from ``results.json`` data to text. A block names the statement(s), the
scenario, its ``file:line``, the failing step (when results.json records it), the first
line of the message (for an error: the traceback's cause line, the last line naming the
exception), the evidence file and a copy-paste rerun command. Colour (ANSI) only when the
stream is a terminal, ``NO_COLOR`` is not set (any value, https://no-color.org) and ``TERM``
is not ``dumb``.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

OUTLINE_SUFFIX = re.compile(r" -- @\d+\.\d+(?: .*)?$")
"""behave's name for one Examples row of an outline: ``<outline name> -- @1.2 <examples>``."""
NOT_PASSED = ("failed", "error")
MAX_BLOCKS = 20
"""Blocks shown without ``-v``; the rest are counted (results.json lists every one)."""
_ASSERT_PREFIXES = ("ASSERT FAILED: ", "Assertion Failed: ")
_EXCEPTION_LINE = re.compile(r"^(?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|"
                             r"Interrupt|Warning|Failure|Timeout)\b.*")
_SHELL_SAFE_IN_DOUBLE_QUOTES = re.compile(r'^[^"$`\\!]*$')
_COLOURS = {"fail": "31", "error": "33", "pass": "32", "dim": "2", "bold": "1"}


def use_colour(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output to ``stream``: a terminal, no ``NO_COLOR``, ``TERM`` not dumb."""
    environ = os.environ if environ is None else environ
    if "NO_COLOR" in environ or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, colour: bool) -> str:
    """``text`` in an ANSI style (``fail``, ``error``, ``pass``, ``dim``, ``bold``) or as is."""
    return f"\033[{_COLOURS[style]}m{text}\033[0m" if colour else text


def outline_name(name: str) -> str:
    """A scenario name without behave's Examples-row suffix (`` -- @1.2 …``)."""
    return OUTLINE_SUFFIX.sub("", name.rstrip()).rstrip()


def name_pattern(name: str) -> str:
    """behave's ``--name`` regex matching exactly the scenario called ``name``.

    A full name (``Outline -- @1.2 Examples``, trailing space optional) matches that one
    row; an outline's name without the suffix matches every row of it; regex characters in
    the name (parentheses, dots) match themselves.
    """
    wanted = name.strip()
    if OUTLINE_SUFFIX.search(wanted):
        return f"^{re.escape(wanted)}\\s*$"
    return f"^{re.escape(wanted)}(?: -- @\\d+\\.\\d+(?: .*)?)?\\s*$"


def cause_line(message: str | None, status: str) -> str:
    """The line of a message worth reading: the first line of a failure; for an error, the
    last line naming an exception (the traceback's cause), else its last non-marker line."""
    lines = [line.rstrip() for line in (message or "").splitlines() if line.strip()]
    if not lines:
        return "(no message recorded)"
    if status == "error" and len(lines) > 1:
        named = [line for line in lines if _EXCEPTION_LINE.match(line)]
        plain = [line for line in lines if not set(line.strip()) <= set("^~ ")]
        line = (named or plain or lines)[-1].strip()
    else:
        line = lines[0].strip()
    for prefix in _ASSERT_PREFIXES:
        line = line.removeprefix(prefix)
    return line


def shown_path(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` when it lies under it, else absolute."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(cwd.resolve()))
    except ValueError:
        return str(resolved)


def quote_name(name: str) -> str:
    """A scenario name for a shell: in double quotes when that is safe, else shlex's."""
    if _SHELL_SAFE_IN_DOUBLE_QUOTES.match(name):
        return f'"{name}"'
    return shlex.quote(name)


def rerun_command(seed: int, name: str, options: Sequence[str]) -> str:
    """``account-conformance run --seed N --name "…"`` plus the run's target options."""
    return " ".join(["account-conformance run", f"--seed {seed}", f"--name {quote_name(name)}",
                     *(shlex.quote(o) if not o.startswith("--") else o for o in options)])


def not_passed(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The scenarios of a run that failed or erred, in report order."""
    return [s for s in results.get("scenarios", []) if s.get("status") in NOT_PASSED]


def scenario_block(scenario: Mapping[str, Any], *, seed: int, options: Sequence[str],
                   report_dir: Path | None, cwd: Path, colour: bool = False) -> str:
    """The console block of one failed or erred scenario."""
    status = str(scenario.get("status"))
    label = paint("FAIL " if status == "failed" else "ERROR", "fail" if status == "failed"
                  else "error", colour)
    statements = " ".join(scenario.get("statements") or ()) or "-"
    name = str(scenario.get("name", "")).rstrip()
    lines = [f"{label} {paint(statements, 'bold', colour)}  {name}",
             f"  at       {scenario.get('location') or scenario.get('feature', '?')}"]
    step = scenario.get("failing_step") or scenario.get("step")
    if step:
        lines.append(f"  step     {step}")
    lines.append(f"  why      {cause_line(scenario.get('message'), status)}")
    evidence = scenario.get("evidence_file")
    if evidence:
        where = shown_path(report_dir / evidence, cwd) if report_dir else str(evidence)
        lines.append(f"  evidence {where}")
    screenshot = scenario.get("screenshot")
    if screenshot:
        where = shown_path(report_dir / screenshot, cwd) if report_dir else str(screenshot)
        lines.append(f"  screen   {where}")
    lines.append(paint(f"  rerun    {rerun_command(seed, name, options)}", "dim", colour))
    return "\n".join(lines)


def failure_blocks(results: Mapping[str, Any], *, options: Sequence[str],
                   report_dir: Path | None, cwd: Path, colour: bool = False,
                   limit: int | None = MAX_BLOCKS) -> str:
    """Every block of a run that did not pass ('' for a passing run).

    When no scenario ran for one reason (preflight failed, bad configuration: every
    scenario's message is the run error), one line says so instead of a block per scenario.
    ``limit``: at most that many blocks, then a line counting the rest (None: all).
    """
    if results.get("exit_code") == 0:
        return ""
    scenarios = not_passed(results)
    run_error = results.get("run_error")
    if run_error and all(s.get("message") == run_error for s in scenarios):
        return paint(f"no scenario ran: {run_error}", "error", colour) if scenarios else ""
    seed = int(results.get("seed", 0))
    shown = scenarios if limit is None else scenarios[:limit]
    blocks = [scenario_block(s, seed=seed, options=options, report_dir=report_dir, cwd=cwd,
                             colour=colour) for s in shown]
    if len(scenarios) > len(shown):
        blocks.append(f"... and {len(scenarios) - len(shown)} more not passed "
                      "(-v shows all; results.json lists every one)")
    return "\n\n".join(blocks)


def passed_lines(results: Mapping[str, Any], colour: bool = False) -> str:
    """``-v``: one line per passed scenario (statements, name, ``file:line``)."""
    return "\n".join(
        f"{paint('pass ', 'pass', colour)} {' '.join(s.get('statements') or ()) or '-'}  "
        f"{str(s.get('name', '')).rstrip()}  ({s.get('location', '')})"
        for s in results.get("scenarios", []) if s.get("status") == "passed")


def run_options(values: Iterable[tuple[str, str | None]]) -> list[str]:
    """``--option value`` words for the options a run had (None values left out)."""
    words: list[str] = []
    for option, value in values:
        if value is not None:
            words += [option, value]
    return words
