"""Behave hooks: configure the run, start the target, give each scenario a fresh world.

Plain ``behave`` from the repository root works with no arguments: with no base URL
configured, the embedded reference service is started on a free loopback port. The seed and
run prefix are printed first so any run can be replayed (``-D seed=N``). After the run the
statement table is printed and, with ``-D report_dir=DIR``, ``DIR/results.json`` and the
evidence of every failing scenario are written.

No false verdicts: whatever goes wrong — an exception of any type in a hook, a step, the
per-scenario or per-run cleanup, the bystander or the preflight; SIGINT or SIGTERM — the run
still ends in ``after_all``, which cleans up and writes every report with the outcome and the
reason; a scenario that started is always recorded. Signals (``interrupts.py``) cut the
scenario in progress short, never the suite's own setup or cleanup. ``behave_runner.py``
turns the recorded outcome into plain ``behave``'s exit code.
"""

from __future__ import annotations

import os
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

from account_conformance.cleanup import cleanup_command
from account_conformance.config import ConfigurationError, SuiteConfig
from account_conformance.driver import SuiteError
from account_conformance.driver.evidence import curl_legend
from account_conformance.embedded import EmbeddedReferenceError
from account_conformance.expectations import load_expectations
from account_conformance.interrupts import Interrupts
from account_conformance.preflight import (
    passed,
    render_checklist,
    required_operations,
    run_preflight,
)
from account_conformance.report_dir import ReportDirError, prepare_report_dir
from account_conformance.reporting import (
    RunRecorder,
    ScenarioOutcome,
    features_sha256,
    render_table,
    statement_ids,
    write_results,
)
from account_conformance.reports import write_reports
from account_conformance.selection import (
    BROWSER_TAG,
    in_profile,
    needs_newer_contract,
    scenario_key,
    select_from_features,
    with_browser,
)
from fixtures.bystander import Bystander, bystander_prefix, create_population, not_run
from fixtures.data import TestDataBuilder
from fixtures.reference import embedded_reference
from fixtures.screen import Screen, screen_element_line, screen_evidence, ui_driver
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
    ui = getattr(context, "ui_driver", None)
    link = ui is not None and any(BROWSER_TAG in s.effective_tags for s in selected) \
        and "{sign_in_link}" in ui.locators.sign_in
    checks = run_preflight(context.driver, config.run_prefix,
                           required_operations(statements, sign_in_link=link))
    _say(render_checklist(checks, base_url), context)
    if passed(checks):
        return None
    return "preflight failed: " + "; ".join(f"{c.name}: {c.detail}" for c in checks if not c.ok)


def _crash(where: str, exc: BaseException) -> str:
    """One line naming an unexpected exception of the suite's side (no traceback)."""
    text = str(exc).splitlines()[0][:300] if str(exc) else ""
    return f"suite error in {where}: {exc.__class__.__name__}: {text}".rstrip(": ")


def _scrub(context: Context, text: str) -> str:
    """``text`` with every secret the run holds masked: what the driver registered, and the
    configured key and header values even when no driver was built."""
    driver = getattr(context, "driver", None)
    if driver is not None:
        text = driver.redact(text)
    config: SuiteConfig | None = getattr(context, "suite_config", None)
    if config is not None:
        for secret in (config.test_support_key, *config.headers.values()):
            if secret and len(secret) >= 4:
                text = text.replace(secret, "[REDACTED]")
    return text


def _load_config(context: Context) -> tuple[SuiteConfig, dict]:
    """The configuration and expectations; a bad one sets ``context.run_error`` and still
    keeps the report directory when one is named, so the report says why."""
    userdata = context.config.userdata
    try:
        config = SuiteConfig.load(userdata)
        expectations = load_expectations(config.expectations)
    except (ConfigurationError, OSError, ValueError) as exc:
        config, expectations = SuiteConfig(seed=0, run_prefix="acr-unconfigured"), {}
        context.run_error = f"bad configuration: {str(exc).splitlines()[0]}"
        raw = userdata.get("report_dir") or os.environ.get("ACCOUNT_CONFORMANCE_REPORT_DIR")
        config.report_dir = Path(raw) if raw else None
    if config.report_dir is not None:
        try:
            prepare_report_dir(config.report_dir)
        except ReportDirError as exc:
            config.report_dir = None
            context.run_error = context.run_error or f"bad report directory: {exc}"
    return config, expectations


def before_all(context: Context) -> None:
    """Load configuration, start the target if embedded, build the driver."""
    context.driver = None
    context.ui_driver = None
    context.screen = None
    context.run_error = None
    context.bystander = None
    context.interrupts = Interrupts(raise_first=True)
    if context.interrupts.install():
        context.add_cleanup(context.interrupts.restore)
    with context.interrupts.deferred():  # setup is never cut short; checked at its end
        _before_all(context)
    if context.interrupts.reason and not context.run_error:
        context.run_error = context.interrupts.reason


def _before_all(context: Context) -> None:
    config, expectations = _load_config(context)
    context.suite_config = config
    target = config.base_url or "embedded reference service"
    _say(f"account-conformance: seed {config.seed} (replay with --seed {config.seed}, or "
         f"-D seed={config.seed} under behave), "
         f"run prefix {config.run_prefix}, profile {config.profile}, target {target}", context)
    if context.run_error:
        _say(f"account-conformance: cannot run: {context.run_error}")
    features = sorted((Path(context.config.base_dir) / "features").glob("*.feature"))
    selected = select_from_features(context._runner.features, config.profile,
                                    context.config.tag_expression, context.config,
                                    browser=config.browser is not None)
    context.shuffler = None
    if context.config.userdata.get("shuffle"):
        context.shuffler = random.Random(config.seed)
        context.shuffler.shuffle(context._runner.features)
    context.recorder = RunRecorder(
        target=target, seed=config.seed, run_prefix=config.run_prefix,
        profile=config.profile, expectations=expectations,
        tags=str(context.config.tag_expression or "") or None,
        features_digest=features_sha256(features),
        selected=[scenario_key(s.filename, s.name) for s in selected], shard=config.shard,
        browser=config.browser)
    context.recorder.cleanup_command = cleanup_command(config.base_url, config.run_prefix,
                                                       config.driver)
    if context.run_error:
        return
    try:
        base_url = config.base_url or ""
        if config.embedded:
            base_url = use_fixture(embedded_reference, context, faults=config.faults)
            context.recorder.target = f"embedded reference service at {base_url}"
            context.recorder.cleanup_command = cleanup_command(base_url, config.run_prefix,
                                                               config.driver)
        context.driver_base_url = base_url
        context.driver = use_fixture(service_driver, context, config, base_url)
        if config.browser and any(BROWSER_TAG in s.effective_tags for s in selected):
            context.ui_driver = use_fixture(ui_driver, context, config, base_url)
        if context.config.userdata.get("preflight") != "parent":  # a worker: parent did it
            context.run_error = _preflight(context, config, base_url, selected)
        if context.run_error is None:
            context.recorder.contract_version = context.driver.service_info().contract_version
            _leave_out_newer(context, selected)
            context.driver.remove_run_data(config.run_prefix)
    except AssertionError as exc:  # preflight marked it FAIL: the scenarios will fail
        _say(f"account-conformance: the service failed before the run: {exc}", context)
    except (SuiteError, EmbeddedReferenceError) as exc:
        context.run_error = f"{exc.__class__.__name__}: {exc}"
        _say(f"account-conformance: cannot run: {context.run_error}")
    except Exception as exc:  # the driver or the suite itself: no verdict, but a report
        context.run_error = _crash("the preflight", exc)
        _say(f"account-conformance: cannot run: {context.run_error}")
    if context.run_error is None and context.driver is not None:
        _start_bystander(context, config)


def _leave_out_newer(context: Context, selected: list[Scenario]) -> None:
    """Scenarios that need a newer contract minor than the service reports are not run,
    with the reason (the compatibility policy, contract/CHANGELOG.md), never failed."""
    recorder: RunRecorder = context.recorder
    for scenario in selected:
        reason = needs_newer_contract(scenario.effective_tags, recorder.contract_version)
        if reason is None:
            continue
        key = scenario_key(scenario.filename, scenario.name)
        scenario.skip(reason=reason)
        recorder.newer_contract[key] = reason
        if key in recorder.selected:
            recorder.selected.remove(key)
    if recorder.newer_contract:
        _say(f"account-conformance: {len(recorder.newer_contract)} scenario(s) not run: they "
             f"need a newer contract than the service's {recorder.contract_version}", context)


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
    except Exception as exc:  # the run goes on without a bystander, but cannot pass
        reason = driver.redact(f"{exc.__class__.__name__}: {exc}").splitlines()[0][:300]
        context.recorder.bystander = not_run(f"could not be created: {reason}")
        context.bystander_failure = f"the bystander could not be created ({reason})"
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
    browser = context.suite_config.browser is not None
    for scenario in feature.walk_scenarios():
        if not in_profile(context.suite_config.profile, scenario.effective_tags):
            scenario.skip(reason="profile 'stated' leaves out interpreted statements")
        elif not with_browser(browser, scenario.effective_tags):
            scenario.skip(reason="a screen scenario: run with --browser (-D browser=chromium)")


def before_step(context: Context, step: Step) -> None:
    """A signal may cut a step short (``interrupts.py``); the world learns the step's text
    (failure messages name the attempt by it)."""
    context.interrupts.arm(True)
    if getattr(context, "world", None) is not None:
        context.world.step_text = f"{step.keyword} {step.name}".strip()


def after_step(context: Context, step: Step) -> None:
    """Between steps a signal is only recorded."""
    context.interrupts.arm(False)


def before_scenario(context: Context, scenario: Scenario) -> None:
    """A fresh world per scenario; nothing is shared between scenarios."""
    context.world = None
    reason = context.interrupts.reason
    if reason:  # a signal came while the suite was cleaning up: no further scenario
        context._runner.abort(reason=reason)
        scenario.skip(reason=reason)
        return
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
    context.screen = None
    if context.ui_driver is not None and BROWSER_TAG in scenario.effective_tags:
        context.screen = Screen(context.ui_driver, context.driver_base_url)
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
    if getattr(scenario, "hook_failed", False) and step is None:
        return "error"
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
    relative = Path("evidence") / f"{_evidence_stem(context, outcome)}.txt"
    lines = [f"scenario: {outcome.name}", f"location: {outcome.location}",
             f"statements: {', '.join(outcome.statements)}", f"status: {outcome.status}",
             f"failing step: {outcome.failing_step or '(none: it failed after its steps)'}",
             f"seed: {context.suite_config.seed} (replay: --seed {context.suite_config.seed}, "
             f"or -D seed={context.suite_config.seed} under behave)",
             "", "message:", outcome.message, "",
             "failing request (last exchange), to reproduce:",
             exchanges[-1].curl if exchanges else "(none)", *curl_legend(exchanges[-1:]), "",
             "HTTP exchanges (oldest first; secrets redacted; export the variables of the "
             "legend below to rerun a curl line):", *curl_legend(exchanges)]
    lines += [exchange.reproduce(legend=False) for exchange in exchanges]
    if outcome.browser:
        lines += ["", f"screenshot: {outcome.screenshot or '(none)'}",
                  "located elements (oldest first):"]
        lines += [screen_element_line(element) for element in outcome.ui_elements]
    path = report_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(context.driver.redact("\n".join(lines)) + "\n", encoding="utf-8")
    outcome.evidence_file = relative.as_posix()


def after_scenario(context: Context, scenario: Scenario) -> None:
    """Record the scenario's outcome, with redacted evidence when it did not pass; a leak
    or a change of the bystander's state fails it (see ``fixtures/bystander.py``).

    Never cut short by a signal, and never loses the outcome: an exception of any type in
    the cleanup or the bystander's checks turns the scenario into an *error* with the reason.
    """
    with context.interrupts.deferred():
        _after_scenario(context, scenario)


def _after_scenario(context: Context, scenario: Scenario) -> None:
    bystander: Bystander | None = getattr(context, "bystander", None)
    problems: list[str] = []  # crashes of the suite's side: the scenario ends in error
    leaks: list[str] = []
    if bystander is not None:
        try:
            leaks = bystander.leaks(scenario.name)
        except Exception as exc:
            problems.append(_crash("the bystander's leak check", exc))
    hook_failed = bool(getattr(scenario, "hook_failed", False))
    if scenario.status in (Status.skipped, Status.untested) and not context.run_error \
            and not hook_failed:
        return
    step = _failing_step(scenario)
    status = "error" if context.run_error else _outcome_status(scenario, step)
    driver = context.driver
    outcome = ScenarioOutcome(
        name=scenario.name, feature=Path(scenario.filename).name,
        location=str(scenario.location), statements=statement_ids(scenario.effective_tags),
        status=status, browser=BROWSER_TAG in scenario.effective_tags,
        duration_s=time.perf_counter() - getattr(context, "scenario_started", time.perf_counter()))
    exchanges: list = []
    cleanup_failure = None
    changed = None
    try:
        if driver is not None:
            outcome.requests = driver.request_count() - getattr(context, "requests_before", 0)
            exchanges = driver.take_evidence()
            cleanup_failure = _clean_scenario(context)
            if cleanup_failure and status == "passed":  # the service failed its own cleanup
                status = outcome.status = "failed"
                exchanges += driver.take_evidence()
        if bystander is not None:
            try:
                changed = bystander.after_scenario(outcome)
            except AssertionError as exc:
                changed = f"bystander check: {exc}"
            except Exception as exc:
                problems.append(_crash("the bystander's state check", exc))
        if driver is not None and bystander is not None:
            driver.take_evidence()  # the bystander's reads are not this scenario's evidence
        if leaks or changed:
            status = outcome.status = "failed"
        if problems and status == "passed":
            status = outcome.status = "error"
        if status in ("failed", "error"):
            _describe(context, scenario, outcome, step, exchanges,
                      [*leaks, changed or "", cleanup_failure or "", *problems])
    except Exception as exc:  # recording itself failed: still an outcome, with the reason
        outcome.status = "error" if outcome.status == "passed" else outcome.status
        outcome.message = (outcome.message + "\n" + _crash("recording the scenario", exc)
                           ).strip()
    finally:
        _close_screen(context)
        context.recorder.add(outcome)
    _show_progress(context, outcome)


def _close_screen(context: Context) -> None:
    """Close the scenario's browser context (the browser stays for the next scenario)."""
    screen: Screen | None = getattr(context, "screen", None)
    context.screen = None
    if screen is None:
        return
    try:
        screen.close()
    except Exception as exc:  # the next scenario opens a fresh context anyway
        _say(f"account-conformance: closing the browser context failed: {_crash('', exc)}")
    if context.recorder.browser and " " not in context.recorder.browser:
        version = getattr(screen.ui, "browser_version", None)
        if version:
            context.recorder.browser = f"{context.recorder.browser} {version}"


def _describe(context: Context, scenario: Scenario, outcome: ScenarioOutcome,
              step: Step | None, exchanges: list, extra: list[str]) -> None:
    """The message, evidence lines and evidence file of a scenario that did not pass."""
    driver = context.driver
    raw = ((step.error_message if step else None) or context.run_error
           or getattr(scenario, "error_message", None) or "")
    exception = getattr(step, "exception", None) if step else None
    if isinstance(exception, KeyboardInterrupt):
        raw = (f"{context.interrupts.reason or 'interrupted'}: the scenario was cut short "
               f"at step: {step.keyword} {step.name}" if step else raw)
    raw = "\n".join([raw, *(m for m in extra if m and m not in raw)]).strip()
    if step is not None and step.status == Status.undefined:
        raw = (f"undefined step (a phrase the step library does not know; "
               f"check the scenario text): {step.keyword} {step.name}")
    outcome.message = (driver.redact(raw) if driver is not None else raw).strip()[-2000:]
    if step is not None:
        outcome.failing_step = f"{step.keyword} {step.name} ({step.location})"
    outcome.evidence = [_scrub(context, e.describe()) for e in exchanges[-EVIDENCE_SHOWN:]]
    if getattr(context, "screen", None) is not None:
        _screen_evidence(context, outcome)
    if driver is not None:
        _write_evidence(context, outcome, exchanges)


def _evidence_stem(context: Context, outcome: ScenarioOutcome) -> str:
    """``NNN-slug``: the name of a scenario's evidence files (text, PNG)."""
    number = len(context.recorder.outcomes) + 1
    slug = re.sub(r"[^a-z0-9]+", "-", outcome.name.lower()).strip("-")[:60]
    return f"{number:03d}-{slug}"


def _screen_evidence(context: Context, outcome: ScenarioOutcome) -> None:
    """A failing screen scenario's screenshot and located elements (redacted)."""
    try:
        shot, elements = screen_evidence(context.screen, context.suite_config.report_dir,
                                         _evidence_stem(context, outcome))
    except Exception as exc:  # evidence is a help, never a reason to lose the outcome
        _say(f"account-conformance: no screen evidence: {_crash('', exc)}")
        return
    outcome.screenshot = shot
    outcome.ui_elements = [
        {key: (_scrub(context, value) if isinstance(value, str) else value)
         for key, value in element.items()} for element in elements]


def _clean_scenario(context: Context) -> str | None:
    """Remove what the scenario made (its own prefix) and count it as created.

    Returns why the service failed the removal (an answer outside the contract), or None.
    An exception of another type (the driver's or the suite's) is raised on: the caller
    records the scenario as an error.
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
    """Clean the run prefix, then print the statement table and write every report.

    Runs even after a crash or a signal; never cut short by a signal itself; each part may
    fail on its own (the failure becomes the report's ``aborted`` reason), the reports are
    always written.
    """
    interrupts: Interrupts | None = getattr(context, "interrupts", None)
    if interrupts is None:  # before_all never ran its first line
        interrupts = context.interrupts = Interrupts(raise_first=False)
    with interrupts.deferred():
        _after_all(context, interrupts)


def _after_all(context: Context, interrupts: Interrupts) -> None:
    if getattr(context, "recorder", None) is None:  # before_all crashed before its recorder
        context.suite_config = getattr(context, "suite_config", None) or SuiteConfig(
            seed=0, run_prefix="acr-unconfigured")
        context.recorder = RunRecorder(target="unknown", seed=0, run_prefix="acr-unconfigured")
        context.run_error = getattr(context, "run_error", None) or "suite error before the run"
    recorder: RunRecorder = context.recorder
    config: SuiteConfig = context.suite_config
    driver = getattr(context, "driver", None)
    run_error = getattr(context, "run_error", None)
    crashes: list[str] = []
    if getattr(context, "bystander_failure", None):  # ordinary operations the service broke
        crashes.append(context.bystander_failure)
    bystander: Bystander | None = getattr(context, "bystander", None)
    try:
        if bystander is not None:  # the last check covers the scenarios since the one before
            try:
                bystander.leaks("(after the last scenario)")
                bystander.check()
            except Exception as exc:
                crashes.append(_crash("the bystander's last check", exc))
            recorder.bystander = bystander.report()
        if driver is not None and run_error is None:
            try:
                if bystander is not None:  # made on purpose: counted as created
                    recorder.count_created(driver.remove_run_data(
                        bystander_prefix(config.run_prefix)))
                recorder.left_over = driver.remove_run_data(config.run_prefix)
            except (SuiteError, AssertionError) as exc:  # data may be left: not a clean pass
                reason = _scrub(context, str(exc).splitlines()[0][:300] if str(exc) else "")
                _say(f"account-conformance: cleanup of {config.run_prefix} failed: {reason}")
                crashes.append(f"the run's cleanup of {config.run_prefix} failed "
                               f"({exc.__class__.__name__}: {reason})")
            except Exception as exc:
                crashes.append(_crash("the run's cleanup", exc))
        if driver is not None:
            recorder.requests = driver.request_count()
            stats = getattr(getattr(driver, "transport", None), "stats", None)
            if callable(stats):
                recorder.transport = dict(stats())
    except Exception as exc:
        crashes.append(_crash("after the run", exc))
    hook_failures = getattr(context._runner, "hook_failures", 0)
    if hook_failures and not crashes:
        crashes.append(f"{hook_failures} hook error(s) of the suite (see the output above)")
    aborted_by_runner = getattr(context._runner, "aborted", False)
    reasons = [interrupts.reason] if interrupts.reason else []
    if aborted_by_runner and not reasons and run_error is None:
        reasons.append("the run was aborted")
    recorder.aborted = _scrub(context, "; ".join(reasons + crashes)) or None
    recorder.run_error = _scrub(context, run_error) if run_error else None
    results = recorder.results()
    context.results = results
    context._runner.suite_exit_code = results["exit_code"]
    if config.report_dir is not None:
        try:
            write_results(results, config.report_dir)
        except Exception as exc:  # no results.json: the CLI and plain behave say error
            context._runner.suite_exit_code = 2
            _say(f"account-conformance: cannot write results.json to {config.report_dir}: "
                 f"{exc.__class__.__name__}: {_scrub(context, str(exc))[:200]}")
        try:
            write_reports(results, config.report_dir)
        except Exception as exc:
            _say(f"account-conformance: cannot write the reports to {config.report_dir}: "
                 f"{exc.__class__.__name__}: {_scrub(context, str(exc))[:200]}")
    _say(render_table(results), context)
