"""The code is statically clean: mypy over the configured paths and ruff over the repository.

Both run as their own processes from the repository root with the settings in pyproject.toml
(``[tool.mypy]``: ``src``, ``steps``, ``fixtures``, ``environment.py``; ``[tool.ruff]``),
exactly as a contributor runs them. Both are in the quick tier: ruff takes well under a
second, mypy about 6 s from cold and under 1 s with its cache (``.mypy_cache``).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

from conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _tool(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ARGS`` in the repository root with this interpreter."""
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


def test_mypy_covers_the_suite_the_reference_and_the_scenario_code() -> None:
    assert set(PYPROJECT["tool"]["mypy"]["files"]) >= {"src", "steps", "fixtures",
                                                       "environment.py"}


def test_ruff_is_clean() -> None:
    done = _tool("ruff", "check", ".", "--no-cache", timeout=120)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]


def test_mypy_is_clean() -> None:
    done = _tool("mypy", timeout=600)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert "Success: no issues found" in done.stdout, done.stdout[-2000:]
