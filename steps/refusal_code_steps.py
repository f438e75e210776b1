"""Steps that trigger the refusals of the contract's error table no other feature reaches.

Vocabulary: "Mia tries to accept the invitation to Acme" (the invitation the scenario gave
her, see "has a pending invitation"), "Alex tries to cancel the individual subscription",
"Olivia tries to add Acme's company domain in upper case", "Nina tries to create an
organization with a plan that does not exist"; and, through the driver's raw requests
(``fixtures.refusals``), "Alex sends <input> with each request that would otherwise
succeed" and "Alex uses every address of the service with a method it does not offer".
"every one of those requests is refused because <reason>" checks each raw answer: a clean
problem with the reason's code and the status the contract's error table gives it.
"""

from __future__ import annotations

from behave import given, then, when
from behave.runner import Context

from fixtures.enterprise import add_domain_change, attempt_change, domain_name, owner_of
from fixtures.refusals import (
    send_to_requests_that_would_succeed,
    send_unoffered_methods,
    wrongly_refused,
)
from fixtures.vocabulary import DomainRef, Reason
from fixtures.wording import plural
from fixtures.world import required, scenario_world


@given("{person:Person} has accepted the invitation to {org:Org}")
def step_has_accepted_invitation_to_org(context: Context, person: str, org: str) -> None:
    """The person accepts the pending invitation the scenario gave them (must succeed)."""
    world = scenario_world(context)
    invitation = required(world.person(person).invitations.get(org),
                          f"{person} has no invitation to {org} in this scenario")
    account = world.driver.accept_invitation(world.session(person), invitation.id)
    world.words.expect(account.organization_id == world.org(org).id,
                       f"the account {person} got for accepting the invitation to {org}",
                       f"an account in {org}", account)


@when("{person:Person} tries to accept the invitation to {org:Org}")
def step_tries_to_accept_invitation_to_org(context: Context, person: str, org: str) -> None:
    """Attempt to accept the invitation the scenario gave the person; checked later."""
    world = scenario_world(context)
    invitation = required(world.person(person).invitations.get(org),
                          f"{person} has no invitation to {org} in this scenario")
    world.attempt(lambda: world.driver.accept_invitation(world.session(person), invitation.id))


@when("{person:Person} tries to cancel the individual subscription")
def step_tries_to_cancel_individual_subscription(context: Context, person: str) -> None:
    """Attempt to cancel the individual subscription; checked by a later step."""
    world = scenario_world(context)
    world.attempt(lambda: world.driver.cancel_individual_subscription(world.session(person)))


@when("{person:Person} tries to add {domain:DomainRef} in upper case")
def step_tries_to_add_domain_in_upper_case(context: Context, person: str,
                                           domain: DomainRef) -> None:
    """Attempt to add the domain, written in upper case; checked by a later step."""
    world = scenario_world(context)
    org = owner_of(domain)
    attempt_change(world, add_domain_change(world, person, org,
                                            domain_name(world, domain, org).upper()))


@when("{person:Person} tries to create an organization with a plan that does not exist")
def step_tries_to_create_organization_with_plan_that_does_not_exist(context: Context,
                                                                     person: str) -> None:
    """Attempt to create an organization whose plan is no plan of the contract."""
    world = scenario_world(context)
    world.attempt(lambda: world.driver.create_organization(
        world.session(person), world.data.organization_name(), "galaxy"))


@when("{person:Person} sends {hostile:HostileInput} with each request that would otherwise "
      "succeed")
def step_sends_hostile_with_each_request_that_would_otherwise_succeed(
        context: Context, person: str, hostile: str) -> None:
    """Send the input with each of a fixed list of requests the service would accept."""
    send_to_requests_that_would_succeed(scenario_world(context), person, hostile)


@when("{person:Person} uses every address of the service with a method it does not offer")
def step_uses_every_address_with_method_it_does_not_offer(context: Context,
                                                          person: str) -> None:
    """Send each path of the contract every method no operation of that path takes."""
    send_unoffered_methods(scenario_world(context), person)


@then("every one of those requests is refused because {reason:Reason}")
def step_every_one_of_those_requests_is_refused_because_reason(context: Context,
                                                               reason: Reason) -> None:
    """Each raw answer is a clean problem with the reason's code and the contract's status."""
    world = scenario_world(context)
    answers = required(world.hostile, "no such request was sent in this scenario").answers
    wrong = wrongly_refused(answers, reason)
    world.words.expect(not wrong, f"the answers to the {len(answers)} requests",
                       f"each a clean refusal with the code {reason.code} ({reason.phrase}) "
                       "and the contract's status",
                       f"{plural(len(wrong), 'answer')} otherwise, one a line:\n"
                       + "\n".join(wrong[:12]) + ("\n- …" if len(wrong) > 12 else ""))
