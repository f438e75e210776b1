"""Steps for S01 and S02, and the checks that a refused attempt left both accounts apart.

An action that must change nothing (a migration or merge request, deleting the individual
account as far as the organization account goes, changing the individual plan) first calls
``world.remember_state``; the Then steps here compare what the service reports afterwards
with what it reported before (``world.before``: the account list of every identity of the
person, and each organization's member list as its creator sees it). A person with an
account on a second email address has a second identity (``person.second_identity``, see
``merge_steps``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from behave import then, when
from behave.runner import Context

from account_conformance.driver import ITEM_KINDS, Account, Session
from fixtures.world import ScenarioWorld, scenario_world


def comparable(account: Account) -> Account:
    """The account without the per-session current marker, for before/after comparison."""
    return replace(account, current=False)


# -- S01: distinct accounts, changes stay in their account ----------------------------
@then("{person:Person}'s individual and organization accounts are two distinct accounts "
      "on the same email")
def step_two_distinct_accounts(context: Context, person: str) -> None:
    """One individual and one organization account: different ids, same email."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    individual = [a for a in accounts if a.kind == "individual"]
    organization = [a for a in accounts if a.kind == "organization"]
    assert len(individual) == 1 and len(organization) == 1, (
        f"expected one individual and one organization account, got {accounts}")
    ind, org = individual[0], organization[0]
    assert ind.id != org.id, f"both accounts have the id {ind.id}"
    email = world.person(person).email.lower()
    assert ind.email.lower() == email and org.email.lower() == email, (
        f"expected both on {email}, got {ind.email} and {org.email}")
    assert ind.organization is None and ind.role is None, f"individual account: {ind}"
    assert org.organization is not None and org.role is not None, f"organization account: {org}"
    for account in (ind, org):
        fetched = world.driver.get_account(world.session(person), account.id)
        assert (fetched.id, fetched.kind) == (account.id, account.kind), (
            f"account {account.id} reads back as {fetched}")


@when("{person:Person}'s individual plan changes to {plan:IndividualPlan}")
def step_individual_plan_changes(context: Context, person: str, plan: str) -> None:
    """Remember the state, then change the individual account's plan."""
    world = scenario_world(context)
    world.remember_state(person)
    account = world.driver.set_individual_plan(world.person(person).email, plan)
    assert account.kind == "individual" and account.plan == plan, f"plan change gave {account}"


@then("{person:Person}'s individual account now has the {plan:IndividualPlan} plan")
@then("{person:Person}'s individual account still has the {plan:IndividualPlan} plan")
def step_individual_account_has_plan(context: Context, person: str, plan: str) -> None:
    """The individual account (the same one as before the action) has this plan."""
    world = scenario_world(context)
    account = world.account_of_kind(person, "individual")
    assert account.plan == plan, f"individual account has plan {account.plan}, expected {plan}"
    fetched = world.driver.get_account(world.session(person), account.id)
    assert fetched.plan == plan, f"individual account reads back with plan {fetched.plan}"
    if person in world.before.accounts:
        before = world.before.account_of(person, "individual")
        assert account.id == before.id, (
            f"the individual account is now {account.id}, before it was {before.id}")


# -- S03, S04, S05: a refused attempt changed nothing ----------------------------------
@then("{org:Org}'s member list has no entry for {person:Person}'s individual account "
      "and no new member")
def step_member_list_has_no_entry_and_no_new_member(context: Context, org: str,
                                                    person: str) -> None:
    """The member list lacks the individual account's id and equals the remembered one."""
    world = scenario_world(context)
    state = world.org(org)
    individual = world.before.account_of(person, "individual")
    before = world.before.members_of(org)
    members = world.driver.list_members(world.session(state.creator), state.id)
    assert individual.id not in {m.account_id for m in members}, (
        f"{org}'s member list has an entry for the individual account {individual.id}: "
        f"{members}")
    as_set = {(m.account_id, m.email.lower(), m.role) for m in members}
    was = {(m.account_id, m.email.lower(), m.role) for m in before}
    assert as_set == was, f"{org}'s member list changed: before {before}, now {members}"


@then("{person:Person}'s {account:AccountKind} account is unchanged, with all its "
      "conversations and projects")
def step_account_is_unchanged_with_all_its_conversations_and_projects(
        context: Context, person: str, account: str) -> None:
    """Same account record as before; it lists and opens exactly the items made in it."""
    world = scenario_world(context)
    holder = world.account_holder(person, account)
    before = world.before.account_of(holder, account)
    now = [a for a in world.accounts(holder) if a.id == before.id]
    assert now, f"{person}'s {account} account {before.id} is gone; it was {before}"
    assert comparable(now[0]) == comparable(before), (
        f"{person}'s {account} account changed:\n  before {before}\n  now    {now[0]}")
    world.switch_to(holder, now[0])
    session = world.session(holder)
    for kind in ITEM_KINDS:
        made = [i for i in world.person(holder).items.get(account, []) if i.kind == kind]
        listed = world.driver.list_items(session, kind)
        assert {(i.id, i.label) for i in listed} == {(i.id, i.label) for i in made}, (
            f"{person}'s {account} account lists the {kind}s {listed}, expected {made}")
        for item in made:
            fetched = world.driver.get_item(session, kind, item.id)
            assert (fetched.label, fetched.account_id) == (item.label, before.id), (
                f"{kind} {item.id} now reads {fetched}")


@then("{person:Person}'s account list is the same as before")
def step_account_list_same(context: Context, person: str) -> None:
    """On every email of the person: the same accounts, ids, kinds and plans as before."""
    world = scenario_world(context)
    for alias in world.identities(person):
        before = world.before.accounts_of(alias)
        now = world.accounts(alias)
        assert sorted(map(comparable, now), key=lambda a: a.id) == sorted(
            map(comparable, before), key=lambda a: a.id), (
            f"{alias}'s accounts changed:\n  before {before}\n  now    {now}")


# -- S02: kinds, plans and features ----------------------------------------------------
@then("{person:Person}'s {account:AccountKind} account reports the kind {kind:AccountKind} "
      "and the plan {plan:Plan}")
def step_account_reports_kind_and_plan(context: Context, person: str, account: str, kind: str,
                                       plan: str) -> None:
    """The account list and the account itself report this kind and plan."""
    world = scenario_world(context)
    listed = world.account_of_kind(person, account)
    fetched = world.driver.get_account(world.session(person), listed.id)
    for seen in (listed, fetched):
        assert (seen.kind, seen.plan) == (kind, plan), (
            f"expected kind {kind} and plan {plan}, the service reports {seen}")
    if kind == "organization":
        assert fetched.organization is not None and fetched.organization.plan == plan, (
            f"the organization account's organization is {fetched.organization}")
        assert fetched.subscription == "none", f"organization subscription: {fetched}"
    else:
        expected = "none" if plan == "free" else "active"
        assert fetched.organization is None and fetched.subscription == expected, (
            f"individual {plan} account should have no organization and subscription "
            f"{expected}: {fetched}")


@then("{person:Person}'s {account:AccountKind} account offers {features:Features}")
def step_account_offers(context: Context, person: str, account: str, features: tuple[str,
                        ...]) -> None:
    """Every named feature is in the account's features."""
    world = scenario_world(context)
    seen = world.account_of_kind(person, account)
    missing = [f for f in features if f not in seen.features]
    assert not missing, f"{person}'s {account} account lacks {missing}; it offers {seen.features}"


@then("{person:Person}'s {account:AccountKind} account does not offer {features:Features}")
def step_account_does_not_offer(context: Context, person: str, account: str, features: tuple[str,
                                ...]) -> None:
    """None of the named features is in the account's features."""
    world = scenario_world(context)
    seen = world.account_of_kind(person, account)
    present = [f for f in features if f in seen.features]
    assert not present, f"{person}'s {account} account offers {present}: {seen.features}"


def _organization_view(world: ScenarioWorld, session: Session,
                       thing: str) -> Callable[[str], object]:
    views: dict[str, Callable[[str], object]] = {
        "member list": lambda org_id: world.driver.list_members(session, org_id),
        "organization details": lambda org_id: world.driver.get_organization(session, org_id),
        "single sign-on settings": lambda org_id: world.driver.get_sso(session, org_id),
        "domain list": lambda org_id: world.driver.list_domains(session, org_id),
    }
    return views[thing]


@when("{person:Person} tries to open the {thing:OrganizationView} of the individual account "
      "as if it were an organization")
def step_tries_to_open_the_thing_of_the_individual_account(context: Context, person: str,
                                                           thing: str) -> None:
    """Ask for an organization view with the individual account's id as organization id."""
    world = scenario_world(context)
    individual = world.account_of_kind(person, "individual")
    view = _organization_view(world, world.session(person), thing)
    world.attempt(lambda: view(individual.id))


@then("{person:Person} can open the {thing:OrganizationView} of {org:Org}")
def step_can_open_the_thing_of_org(context: Context, person: str, thing: str, org: str) -> None:
    """The same view of the real organization answers (the person is a member)."""
    world = scenario_world(context)
    view = _organization_view(world, world.session(person), thing)
    view(world.org(org).id)
