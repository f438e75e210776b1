"""Steps for requests that arrive at the same moment (races).

The requests are sent from a ``ThreadPoolExecutor`` with one thread per request; a
``threading.Barrier`` releases them together (``fixtures.security.at_the_same_moment``), so
they reach the service as close to the same moment as the client allows (no sleeping). The
driver is shared by the threads (the driver protocol requires that). A refusal inside a
thread is kept as that request's outcome; any other problem fails the step."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import partial

from behave import given, then, when
from behave.runner import Context

from account_conformance.driver import Domain, ServiceRefusal
from fixtures.enterprise import creator_session, domain_name, domain_record, read_domain
from fixtures.security import at_the_same_moment
from fixtures.sessions import account_named
from fixtures.vocabulary import DomainRef
from fixtures.wording import plural
from fixtures.world import (
    ConcurrentSwitches,
    ConcurrentVerifications,
    ScenarioWorld,
    required,
    scenario_world,
)


def _counted(marked: Iterable[str]) -> str:
    """How many answers marked what: ``18 marked 2 accounts: …``, equal ones counted."""
    return "; and ".join(f"{n} marked {phrase}" for phrase, n in Counter(marked).items())


def _statuses(statuses: dict[str, str]) -> str:
    """Each organization's status of the domain: ``verified for Acme, pending for Globex``."""
    return ", ".join(f"{status} for {org}" for org, status in statuses.items())


def _answers(world: ScenarioWorld, outcomes: dict[str, Domain | ServiceRefusal]) -> str:
    """Each organization's answer to its verification: ``verified for Acme, a refusal with
    the code domain_already_claimed (409) for Globex``."""
    return ", ".join(
        f"{answer.status if isinstance(answer, Domain) else world.words.describe(answer)} "
        f"for {org}" for org, answer in outcomes.items())


def _switches(world: ScenarioWorld) -> ConcurrentSwitches:
    return required(world.concurrent_switches, "no simultaneous switches in this scenario")


@when("{person:Person} switches between the two accounts {times:d} times at the same moment "
      "with one session")
def step_switches_at_the_same_moment(context: Context, person: str, times: int) -> None:
    """One session, alternating targets, all switches released together (each must succeed)."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    world.words.expect(len(accounts) == 2, f"{person}'s account list before the switches",
                       "exactly two accounts", world.words.accounts(accounts))
    session = world.session(person)
    targets = [accounts[i % 2] for i in range(times)]
    results = at_the_same_moment([
        partial(world.driver.switch_account, session, target.id) for target in targets])
    refused = [r for r in results if isinstance(r, ServiceRefusal)]
    world.words.expect(not refused, f"the answers to {person}'s {times} simultaneous switches",
                       "every switch accepted",
                       f"{len(refused)} of {times} refused, the first with "
                       f"{world.words.refusal(refused[0])}" if refused else "none refused")
    world.concurrent_switches = ConcurrentSwitches(
        accounts, [r for r in results if not isinstance(r, ServiceRefusal)])


@then("every one of those switches answered with exactly one account marked current")
def step_every_one_of_those_switches_answered_with_one_current(context: Context) -> None:
    """Each switch's account list marks exactly one account current."""
    world = scenario_world(context)
    answers = _switches(world).answers
    wrong = [[a for a in answer if a.current] for answer in answers
             if sum(a.current for a in answer) != 1]
    world.words.expect(
        not wrong, "the accounts each simultaneous switch's answer marks current",
        "exactly one in every answer",
        f"{len(wrong)} of {plural(len(answers), 'answer')} without exactly one: "
        + _counted(world.words.accounts(marked) for marked in wrong))


@then("{person:Person}'s session is on the account marked current, one of the two")
def step_session_on_marked_account(context: Context, person: str) -> None:
    """The session's current account is the marked one, and one of the two switched to."""
    world = scenario_world(context)
    accounts = _switches(world).accounts
    listed = world.accounts(person)
    marked = [a.id for a in listed if a.current]
    current = world.driver.whoami(world.session(person)).current_account_id
    words = world.words
    words.expect(current in {a.id for a in accounts},
                 f"the current account of {person}'s session after the switches",
                 f"one of the two, {words.accounts(accounts)}",
                 account_named(world, current, [*accounts, *listed]))
    words.expect(marked == [current], f"the accounts {person}'s account list marks current",
                 f"only the session's current one, {account_named(world, current, listed)}",
                 words.accounts(a for a in listed if a.current))


@given("the proofs of {org:Org} and {other:Org} for {domain:DomainRef} are both published")
def step_both_proofs_published(context: Context, org: str, other: str, domain: DomainRef) -> None:
    """Both organizations' tokens, side by side, at the one record name."""
    world = scenario_world(context)
    name = domain_name(world, domain)
    proofs = [domain_record(world, o, name).verification for o in (org, other)]
    world.words.expect(proofs[0].record_name.lower() == proofs[1].record_name.lower(),
                       f"the record names {org} and {other} were given for {name}",
                       "one and the same name",
                       f"{proofs[0].record_name} for {org}, {proofs[1].record_name} for {other}")
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
    words = world.words
    winner = words.one(winners, f"the organizations that have {name} verified, read back",
                       f"exactly one of {org} and {other}",
                       f"{_statuses(statuses)}; the verifications answered "
                       f"{_answers(world, outcomes)}")
    answer = outcomes[winner]
    words.expect(isinstance(answer, Domain) and answer.status == "verified",
                 f"the answer to {winner}'s verification of {name}, which {winner} holds now",
                 f"{name} verified", answer)


@then("the other one was refused because another organization holds the domain")
def step_other_refused(context: Context) -> None:
    """The loser was refused for that reason, and its domain is as before (pending)."""
    world = scenario_world(context)
    name, outcomes = _verifications(world)
    losers = [o for o, answer in outcomes.items()
              if not (isinstance(answer, Domain) and answer.status == "verified")]
    words = world.words
    loser = words.one(losers, f"the simultaneous verifications of {name} not answered verified",
                      "exactly one", _answers(world, outcomes))
    refusal = outcomes[loser]
    words.expect(isinstance(refusal, ServiceRefusal) and refusal.code == "domain_already_claimed",
                 f"the answer to {loser}'s verification of {name}",
                 "a refusal with the code domain_already_claimed (another organization holds "
                 "the domain)", refusal)
    domain = read_domain(world, loser, name)
    words.expect(domain.status == "pending", f"{name} for {loser} after the refusal, read back",
                 "pending", domain)
