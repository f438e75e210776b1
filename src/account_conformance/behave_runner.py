"""Plain ``behave``'s exit code from the suite's outcome: 0 pass, 1 fail, 2 error.

What behave 1.3 allows (``behave/runner.py``, ``behave/__main__.py``): ``run_behave`` maps
the runner's ``run()`` result to 0 or 1 only. From ``after_all`` a hook can only make it 1
(any exception there is a hook error; ``SystemExit`` and ``KeyboardInterrupt`` are caught
and turned into an abort, also 1), and a run whose scenarios were all skipped (service
down, ``-n`` matching nothing) is 0. A *runner class* can do more: ``SuiteRunner`` runs the
model as behave's ``Runner`` does (formatters closed, summary printed), then reads the
outcome ``after_all`` recorded (``context._runner.suite_exit_code``) and

* returns failed (exit 1) when the outcome is ``fail``, not failed (exit 0) when it is
  ``pass`` — also when behave saw failing scenarios the expectations file expects — and
  behave's own result when no outcome was recorded (``--dry-run``, ``--steps-catalog``),
* raises ``SystemExit(2)`` when it is ``error`` — behave's ``main`` catches only
  ``Exception``, so the process exits with 2.

``pyproject.toml`` names it (``[tool.behave] runner``), so ``behave`` from the repository
root uses it; ``--runner behave.runner:Runner`` gives behave's own codes back.
"""

from __future__ import annotations

from typing import Any

from behave.runner import Runner


class SuiteRunner(Runner):
    """behave's ``Runner`` whose result follows the suite's outcome (see module docstring)."""

    suite_exit_code: int | None = None

    def run(self) -> Any:
        """Run the features; False (0), True (1), or ``SystemExit(2)`` for an error."""
        failed = super().run()
        code = self.suite_exit_code
        if code == 2:
            if self.config.show_snippets and self.undefined_steps:
                from behave.__main__ import print_undefined_step_snippets

                print_undefined_step_snippets(self.undefined_steps,
                                              colored=self.config.has_colored_mode())
            raise SystemExit(2)
        return bool(failed) if code is None else code == 1
