"""Steps for people, their accounts and switching between them (shared by all features).

Vocabulary: a *person* is a capitalised name ("Alex"); an *organization* is a capitalised
word ("Acme"). "tries to" phrases may be refused and are checked by a later Then step; all
other actions must succeed.
"""

from __future__ import annotations

from behave import given, then, when
from behave.runner import Context

from fixtures.wording import plural, quoted
from fixtures.world import (
    OrganizationState,
    SwitchAnswer,
    required,
    scenario_world,
)


def _owner_alias(org: str) -> str:
    return f"Owner of {org}"


@given("{person:Person} has an individual {plan:IndividualPlan} account")
def step_has_individual_account(context: Context, person: str, plan: str) -> None:
    """Sign the person up for an individual account and set its plan."""
    world = scenario_world(context)
    account = world.driver.sign_up_individual(world.session(person))
    world.words.expect(account.kind == "individual", f"the account {person}'s sign-up gave",
                       "an individual account", account)
    if plan != "free":
        account = world.driver.set_individual_plan(world.person(person).email, plan)
    world.words.expect(account.plan == plan, f"the plan of {person}'s individual account",
                       plan.title(), account)


@given("{person:Person} has signed in but has no account yet")
def step_has_no_account(context: Context, person: str) -> None:
    """Start a session for a new identity without creating any account."""
    scenario_world(context).session(person)


@given("{person:Person} has created the {plan:OrganizationPlan} organization {org:Org}")
def step_has_created_organization(context: Context, person: str, plan: str, org: str) -> None:
    """The person creates an organization and becomes its primary owner."""
    world = scenario_world(context)
    organization, account = world.driver.create_organization(
        world.session(person), world.data.organization_name(), plan)
    world.words.expect(organization.plan == plan, f"the plan of {org}, created by {person}",
                       plan.title(), organization)
    world.words.expect(account.role == "primary_owner", f"{person}'s role in {org}, which they "
                       "created", "primary owner", account)
    world.organizations[org] = OrganizationState(org, organization.id, plan,
                                                 organization.name, creator=person)


@given("the {plan:OrganizationPlan} organization {org:Org} exists")
def step_organization_exists(context: Context, plan: str, org: str) -> None:
    """Someone else (the organization's owner) has created the organization."""
    step_has_created_organization(context, _owner_alias(org), plan, org)


@given("{person:Person} has joined {org:Org} as {role:Role} by invitation")
def step_has_joined_org_as_role_by_invitation(context: Context, person: str, org: str,
                                              role: str) -> None:
    """The organization's creator invites the person's email; the person accepts."""
    scenario_world(context).join_by_invitation(person, org, role)


@given("{person:Person} has an individual {plan:IndividualPlan} account and "
       "{article:Article} {org_plan:OrganizationPlan} organization account in {org:Org}")
def step_has_an_individual_account_and_an_organization_account(
        context: Context, person: str, plan: str, article: str, org_plan: str, org: str) -> None:
    """Individual account with a plan, plus membership of a fresh organization."""
    step_has_individual_account(context, person, plan)
    step_organization_exists(context, org_plan, org)
    step_has_joined_org_as_role_by_invitation(context, person, org, "member")


@given("{person:Person} has {count:d} {kind:ItemKind} in the {account:AccountKind} account")
def step_has_items(context: Context, person: str, count: int, kind: str, account: str) -> None:
    """Switch to the account and create items there, remembering them by account."""
    world = scenario_world(context)
    target = world.account_of_kind(person, account)
    world.switch_to(person, target)
    for _ in range(count):
        item = world.driver.create_item(world.session(person), kind, world.data.title())
        if item.account_id != target.id:
            world.words.fail(f"the account {person}'s new {kind} was made in", target,
                             world.words.account_with_id(person, item.account_id,
                                              world.accounts(person)))
        world.person(person).items.setdefault(account, []).append(item)


@given("{person:Person} has switched to the {account:AccountKind} account")
@when("{person:Person} switches to the {account:AccountKind} account")
def step_switches_to(context: Context, person: str, account: str) -> None:
    """Choose the other account in the switcher (must succeed); keep the service's answer."""
    world = scenario_world(context)
    target = world.account_of_kind(person, account)
    world.person(person).last_switch = SwitchAnswer(target, world.switch_to(person, target))


@when("{person:Person} tries to switch to the {account:AccountKind} account")
def step_tries_to_switch(context: Context, person: str, account: str) -> None:
    """Choose an account; the outcome is checked by a later step."""
    world = scenario_world(context)
    target = world.account_of_kind(person, account)
    world.attempt(lambda: world.switch_to(person, target))


@when("{person:Person} switches back and forth {times:d} times")
def step_switches_back_and_forth(context: Context, person: str, times: int) -> None:
    """Alternate between the two accounts, checking the marker after every switch."""
    for _ in range(times):
        for kind in ("individual", "organization"):
            step_switches_to(context, person, kind)
            step_current_account_is(context, person, kind)


@then("{person:Person}'s account list shows {count:d} accounts")
def step_account_list_count(context: Context, person: str, count: int) -> None:
    """The account list has exactly this many distinct accounts."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    world.words.expect(len(accounts) == count, f"{person}'s account list",
                       plural(count, "account"), world.words.accounts(accounts))
    world.words.expect(len({a.id for a in accounts}) == count,
                       f"the ids in {person}'s account list", f"{count} different ids",
                       world.words.accounts(accounts))


@then("{person:Person}'s account list shows an individual {plan:IndividualPlan} account "
      "and an organization account in {org:Org}")
def step_account_list_shows_an_individual_and_an_organization_account(
        context: Context, person: str, plan: str, org: str) -> None:
    """Both accounts are listed, distinct, on the person's email."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    individual = [a for a in accounts if a.kind == "individual"]
    in_org = [a for a in accounts if a.organization_id == world.org(org).id]
    words = world.words
    words.expect(len(individual) == 1, f"the individual accounts in {person}'s list",
                 "exactly one", words.accounts(accounts))
    words.expect(individual[0].plan == plan, f"the plan of {person}'s individual account",
                 plan.title(), individual[0])
    words.expect(len(in_org) == 1, f"the accounts in {org} in {person}'s list", "exactly one",
                 words.accounts(accounts))
    both = [individual[0], in_org[0]]
    words.expect(individual[0].id != in_org[0].id,
                 f"{person}'s individual account and account in {org}",
                 "two accounts with different ids", words.accounts(both))
    email = world.person(person).email.lower()
    words.expect({a.email.lower() for a in both} == {email},
                 f"the emails of {person}'s individual account and account in {org}",
                 f"{person}'s email {world.person(person).email} on both",
                 f"{individual[0].email} and {in_org[0].email}")


@then("exactly one of {person:Person}'s accounts is marked current")
def step_exactly_one_current(context: Context, person: str) -> None:
    """The marker is on exactly one account."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    current = [a for a in accounts if a.current]
    world.words.expect(len(current) == 1, f"the accounts {person}'s list marks current",
                       "exactly one", world.words.accounts(accounts))


@then("the answer to {person:Person}'s switch already marks the {account:AccountKind} "
      "account as current")
def step_switch_answer_marks(context: Context, person: str, account: str) -> None:
    """The account list the switch answered with marks exactly the chosen account."""
    world = scenario_world(context)
    switch = required(world.person(person).last_switch,
                      f"{person} has not switched accounts in this scenario")
    target, answered = switch.target, switch.answered
    world.words.expect(target.kind == account, f"the account {person} last switched to",
                       f"the {account} account", target)
    current = [a.id for a in answered if a.current]
    world.words.expect(current == [target.id],
                       f"the accounts the answer to {person}'s switch marks current",
                       f"only {person}'s {account} account (id {target.id})",
                       world.words.accounts([a for a in answered if a.current]))


@then("{person:Person}'s current account is the {account:AccountKind} account")
def step_current_account_is(context: Context, person: str, account: str) -> None:
    """Exactly one account is current, it has this kind, and the session agrees."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    current = [a for a in accounts if a.current]
    world.words.expect(len(current) == 1, f"the accounts {person}'s list marks current",
                       "exactly one", world.words.accounts(accounts))
    world.words.expect(current[0].kind == account, f"{person}'s current account",
                       f"the {account} account", current[0])
    me = world.driver.whoami(world.session(person))
    world.words.expect(me.current_account_id == current[0].id,
                       f"the current account of {person}'s session",
                       f"the one the list marks, {world.words.account(current[0])}",
                       world.words.account_with_id(person, me.current_account_id, accounts))


@then("{person:Person}'s current account is the account in {org:Org}")
def step_current_account_is_the_account_in(context: Context, person: str, org: str) -> None:
    """Exactly one account is current, the one in that organization; the session agrees."""
    world = scenario_world(context)
    wanted = world.account_in(person, org)
    accounts = world.accounts(person)
    current = [a for a in accounts if a.current]
    world.words.expect([a.id for a in current] == [wanted.id],
                       f"the accounts {person}'s list marks current",
                       f"only {person}'s account in {org} (id {wanted.id})",
                       world.words.accounts(current))
    me = world.driver.whoami(world.session(person))
    world.words.expect(me.current_account_id == wanted.id,
                       f"the current account of {person}'s session",
                       f"{person}'s account in {org} (id {wanted.id})",
                       world.words.account_with_id(person, me.current_account_id, accounts))


@when("{person:Person} signs up for an individual account")
def step_signs_up(context: Context, person: str) -> None:
    """Create an individual account (must succeed)."""
    world = scenario_world(context)
    account = world.driver.sign_up_individual(world.session(person))
    world.words.expect(account.kind == "individual" and account.plan == "free",
                       f"the account {person}'s sign-up gave", "a Free individual account",
                       account)


@when("{person:Person} tries to sign up for an individual account")
def step_tries_to_sign_up(context: Context, person: str) -> None:
    """Attempt an individual sign-up; the outcome is checked by a later step."""
    world = scenario_world(context)
    world.attempt(lambda: world.driver.sign_up_individual(world.session(person)))


@then("{person:Person}'s {account:AccountKind} account still has its {kind:ItemKind}")
def step_account_still_has_items(context: Context, person: str, account: str, kind: str) -> None:
    """Switch to the account: exactly the items made there are listed and fetchable."""
    world = scenario_world(context)
    world.switch_to(person, world.account_of_kind(person, account))
    made = world.person(person).made(account, kind)
    listed = world.driver.list_items(world.session(person), kind)
    world.words.expect({(i.id, i.label) for i in listed} == {(i.id, i.label) for i in made},
                       f"the {kind}s {person}'s {account} account lists",
                       f"exactly {world.words.items(made, kind)}", world.words.items(listed, kind))
    for item in made:
        fetched = world.driver.get_item(world.session(person), kind, item.id)
        world.words.expect(fetched.label == item.label,
                           f"{world.words.item(item)} of {person}'s {account} account, "
                           "opened by its id", quoted(item.label), quoted(fetched.label))


@then("{person:Person}'s {account:AccountKind} account has no {kind:ItemKind}")
def step_account_has_no_items(context: Context, person: str, account: str, kind: str) -> None:
    """Switch to the account: it lists no items of this kind."""
    world = scenario_world(context)
    world.switch_to(person, world.account_of_kind(person, account))
    listed = world.driver.list_items(world.session(person), kind)
    world.words.expect(listed == [], f"the {kind}s {person}'s {account} account lists",
                       plural(0, kind), world.words.items(listed, kind))
