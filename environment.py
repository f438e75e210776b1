"""Behave hooks: configure the run, start the target, give each scenario a fresh world.

Plain ``behave`` from the repository root works with no arguments: with no base URL
configured, the embedded reference service is started on a free loopback port. The seed and
run prefix are printed first so any run can be replayed (``-D seed=N``). After the run the
statement table is printed and, with ``-D report_dir=DIR``, ``DIR/results.json`` and the
evidence of every failing scenario are written.
"""

from __future__ import annotations

import random
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from behave import use_fixture
from behave.model import Feature, Scenario, ScenarioOutline, Step
from behave.model_type import Status
from behave.runner import Context

from account_conformance.config import ConfigurationError, SuiteConfig
from account_conformance.driver import SuiteError
from account_conformance.embedded import EmbeddedReferenceError
from account_conformance.expectations import load_expectations
from account_conformance.preflight import (
    passed,
    render_checklist,
    required_operations,
    run_preflight,
)
from account_conformance.reporting import (
    RunRecorder,
    ScenarioOutcome,
    features_sha256,
    render_table,
    statement_ids,
    write_results,
)
from account_conformance.reports import write_reports
from account_conformance.selection import in_profile, scenario_key, select_from_features
from fixtures.bystander import Bystander, bystander_prefix, create_population, not_run
from fixtures.data import TestDataBuilder
from fixtures.reference import embedded_reference
from fixtures.service import service_driver
from fixtures.vocabulary import register_parameter_types
from fixtures.world import ScenarioWorld

EVIDENCE_SHOWN = 6
register_parameter_types()


def _say(text: str, context: Context | None = None) -> None:
    if context is not None and context.config.userdata.get("quiet"):
        return
    print(text, file=sys.__stderr__, flush=True)


def _preflight(context: Context, config: SuiteConfig, base_url: str,
               selected: list[Scenario]) -> str | None:
    """Run the preflight checklist; the reason the run cannot go on, or None."""
    statements = {sid for s in selected for sid in statement_ids(s.effective_tags)}
    checks = run_preflight(context.driver, config.run_prefix, required_operations(statements))
    _say(render_checklist(checks, base_url), context)
    if passed(checks):
        return None
    return "preflight failed: " + "; ".join(f"{c.name}: {c.detail}" for c in checks if not c.ok)


def before_all(context: Context) -> None:
    """Load configuration, start the target if embedded, build the driver."""
    context.driver = None
    context.run_error = None
    context.bystander = None
    try:
        config = SuiteConfig.load(context.config.userdata)
        expectations = load_expectations(config.expectations)
    except ConfigurationError as exc:
        config, expectations = SuiteConfig(seed=0, run_prefix="acr-unconfigured"), {}
        context.run_error = f"bad configuration: {exc}"
    context.suite_config = config
    target = config.base_url or "embedded reference service"
    _say(f"account-conformance: seed {config.seed} (replay with -D seed={config.seed}), "
         f"run prefix {config.run_prefix}, profile {config.profile}, target {target}", context)
    features = sorted((Path(context.config.base_dir) / "features").glob("*.feature"))
    selected = select_from_features(context._runner.features, config.profile,
                                    context.config.tag_expression, context.config)
    context.shuffler = None
    if context.config.userdata.get("shuffle"):
        context.shuffler = random.Random(config.seed)
        context.shuffler.shuffle(context._runner.features)
    context.recorder = RunRecorder(
        target=target, seed=config.seed, run_prefix=config.run_prefix,
        profile=config.profile, expectations=expectations,
        tags=str(context.config.tag_expression or "") or None,
        features_digest=features_sha256(features),
        selected=[scenario_key(s.filename, s.name) for s in selected], shard=config.shard)
    if context.run_error:
        return
    try:
        base_url = config.base_url or ""
        if config.embedded:
            base_url = use_fixture(embedded_reference, context, faults=config.faults)
            context.recorder.target = f"embedded reference service at {base_url}"
        context.driver = use_fixture(service_driver, context, config, base_url)
        if context.config.userdata.get("preflight") != "parent":  # a worker: parent did it
            context.run_error = _preflight(context, config, base_url, selected)
        if context.run_error is None:
            context.recorder.contract_version = context.driver.service_info().contract_version
            context.driver.remove_run_data(config.run_prefix)
    except AssertionError as exc:  # preflight marked it FAIL: the scenarios will fail
        _say(f"account-conformance: the service failed before the run: {exc}", context)
    except (SuiteError, EmbeddedReferenceError) as exc:
        context.run_error = f"{exc.__class__.__name__}: {exc}"
        _say(f"account-conformance: cannot run: {context.run_error}")
    if context.run_error is None and context.driver is not None:
        _start_bystander(context, config)


def _start_bystander(context: Context, config: SuiteConfig) -> None:
    """Create the run's bystander (``fixtures/bystander.py``) unless it is switched off."""
    if not config.bystander:
        context.recorder.bystander = not_run("switched off (bystander=off)")
        _say("account-conformance: bystander off", context)
        return
    driver = context.driver
    before = driver.request_count()
    try:
        population = create_population(driver, config.run_prefix)
        context.bystander = Bystander(driver, population)
    except (SuiteError, AssertionError) as exc:
        reason = driver.redact(f"{exc.__class__.__name__}: {exc}").splitlines()[0][:300]
        context.recorder.bystander = not_run(f"could not be created: {reason}")
        _say(f"account-conformance: bystander not created: {reason}", context)
        return
    finally:
        driver.take_evidence()
    _say(f"account-conformance: bystander ({driver.request_count() - before} requests): "
         f"{population.summary}", context)


def before_feature(context: Context, feature: Feature) -> None:
    """Shuffle the order if asked (seeded); leave out interpreted ones under 'stated'."""
    if getattr(context, "shuffler", None):
        context.shuffler.shuffle(feature.scenarios)
        for outline in feature.scenarios:
            if isinstance(outline, ScenarioOutline):
                context.shuffler.shuffle(outline.scenarios)
    for scenario in feature.walk_scenarios():
        if not in_profile(context.suite_config.profile, scenario.effective_tags):
            scenario.skip(reason="profile 'stated' leaves out interpreted statements")


def before_scenario(context: Context, scenario: Scenario) -> None:
    """A fresh world per scenario; nothing is shared between scenarios."""
    if context.run_error:
        scenario.skip(reason=context.run_error)
        return
    config = context.suite_config
    context.driver.take_evidence()
    context.requests_before = context.driver.request_count()
    context.scenario_started = time.perf_counter()
    if context.recorder.first_scenario_at is None:
        context.recorder.first_scenario_at = datetime.now(UTC)
    data = TestDataBuilder(config.seed, config.run_prefix,
                           scenario_key(scenario.filename, scenario.name))
    context.world = ScenarioWorld(context.driver, data)
    if context.bystander is not None:
        context.bystander.begin_scenario()


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


def _write_evidence(context: Context, outcome: ScenarioOutcome, exchanges: list) -> None:
    """Store a failing scenario's message and redacted exchanges with curl commands."""
    report_dir = context.suite_config.report_dir
    if report_dir is None:
        return
    number = len(context.recorder.outcomes) + 1
    slug = re.sub(r"[^a-z0-9]+", "-", outcome.name.lower()).strip("-")[:60]
    relative = Path("evidence") / f"{number:03d}-{slug}.txt"
    lines = [f"scenario: {outcome.name}", f"location: {outcome.location}",
             f"statements: {', '.join(outcome.statements)}", f"status: {outcome.status}",
             f"seed: {context.suite_config.seed} (replay: -D seed={context.suite_config.seed})",
             "", "message:", outcome.message, "",
             "failing request (last exchange), to reproduce:",
             exchanges[-1].curl if exchanges else "(none)", "",
             "HTTP exchanges (oldest first; secrets "
             "redacted; curl needs SESSION_TOKEN / ACCOUNT_SERVICE_TOKEN set):"]
    lines += [exchange.reproduce() for exchange in exchanges]
    path = report_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(context.driver.redact("\n".join(lines)) + "\n", encoding="utf-8")
    outcome.evidence_file = relative.as_posix()


def after_scenario(context: Context, scenario: Scenario) -> None:
    """Record the scenario's outcome, with redacted evidence when it did not pass; a leak
    or a change of the bystander's state fails it (see ``fixtures/bystander.py``)."""
    bystander: Bystander | None = getattr(context, "bystander", None)
    leaks = bystander.leaks(scenario.name) if bystander is not None else []
    if scenario.status in (Status.skipped, Status.untested) and not context.run_error:
        return
    step = _failing_step(scenario)
    status = "error" if context.run_error else _outcome_status(scenario, step)
    driver = context.driver
    outcome = ScenarioOutcome(
        name=scenario.name, feature=Path(scenario.filename).name,
        location=str(scenario.location), statements=statement_ids(scenario.effective_tags),
        status=status,
        duration_s=time.perf_counter() - getattr(context, "scenario_started", time.perf_counter()))
    exchanges = []
    cleanup_failure = None
    if driver is not None:
        outcome.requests = driver.request_count() - getattr(context, "requests_before", 0)
        exchanges = driver.take_evidence()
        cleanup_failure = _clean_scenario(context)
        if cleanup_failure and status == "passed":  # the service failed its own cleanup
            status = outcome.status = "failed"
            exchanges += driver.take_evidence()
    changed = bystander.after_scenario(outcome) if bystander is not None else None
    if driver is not None and bystander is not None:
        driver.take_evidence()  # the bystander's reads are not this scenario's evidence
    if leaks or changed:
        status = outcome.status = "failed"
    if status in ("failed", "error"):
        raw = ((step.error_message if step else None) or context.run_error
               or cleanup_failure or "")
        raw = "\n".join([raw, *(m for m in leaks if m not in raw), changed or ""]).strip()
        if step is not None and step.status == Status.undefined:
            raw = (f"undefined step (a phrase the step library does not know; "
                   f"check the scenario text): {step.keyword} {step.name}")
        outcome.message = (driver.redact(raw) if driver is not None else raw).strip()[-2000:]
        outcome.evidence = [e.describe() for e in exchanges[-EVIDENCE_SHOWN:]]
        if driver is not None:
            _write_evidence(context, outcome, exchanges)
    context.recorder.add(outcome)
    _show_progress(context, outcome)


def _clean_scenario(context: Context) -> str | None:
    """Remove what the scenario made (its own prefix) and count it as created.

    Returns why the service failed the removal (an answer outside the contract), or None.
    """
    world = getattr(context, "world", None)
    if world is None or context.run_error:
        return None
    try:
        removed = context.driver.remove_run_data(world.data.scenario_prefix)
    except SuiteError as exc:
        _say(f"account-conformance: cleanup of {world.data.scenario_prefix} failed: {exc}")
        return None
    except AssertionError as exc:  # offered, answered wrongly: the service is failing
        return f"removing the scenario's data (test-support) failed: {exc}"
    context.recorder.count_created(removed)
    context.driver.take_evidence()
    return None


def _show_progress(context: Context, outcome: ScenarioOutcome) -> None:
    """On a terminal, a live 'done of total' line; in CI logs, nothing extra."""
    stream = sys.__stderr__
    if not context.config.userdata.get("live_progress") or stream is None \
            or not stream.isatty():
        return
    recorder = context.recorder
    done, total = len(recorder.outcomes), len(recorder.selected)
    failed = sum(1 for o in recorder.outcomes if o.status in ("failed", "error"))
    end = "\n" if done >= total else ""
    stream.write(f"\r[{done}/{total}] {failed} not passed  {outcome.name[:60]:<60}{end}")
    stream.flush()


def after_all(context: Context) -> None:
    """Clean the run prefix, then print the statement table and write results.json."""
    recorder: RunRecorder = context.recorder
    config: SuiteConfig = context.suite_config
    bystander: Bystander | None = getattr(context, "bystander", None)
    if bystander is not None:  # the last check covers the scenarios since the one before
        bystander.leaks("(after the last scenario)")
        bystander.check()
        recorder.bystander = bystander.report()
    if context.driver is not None and context.run_error is None:
        try:
            if bystander is not None:  # made on purpose: counted as created, not left over
                recorder.count_created(context.driver.remove_run_data(
                    bystander_prefix(config.run_prefix)))
            recorder.left_over = context.driver.remove_run_data(config.run_prefix)
        except (SuiteError, AssertionError) as exc:
            _say(f"account-conformance: cleanup of {config.run_prefix} failed: {exc}")
    if context.driver is not None:
        recorder.requests = context.driver.request_count()
    recorder.run_error = context.run_error
    results = recorder.results()
    if config.report_dir is not None:
        write_results(results, config.report_dir)
        write_reports(results, config.report_dir)
        context.results = results
    _say(render_table(results), context)
