"""The bystander (``fixtures/bystander.py``): another tenant beside every scenario.

Quick tests build a bystander on a real reference and check its markers, its leak watch
and its state check; the slow ones read the shared whole-suite runs: the clean run's
bystander ran and caught nothing, and the leak fault is caught by the bystander only.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from account_conformance.driver import (
    ContractViolation,
    DriverSettings,
    HttpAccountServiceDriver,
    Session,
)
from account_conformance.reporting import ScenarioOutcome, merge_bystander
from conftest import SuiteRunResult, SuiteRuns
from fixtures.bystander import (
    Bystander,
    LeakWatch,
    Marker,
    Markers,
    Population,
    bystander_prefix,
    create_population,
)
from fixtures.data import TestDataBuilder

RUN_PREFIX = "acr-0b5e7a11"
LEAK_FAULT = "invitations-listed-for-every-email"


@pytest.fixture(scope="module")
def driver(reference_url: str) -> Iterator[HttpAccountServiceDriver]:
    """A driver for the session's clean reference."""
    driver = HttpAccountServiceDriver(DriverSettings(base_url=reference_url))
    yield driver
    driver.remove_run_data(RUN_PREFIX)
    driver.close()


@pytest.fixture(scope="module")
def population(driver: HttpAccountServiceDriver) -> Population:
    """A bystander created through the driver, as the suite creates it."""
    return create_population(driver, RUN_PREFIX)


class _Answer:
    """What the leak watch reads of a reply: its text (and evidence for the violation)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.evidence = None


def _outcome(name: str) -> ScenarioOutcome:
    return ScenarioOutcome(name=name, feature="x.feature", location="x.feature:1",
                           statements=("S01",), status="passed")


def test_the_marker_regex_matches_emails_and_domains_in_any_case(
        population: Population) -> None:
    """Emails, domains and the reserved prefix match in any case; names as written."""
    markers = Markers(population.markers)
    owen = population.sessions["owen"].email
    found = markers.find(f'{{"email": "{owen.upper()}"}}')
    assert found is not None and found.label == "Owen's email", found
    domain = next(m.text for m in population.markers if m.label == "verified domain")
    assert markers.find(f"see {domain.upper()} now") is not None
    assert markers.find(f'"name": "{bystander_prefix(RUN_PREFIX).upper()} x"') is not None
    found = markers.find('{"name": "Owen Bystander"}')
    assert found is not None and found.label == "Owen's name", found
    assert markers.find('{"name": "OWEN BYSTANDER"}') is None  # names: as written
    organization = next(m.text for m in population.markers if m.label == "organization's id")
    assert markers.find(f'"organization_id":"{organization}"') is not None
    assert markers.find(f'"organization_id":"{organization}x"') is None  # a whole token only
    assert markers.find("") is None


def test_the_marker_regex_never_matches_scenario_data(population: Population) -> None:
    """Nothing a scenario generates under ``<run prefix>-<8 hex>`` contains a marker."""
    markers = Markers(population.markers)
    assert not any(m.kind == "id" and len(m.text) < 8 for m in markers.markers)
    for number in range(200):
        data = TestDataBuilder(1234, RUN_PREFIX, f"some.feature:Scenario {number}")
        person = data.person()
        texts = [data.scenario_prefix, data.base_domain, person.email, person.email.upper(),
                 person.name, data.company_domain(), data.organization_name(), data.title(),
                 f"urn:{RUN_PREFIX}:idp:acme", f"wrong-token-{RUN_PREFIX}",
                 f"no-such-organization-{RUN_PREFIX}"]
        for text in texts:
            assert markers.find(text) is None, (text, markers.find(text))


def test_the_leak_watch_fails_a_scenario_request_and_names_the_datum(
        population: Population) -> None:
    """Only while a scenario runs, never for test-support; the message names the datum and
    the request, and the leak is kept for after_scenario."""
    watch = LeakWatch(Markers(population.markers))
    owen = population.sessions["owen"].email
    answer = _Answer(f'{{"members": [{{"email": "{owen}"}}]}}')
    watch("GET", "http://h/v1/organizations/o/members", answer)  # not active: no check
    watch.active = True
    watch("POST", "http://h/test-support/sessions", answer)  # test-support: exempt
    with pytest.raises(ContractViolation) as raised:
        watch("GET", "http://h/v1/organizations/o/members?x=1", answer)
    message = str(raised.value)
    assert "GET /v1/organizations/o/members?x=1" in message and "Owen's email" in message
    assert watch.take() == [message.removeprefix("contract violation: ")]
    assert watch.take() == []
    token = next(m for m in population.markers if m.label == "domain proof token")
    with pytest.raises(ContractViolation) as raised:
        watch("GET", "http://h/v1/x", _Answer(f'"{token.text}"'))
    assert token.text not in str(raised.value) and "domain proof token" in str(raised.value)


def test_the_state_check_fails_every_scenario_since_the_last_check(
        driver: HttpAccountServiceDriver, population: Population) -> None:
    """A change of the bystander's state fails the scenarios since the last check, once."""
    bystander = Bystander(driver, population, every=2)
    assert bystander.observed and bystander.watch in driver.transport.answer_observers
    try:
        first, second, third = _outcome("first"), _outcome("second"), _outcome("third")
        assert bystander.after_scenario(first) is None  # not checked yet
        assert bystander.after_scenario(second) is None  # checked: unchanged
        owen: Session = population.sessions["owen"]
        driver.create_item(owen, "conversation", "written by someone else")
        assert bystander.after_scenario(third) is None
        message = bystander.after_scenario(_outcome("fourth"))
        assert message is not None and "Owen's conversations" in message, message
        assert third.status == "failed" and message in third.message
        assert first.status == second.status == "passed"
        assert bystander.check() is None  # the new state is the baseline: reported once
        report = bystander.report()
        assert report["ran"] and [c["kind"] for c in report["caught"]] == ["state"]
        assert report["caught"][0]["scenarios"] == ["third", "fourth"]
    finally:
        driver.transport.answer_observers.remove(bystander.watch)


def test_the_parts_of_a_distributed_run_merge_into_one_entry() -> None:
    """Every worker's bystander ran → ran; one that did not → not ran, with its reason."""
    ran = {"ran": True, "state_checks": 3, "leak_check": True,
           "caught": [{"kind": "leak", "scenarios": ["a"], "message": "m"}]}
    merged = merge_bystander([ran, dict(ran, caught=[])])
    assert merged is not None and merged["ran"] and merged["state_checks"] == 6
    assert len(merged["caught"]) == 1
    off = merge_bystander([ran, {"ran": False, "reason": "switched off", "caught": []}])
    assert off is not None and not off["ran"] and off["reason"] == "switched off"
    assert merge_bystander([None, None]) is None


def test_a_short_id_is_no_marker() -> None:
    """A service with short ids (``12``) gets no id markers: they could match anything."""
    markers = Markers([Marker("id", "12", "id"), Marker("name", "Ivy Bystander")])
    assert markers.find('{"count": 12}') is None
    assert markers.find('"Ivy Bystander"') is not None


@pytest.mark.slow
def test_the_clean_run_had_a_bystander_that_caught_nothing(clean_run: SuiteRunResult) -> None:
    """The clean reference: the bystander ran, was checked, caught nothing; all pass."""
    assert clean_run.code == 0, clean_run.output[-2000:]
    entry = clean_run.results["bystander"]
    assert entry["ran"] and entry["leak_check"] and entry["state_checks"] > 1, entry
    assert entry["caught"] == []
    assert "account-conformance: bystander (" in clean_run.output


@pytest.mark.slow
def test_the_leak_fault_fails_with_a_bystander_message(suite_runs: SuiteRuns) -> None:
    """Another tenant's invitations in one's own list: exactly the listed statements fail,
    every failing scenario names the bystander's datum and the request."""
    from account_reference.faults import FAULTS

    run = suite_runs.get(LEAK_FAULT)
    assert run.code == 1, run.output[-2000:]
    failed = {sid for sid, verdict in run.verdicts.items() if verdict == "fail"}
    assert failed == set(FAULTS[LEAK_FAULT].statements)
    scenarios = [s for s in run.results["scenarios"] if s["status"] != "passed"]
    assert scenarios and all("bystander's" in s["message"] and "GET /v1/me/invitations"
                             in s["message"] for s in scenarios), scenarios[:2]
    caught = run.results["bystander"]["caught"]
    assert {c["kind"] for c in caught} == {"leak"} and len(caught) == len(scenarios)
