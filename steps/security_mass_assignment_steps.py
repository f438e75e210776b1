"""Steps for mass assignment: requests sent with fields the person may not set.

"…, sending extra fields" sends the request through the driver's optional
``with_extra_fields`` view, which adds ``fixtures.security.extra_fields`` to the request
body (the request's own fields win). ``organization_id`` is the id of the scenario's first
organization (Acme in the feature's background), so a field that moved something into it
would show there. The contract lets a service ignore the fields or refuse the whole request
with ``invalid_request``; the Then steps accept both and then read the state back."""

from __future__ import annotations

from typing import Any

from behave import then, when
from behave.runner import Context

from account_conformance.driver import Account
from fixtures.enterprise import company_domain
from fixtures.security import assert_only_primary_owner, member_entry, went_through, with_extras
from fixtures.world import scenario_world


@when("{person:Person} tries to sign up for an individual account, sending extra fields")
def step_tries_to_sign_up_sending_extra_fields(context: Context, person: str) -> None:
    """Individual sign-up with the extra fields in its body."""
    world = scenario_world(context)
    driver = with_extras(world)
    world.attempt(lambda: driver.sign_up_individual(world.session(person)))


@when("{person:Person} tries to create a Team organization, sending extra fields")
def step_tries_to_create_a_team_organization_sending_extra_fields(
        context: Context, person: str) -> None:
    """Create a Team organization with the extra fields in its body."""
    world = scenario_world(context)
    driver = with_extras(world)
    name = world.data.organization_name()
    world.attempt(lambda: driver.create_organization(world.session(person), name, "team"))


@when("{person:Person} tries to cancel the individual subscription, sending extra fields")
def step_tries_to_cancel_sending_extra_fields(context: Context, person: str) -> None:
    """Cancel the individual subscription with the extra fields in its body."""
    world = scenario_world(context)
    driver = with_extras(world)
    world.attempt(lambda: driver.cancel_individual_subscription(world.session(person)))


@when("{person:Person} tries to switch to the {account:AccountKind} account, sending extra "
      "fields")
def step_tries_to_switch_sending_extra_fields(context: Context, person: str, account: str) -> None:
    """Remember the accounts; switch with the extra fields in the body."""
    world = scenario_world(context)
    world.before.accounts[person] = world.accounts(person)
    target = world.account_of_kind(person, account)
    driver = with_extras(world)
    world.attempt(lambda: driver.switch_account(world.session(person), target.id))


@when("{person:Person} tries to accept the invitation to {org:Org}, sending extra fields")
def step_tries_to_accept_the_invitation_sending_extra_fields(
        context: Context, person: str, org: str) -> None:
    """Accept the person's pending invitation with the extra fields in the body."""
    world = scenario_world(context)
    session = world.session(person)
    pending = [i for i in world.driver.list_my_invitations(session)
               if i.organization_id == world.org(org).id]
    world.words.expect(pending, f"{person}'s pending invitations",
                       f"one to {org}", "none to it")
    driver = with_extras(world)
    world.attempt(lambda: driver.accept_invitation(session, pending[0].id))


@when("{person:Person} tries to add {org:Org}'s company domain to {target:Org}, sending extra "
      "fields")
def step_tries_to_add_company_domain_sending_extra_fields(context: Context, person: str, org: str,
                                                          target: str) -> None:
    """Add the organization's company domain with the extra fields in the body."""
    world = scenario_world(context)
    name = company_domain(world, org)
    driver = with_extras(world)
    world.attempt(lambda: driver.add_domain(world.session(person), world.org(target).id, name))


@then("the extra fields were ignored or the whole request was refused as invalid")
def step_extra_fields_were_ignored_or_refused(context: Context) -> None:
    """Accepted, or refused with the code for invalid input — nothing else."""
    world = scenario_world(context)
    if not went_through(world):
        refusal = world.last_refusal()
        world.words.expect(refusal.code == "invalid_request",
                           "the answer to the request with extra fields",
                           "acceptance, or a refusal with the code invalid_request", refusal)


@then("{person:Person} has at most a Free individual account without a subscription")
def step_at_most_free_individual(context: Context, person: str) -> None:
    """No account, or exactly one: individual, free, no subscription, no organization."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    expected = 1 if went_through(world) else 0
    world.words.expect(len(accounts) == expected, f"{person}'s account list",
                       _accounts_after(expected), world.words.accounts(accounts))
    for account in accounts:
        seen = (account.kind, account.plan, account.subscription, account.organization,
                account.role)
        world.words.expect(seen == ("individual", "free", "none", None, None),
                           f"the account {person}'s sign-up with extra fields gave",
                           "a Free individual account without a subscription", account)


@then("{person:Person} has at most a primary owner's account in a new Team organization")
def step_at_most_new_team_org(context: Context, person: str) -> None:
    """No account, or one: the primary owner's account in a new Team organization."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    expected = 1 if went_through(world) else 0
    world.words.expect(len(accounts) == expected, f"{person}'s account list",
                       _accounts_after(expected), world.words.accounts(accounts))
    known = {org.id for org in world.organizations.values()}
    what = f"the account {person}'s new Team organization with extra fields gave"
    for account in accounts:
        seen = (account.kind, account.plan, account.subscription, account.role)
        world.words.expect(seen == ("organization", "team", "none", "primary_owner"), what,
                           "the primary owner's account in a Team organization, without a "
                           "subscription", account)
        world.words.expect(account.organization_id not in known, what,
                           "an account in a new organization", account)


def _accounts_after(expected: int) -> str:
    """What the account list holds after a request with extra fields: one account when the
    request went through, none when it was refused."""
    return ("exactly one account (the request went through)" if expected
            else "no account (the request was refused)")


@then("{org:Org}'s member list has no entry for {person:Person}")
def step_member_list_has_no_entry(context: Context, org: str, person: str) -> None:
    """The organization's creator sees no member with the person's email."""
    world = scenario_world(context)
    entry = member_entry(world, org, person)
    world.words.expect(entry is None, f"{org}'s member list", f"no entry for {person}", entry)


@then("{person:Person}'s individual account is still a Pro account, cancelled if the request "
      "went through")
def step_still_pro_cancelled(context: Context, person: str) -> None:
    """Plan and kind unchanged; the subscription cancelled only when it was accepted."""
    world = scenario_world(context)
    account = world.account_of_kind(person, "individual")
    subscription = "cancelled" if went_through(world) else "active"
    seen = (account.kind, account.plan, account.subscription, account.organization)
    world.words.expect(seen == ("individual", "pro", subscription, None),
                       f"{person}'s individual account after cancelling with extra fields",
                       f"a Pro account with the subscription {subscription}", account)


@then("{person:Person}'s accounts are as before, apart from which one is current")
def step_accounts_as_before(context: Context, person: str) -> None:
    """Same accounts with the same kind, plan, organization, role and subscription."""
    world = scenario_world(context)
    before = world.before.accounts_of(person)

    def essentials(accounts: list[Account]) -> set[tuple[Any, ...]]:
        return {(a.id, a.kind, a.plan, a.organization_id, a.role, a.subscription, a.status)
                for a in accounts}

    now = world.accounts(person)
    world.words.expect(essentials(now) == essentials(before), f"{person}'s accounts",
                       f"as before, apart from which one is current: "
                       f"{world.words.accounts(before)}", world.words.accounts(now))


@then("{person:Person} is at most a member of {org:Org}")
def step_at_most_member(context: Context, person: str, org: str) -> None:
    """Not in the member list, or listed with the role member."""
    world = scenario_world(context)
    entry = member_entry(world, org, person)
    if went_through(world):
        world.words.expect(entry is not None, f"{org}'s member list after {person} accepted",
                           f"an entry for {person}", f"no entry for {person}")
    if entry is not None:
        world.words.expect(entry.role == "member", f"{person}'s entry in {org}'s member list",
                           f"{person} as member", entry)


@then("{person:Person} is still {org:Org}'s only primary owner")
def step_still_only_primary_owner(context: Context, person: str, org: str) -> None:
    """Exactly one member is primary owner, and it is the person."""
    assert_only_primary_owner(scenario_world(context), org, person)


@then("{org:Org}'s company domain is at most pending for {target:Org}, with no restriction and "
      "no block")
def step_domain_at_most_pending(context: Context, org: str, target: str) -> None:
    """The domain is not listed, or listed as pending with both settings off."""
    world = scenario_world(context)
    name = company_domain(world, org).lower()
    state = world.org(target)
    listed = world.driver.list_domains(world.session(state.creator), state.id)
    found = [d for d in listed if d.domain.lower() == name]
    through = went_through(world)
    world.words.expect(len(found) == (1 if through else 0), f"{target}'s domains",
                       f"{name} listed once (the request went through)" if through
                       else f"{name} not listed (the request was refused)", listed)
    for domain in found:
        seen = (domain.status, domain.restrict_to_members, domain.block_individual_signups)
        world.words.expect(seen == ("pending", False, False),
                           f"{name} in {target}'s domains after adding it with extra fields",
                           f"{name} (pending, not restricted, individual sign-ups open)",
                           domain)
