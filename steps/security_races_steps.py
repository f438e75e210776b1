"""Steps for requests that arrive at the same moment (races).

The requests are sent from a ``ThreadPoolExecutor`` with one thread per request; a
``threading.Barrier`` releases them together (``fixtures.security.at_the_same_moment``), so
they reach the service as close to the same moment as the client allows (no sleeping). The
driver is shared by the threads (the driver protocol requires that). A refusal inside a
thread is kept as that request's outcome; any other problem fails the step."""

from __future__ import annotations

from functools import partial

from behave import given, then, when
from behave.runner import Context

from account_conformance.driver import Domain, ServiceRefusal
from fixtures.enterprise import creator_session, domain_name, domain_record, read_domain
from fixtures.security import at_the_same_moment
from fixtures.vocabulary import DomainRef
from fixtures.world import (
    ConcurrentSwitches,
    ConcurrentVerifications,
    ScenarioWorld,
    required,
    scenario_world,
)


def _switches(world: ScenarioWorld) -> ConcurrentSwitches:
    return required(world.concurrent_switches, "no simultaneous switches in this scenario")


@when("{person:Person} switches between the two accounts {times:d} times at the same moment "
      "with one session")
def step_switches_at_the_same_moment(context: Context, person: str, times: int) -> None:
    """One session, alternating targets, all switches released together (each must succeed)."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    assert len(accounts) == 2, f"{person} needs exactly two accounts, has {accounts}"
    session = world.session(person)
    targets = [accounts[i % 2] for i in range(times)]
    results = at_the_same_moment([
        partial(world.driver.switch_account, session, target.id) for target in targets])
    refused = [r for r in results if isinstance(r, ServiceRefusal)]
    assert not refused, f"{len(refused)} of {times} switches were refused: {refused[0]}"
    world.concurrent_switches = ConcurrentSwitches(
        accounts, [r for r in results if not isinstance(r, ServiceRefusal)])


@then("every one of those switches answered with exactly one account marked current")
def step_every_one_of_those_switches_answered_with_one_current(context: Context) -> None:
    """Each switch's account list marks exactly one account current."""
    answers = _switches(scenario_world(context)).answers
    wrong = [[a.id for a in answer if a.current] for answer in answers
             if sum(a.current for a in answer) != 1]
    assert not wrong, (
        f"{len(wrong)} of {len(answers)} switches answered without exactly one current "
        f"account (marked: {wrong})")


@then("{person:Person}'s session is on the account marked current, one of the two")
def step_session_on_marked_account(context: Context, person: str) -> None:
    """The session's current account is the marked one, and one of the two switched to."""
    world = scenario_world(context)
    accounts = _switches(world).accounts
    marked = [a.id for a in world.accounts(person) if a.current]
    current = world.driver.whoami(world.session(person)).current_account_id
    assert current in {a.id for a in accounts}, (
        f"after the switches the session is on {current}, not on one of {accounts}")
    assert marked == [current], f"the session is on {current}, the list marks {marked}"


@given("the proofs of {org:Org} and {other:Org} for {domain:DomainRef} are both published")
def step_both_proofs_published(context: Context, org: str, other: str, domain: DomainRef) -> None:
    """Both organizations' tokens, side by side, at the one record name."""
    world = scenario_world(context)
    name = domain_name(world, domain)
    proofs = [domain_record(world, o, name).verification for o in (org, other)]
    assert proofs[0].record_name.lower() == proofs[1].record_name.lower(), (
        f"the two organizations were given different record names: {proofs}")
    world.driver.publish_txt(proofs[0].record_name, [p.record_value for p in proofs])


@when("{org:Org} and {other:Org} verify {domain:DomainRef} at the same moment")
def step_verify_at_the_same_moment(context: Context, org: str, other: str,
                                   domain: DomainRef) -> None:
    """Each organization's primary owner asks for verification; released together."""
    world = scenario_world(context)
    name = domain_name(world, domain)
    orgs = (org, other)
    results = at_the_same_moment([
        partial(world.driver.verify_domain, creator_session(world, o), world.org(o).id, name)
        for o in orgs])
    world.concurrent_verifications = ConcurrentVerifications(
        name, dict(zip(orgs, results, strict=True)))


def _verifications(world: ScenarioWorld) -> tuple[str, dict[str, Domain | ServiceRefusal]]:
    done = required(world.concurrent_verifications,
                    "no simultaneous verifications in this scenario")
    return done.domain, done.outcomes


@then("exactly one of {org:Org} and {other:Org} has {domain:DomainRef} verified")
def step_exactly_one_verified(context: Context, org: str, other: str, domain: DomainRef) -> None:
    """Read back by each primary owner: one verified; its own answer said verified."""
    world = scenario_world(context)
    name, outcomes = _verifications(world)
    statuses = {o: read_domain(world, o, name).status for o in (org, other)}
    winners = [o for o, status in statuses.items() if status == "verified"]
    assert len(winners) == 1, (
        f"after verifying at the same moment the statuses are {statuses}; answers {outcomes}")
    answer = outcomes[winners[0]]
    assert isinstance(answer, Domain) and answer.status == "verified", (
        f"{winners[0]} holds {name} now, but its verification answered {answer}")


@then("the other one was refused because another organization holds the domain")
def step_other_refused(context: Context) -> None:
    """The loser was refused for that reason, and its domain is as before (pending)."""
    world = scenario_world(context)
    name, outcomes = _verifications(world)
    losers = [o for o, answer in outcomes.items()
              if not (isinstance(answer, Domain) and answer.status == "verified")]
    assert len(losers) == 1, f"expected exactly one refused verification: {outcomes}"
    refusal = outcomes[losers[0]]
    assert isinstance(refusal, ServiceRefusal) and refusal.code == "domain_already_claimed", (
        f"{losers[0]}'s verification answered {refusal}, expected a refusal because another "
        "organization holds the domain")
    status = read_domain(world, losers[0], name).status
    assert status == "pending", f"after the refusal {name} is {status} for {losers[0]}"
