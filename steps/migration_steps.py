"""Steps for moving an individual account into an organization, and for joining one (S03).

A migration request is always refused; joining by invitation gives a new organization
account next to the individual one. The checks that a refused request changed nothing
live in ``separation_steps``; the state they compare with is read by
``world.remember_state``.
"""

from __future__ import annotations

from behave import given, then, when
from behave.runner import Context

from account_conformance.driver import Account
from fixtures.wording import plural
from fixtures.world import ScenarioWorld, required, scenario_world


def _joined(world: ScenarioWorld, person: str) -> Account:
    return required(world.person(person).joined_account,
                    f"{person} has not accepted an invitation in this scenario")


@given("{person:Person} has a pending invitation to {org:Org} as {role:Role}")
def step_has_pending_invitation(context: Context, person: str, org: str, role: str) -> None:
    """The organization's creator invites the person's email; it is not accepted yet."""
    world = scenario_world(context)
    state = world.org(org)
    invitation = world.driver.invite(world.session(state.creator), state.id,
                                     world.person(person).email, role)
    world.words.expect(invitation.status == "pending",
                       f"the invitation of {person} to {org}, just sent", "pending", invitation)
    world.person(person).invitations[org] = invitation


@when("{person:Person} tries to move the individual account into {org:Org}'s member list")
def step_tries_to_move_the_individual_account_into_org(context: Context, person: str,
                                                       org: str) -> None:
    """Remember the state, then ask to migrate the individual account into the organization."""
    world = scenario_world(context)
    individual = world.account_of_kind(person, "individual")
    world.remember_state(person)
    world.attempt(lambda: world.driver.request_migration(
        world.session(person), individual.id, world.org(org).id))


@then("{person:Person}'s invitation to {org:Org} is still pending")
def step_invitation_still_pending(context: Context, person: str, org: str) -> None:
    """The person's invitations still list the invitation, pending."""
    world = scenario_world(context)
    invitation = required(world.person(person).invitations.get(org),
                          f"{person} was not invited to {org} in this scenario")
    pending = world.driver.list_my_invitations(world.session(person))
    world.words.expect(invitation.id in {i.id for i in pending if i.status == "pending"},
                       f"{person}'s invitations",
                       f"the invitation to {org} (id {invitation.id}) among them, pending",
                       pending)


@when("{person:Person} accepts an invitation to {org:Org} sent to the same email")
def step_accepts_invitation_same_email(context: Context, person: str, org: str) -> None:
    """Remember the state; the creator invites the person's email and the person accepts."""
    world = scenario_world(context)
    state = world.org(org)
    world.remember_state(person)
    invitation = world.driver.invite(world.session(state.creator), state.id,
                                     world.person(person).email, "member")
    world.person(person).joined_account = world.driver.accept_invitation(
        world.session(person), invitation.id)


@then("{person:Person} has a new organization account in {org:Org} beside the individual "
      "account")
def step_new_org_account_beside_individual(context: Context, person: str, org: str) -> None:
    """One more account: organization kind, new id, same email; the individual one stays."""
    world = scenario_world(context)
    before = world.before.accounts_of(person)
    individual = world.before.account_of(person, "individual")
    joined = _joined(world, person)
    now = world.accounts(person)
    new = [a for a in now if a.id not in {b.id for b in before}]
    words = world.words
    words.expect(len(now) == len(before) + 1 and len(new) == 1,
                 f"{person}'s account list after joining {org}",
                 f"exactly one account more than the {plural(len(before), 'account')} before",
                 words.accounts(now))
    account = new[0]
    words.expect(account.id == joined.id, f"{person}'s new account in the list",
                 f"the one joining answered with, {words.account(joined)}", account)
    words.expect(account.kind == "organization" and account.organization_id == world.org(org).id,
                 f"{person}'s new account", f"an account in {org}", account)
    words.expect(account.id != individual.id, f"{person}'s new account",
                 f"another id than the individual account (id {individual.id})", account)
    words.expect(account.email.lower() == individual.email.lower(),
                 f"the email of {person}'s new account in {org}",
                 f"the individual account's {individual.email}", account.email)
    still = [a for a in now if a.id == individual.id]
    words.expect(still and still[0].kind == "individual",
                 f"{person}'s account list after joining {org}",
                 f"still the individual account (id {individual.id})", words.accounts(now))


@then("{org:Org}'s member list shows {person:Person}'s new organization account and not the "
      "individual account")
def step_member_list_shows_new_account(context: Context, org: str, person: str) -> None:
    """The member list gains the new organization account and never the individual one."""
    world = scenario_world(context)
    state = world.org(org)
    individual = world.before.account_of(person, "individual")
    joined = _joined(world, person)
    members = world.driver.list_members(world.session(state.creator), state.id)
    ids = {m.account_id for m in members}
    what = f"{org}'s member list after {person} joined"
    world.words.expect(joined.id in ids, what,
                       f"{person}'s new organization account (id {joined.id}) in it", members)
    world.words.expect(individual.id not in ids, what,
                       f"without {person}'s individual account (id {individual.id})", members)
    before = world.before.members_of(org)
    world.words.expect(len(members) == len(before) + 1, what,
                       f"exactly one member more than the {plural(len(before), 'member')} "
                       "before", members)
