"""Behave hooks: configure the run, start the target, give each scenario a fresh world.

Plain ``behave`` from the repository root works with no arguments: with no base URL
configured, the embedded reference service is started on a free loopback port. The seed and
run prefix are printed first so any run can be replayed (``-D seed=N``). After the run the
statement table is printed and, with ``-D report_dir=DIR``, ``DIR/results.json`` written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from behave import use_fixture
from behave.model import Scenario, Step
from behave.model_type import Status
from behave.runner import Context

from account_conformance.config import ConfigurationError, SuiteConfig
from account_conformance.driver import SuiteError
from account_conformance.embedded import EmbeddedReferenceError
from account_conformance.reporting import RunRecorder, ScenarioOutcome, render_table, statement_ids
from fixtures.data import TestDataBuilder
from fixtures.reference import embedded_reference
from fixtures.service import service_driver
from fixtures.vocabulary import register_parameter_types
from fixtures.world import ScenarioWorld

EVIDENCE_SHOWN = 6
register_parameter_types()


def _say(text: str) -> None:
    print(text, file=sys.__stderr__, flush=True)


def before_all(context: Context) -> None:
    """Load configuration, start the target if embedded, build the driver."""
    context.driver = None
    context.run_error = None
    try:
        config = SuiteConfig.load(context.config.userdata)
    except ConfigurationError as exc:
        config = SuiteConfig(seed=0, run_prefix="acr-unconfigured")
        context.run_error = f"bad configuration: {exc}"
    context.suite_config = config
    target = config.base_url or "embedded reference service"
    _say(f"account-conformance: seed {config.seed} (replay with -D seed={config.seed}), "
         f"run prefix {config.run_prefix}, target {target}")
    context.recorder = RunRecorder(target=target, seed=config.seed, run_prefix=config.run_prefix)
    if context.run_error:
        return
    try:
        base_url = config.base_url
        if config.embedded:
            base_url = use_fixture(embedded_reference, context, faults=config.faults)
            context.recorder.target = f"embedded reference service at {base_url}"
        context.driver = use_fixture(service_driver, context, config, base_url)
    except (SuiteError, EmbeddedReferenceError) as exc:
        context.run_error = f"{exc.__class__.__name__}: {exc}"
        _say(f"account-conformance: cannot run: {context.run_error}")


def before_scenario(context: Context, scenario: Scenario) -> None:
    """A fresh world per scenario; nothing is shared between scenarios."""
    if context.run_error:
        scenario.skip(reason=context.run_error)
        return
    config = context.suite_config
    context.driver.take_evidence()
    context.requests_before = context.driver.request_count()
    key = f"{Path(scenario.filename).name}:{scenario.name}"
    data = TestDataBuilder(config.seed, config.run_prefix, key)
    context.world = ScenarioWorld(context.driver, data)


def _failing_step(scenario: Scenario) -> Step | None:
    for step in scenario.all_steps:
        if step.status in (Status.failed, Status.error, Status.undefined, Status.hook_error):
            return step
    return None


def _outcome_status(scenario: Scenario, step: Step | None) -> str:
    if scenario.status == Status.passed:
        return "passed"
    if scenario.status in (Status.skipped, Status.untested):
        return "skipped"
    exception = getattr(step, "exception", None) if step else None
    if isinstance(exception, SuiteError):
        return "error"
    if scenario.status == Status.failed and isinstance(exception, AssertionError):
        return "failed"
    return "failed" if scenario.status == Status.failed and exception is None else "error"


def after_scenario(context: Context, scenario: Scenario) -> None:
    """Record the scenario's outcome, with redacted evidence when it did not pass."""
    step = _failing_step(scenario)
    status = _outcome_status(scenario, step)
    if context.run_error:
        status = "error"
    message, evidence, requests = "", [], 0
    driver = context.driver
    if driver is not None:
        requests = driver.request_count() - getattr(context, "requests_before", 0)
        exchanges = driver.take_evidence()
        if status in ("failed", "error"):
            evidence = [e.describe() for e in exchanges[-EVIDENCE_SHOWN:]]
    if status in ("failed", "error"):
        raw = (step.error_message if step else None) or context.run_error or ""
        message = driver.redact(raw) if driver is not None else raw
        message = message.strip()[-2000:]
    context.recorder.add(ScenarioOutcome(
        name=scenario.name, location=str(scenario.location),
        statements=statement_ids(scenario.effective_tags), status=status,
        message=message, evidence=evidence, requests=requests))


def after_all(context: Context) -> None:
    """Clean the run prefix, then print the statement table and write results.json."""
    recorder: RunRecorder = context.recorder
    config: SuiteConfig = context.suite_config
    if context.driver is not None:
        recorder.requests = context.driver.request_count()
        try:
            recorder.cleanup = context.driver.remove_run_data(config.run_prefix)
        except SuiteError as exc:
            _say(f"account-conformance: cleanup of {config.run_prefix} failed: {exc}")
    recorder.run_error = context.run_error
    results = recorder.results()
    if config.report_dir is not None:
        recorder.write(config.report_dir)
    _say(render_table(results))
