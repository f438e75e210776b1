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
from dataclasses import fields, replace

from behave import then, when
from behave.runner import Context

from account_conformance.driver import ITEM_KINDS, Account, Session
from fixtures.wording import plural, quoted
from fixtures.world import ScenarioWorld, scenario_world


def comparable(account: Account) -> Account:
    """The account without the per-session current marker, for before/after comparison."""
    return replace(account, current=False)


def changes(world: ScenarioWorld, before: Account, now: Account) -> str:
    """What differs between two readings of an account (its ``current`` marker aside):
    ``plan Pro → Free; features sso → none``."""
    def shown(account: Account, name: str) -> str:
        value = getattr(account, name)
        if name == "organization":
            return _organization_of(world, account)
        if name == "features":
            return _features(value)
        return "none" if value is None else str(value)

    differing = [f.name for f in fields(Account) if f.name != "current"
                 and getattr(before, f.name) != getattr(now, f.name)]
    return "; ".join(f"{name} {shown(before, name)} → {shown(now, name)}"
                     for name in differing) or "nothing"


def list_changes(world: ScenarioWorld, before: list[Account], now: list[Account]) -> str:
    """How an account list differs from before: accounts gone, new, or changed."""
    was = {a.id: a for a in before}
    is_ = {a.id: a for a in now}
    words = world.words
    found = [f"gone: {words.account(a)}" for i, a in was.items() if i not in is_]
    found += [f"new: {words.account(a)}" for i, a in is_.items() if i not in was]
    found += [f"changed: {words.account(comparable(a))}: {changes(world, was[i], a)}"
              for i, a in is_.items() if i in was and comparable(a) != comparable(was[i])]
    if len(now) != len(is_) or len(before) != len(was):
        found.append(f"an account listed more than once ({len(now)} entries for "
                     f"{plural(len(is_), 'account')}; before {len(before)} for {len(was)})")
    return "; ".join(found) or "no difference"


# -- S01: distinct accounts, changes stay in their account ----------------------------
@then("{person:Person}'s individual and organization accounts are two distinct accounts "
      "on the same email")
def step_two_distinct_accounts(context: Context, person: str) -> None:
    """One individual and one organization account: different ids, same email."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    individual = [a for a in accounts if a.kind == "individual"]
    organization = [a for a in accounts if a.kind == "organization"]
    words = world.words
    words.expect(len(individual) == 1 and len(organization) == 1, f"{person}'s account list",
                 "one individual and one organization account", words.accounts(accounts))
    ind, org = individual[0], organization[0]
    words.expect(ind.id != org.id, f"the ids of {person}'s two accounts", "two different ids",
                 f"the same id for both: {words.accounts([ind, org])}")
    email = world.person(person).email.lower()
    words.expect(ind.email.lower() == email and org.email.lower() == email,
                 f"the emails of {person}'s two accounts", f"both {email}",
                 f"{ind.email} (individual) and {org.email} (organization)")
    words.expect(ind.organization is None and ind.role is None,
                 f"{person}'s individual account", "no organization and no role",
                 f"{_organization_of(world, ind)} and "
                 f"{'the role ' + ind.role if ind.role else 'no role'}")
    words.expect(org.organization is not None and org.role is not None,
                 f"{person}'s organization account", "an organization and a role",
                 f"{_organization_of(world, org)} and "
                 f"{'the role ' + org.role if org.role else 'no role'}")
    for account in (ind, org):
        fetched = world.driver.get_account(world.session(person), account.id)
        words.expect((fetched.id, fetched.kind) == (account.id, account.kind),
                     f"{words.account(account)}, read by its id", "the same account",
                     fetched)


@when("{person:Person}'s individual plan changes to {plan:IndividualPlan}")
def step_individual_plan_changes(context: Context, person: str, plan: str) -> None:
    """Remember the state, then change the individual account's plan."""
    world = scenario_world(context)
    world.remember_state(person)
    account = world.driver.set_individual_plan(world.person(person).email, plan)
    world.words.expect(account.kind == "individual" and account.plan == plan,
                       f"the answer to changing {person}'s individual plan to {plan.title()}",
                       f"{person}'s {plan.title()} individual account", account)


@then("{person:Person}'s individual account now has the {plan:IndividualPlan} plan")
@then("{person:Person}'s individual account still has the {plan:IndividualPlan} plan")
def step_individual_account_has_plan(context: Context, person: str, plan: str) -> None:
    """The individual account (the same one as before the action) has this plan."""
    world = scenario_world(context)
    account = world.account_of_kind(person, "individual")
    world.words.expect(account.plan == plan,
                       f"the plan of {person}'s individual account in the account list",
                       plan.title(), account)
    fetched = world.driver.get_account(world.session(person), account.id)
    world.words.expect(fetched.plan == plan,
                       f"the plan of {person}'s individual account, read by its id",
                       plan.title(), fetched)
    if person in world.before.accounts:
        before = world.before.account_of(person, "individual")
        world.words.expect(account.id == before.id, f"{person}'s individual account",
                           f"the same one as before the action, {world.words.account(before)}",
                           account)


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
    words = world.words
    words.expect(individual.id not in {m.account_id for m in members}, f"{org}'s member list",
                 f"no entry for {words.account(individual)}", words.listing(list(members)))
    as_set = {(m.account_id, m.email.lower(), m.role) for m in members}
    was = {(m.account_id, m.email.lower(), m.role) for m in before}
    words.expect(as_set == was, f"{org}'s member list",
                 f"the same as before: {words.listing(list(before))}",
                 words.listing(list(members)))


@then("{person:Person}'s {account:AccountKind} account is unchanged, with all its "
      "conversations and projects")
def step_account_is_unchanged_with_all_its_conversations_and_projects(
        context: Context, person: str, account: str) -> None:
    """Same account record as before; it lists and opens exactly the items made in it."""
    world = scenario_world(context)
    holder = world.account_holder(person, account)
    before = world.before.account_of(holder, account)
    accounts = world.accounts(holder)
    now = [a for a in accounts if a.id == before.id]
    words = world.words
    words.expect(now, f"{person}'s {account} account in {holder}'s account list",
                 f"still there, {words.account(before)}", words.accounts(accounts))
    words.expect(comparable(now[0]) == comparable(before), f"{person}'s {account} account",
                 f"unchanged, {words.account(comparable(before))}",
                 f"{words.account(comparable(now[0]))}, changed: "
                 f"{changes(world, before, now[0])}")
    world.switch_to(holder, now[0])
    session = world.session(holder)
    for kind in ITEM_KINDS:
        made = [i for i in world.person(holder).items.get(account, []) if i.kind == kind]
        listed = world.driver.list_items(session, kind)
        words.expect({(i.id, i.label) for i in listed} == {(i.id, i.label) for i in made},
                     f"the {kind}s {person}'s {account} account lists",
                     f"exactly those made in it: {words.listing(list(made))}",
                     words.listing(list(listed)))
        for item in made:
            fetched = world.driver.get_item(session, kind, item.id)
            words.expect((fetched.label, fetched.account_id) == (item.label, before.id),
                         f"{words.item(item)} of {person}'s {account} account, opened",
                         f"its title {quoted(item.label)} in that account",
                         f"{quoted(fetched.label)} in "
                         + ("that account" if fetched.account_id == before.id
                            else f"another account (id {fetched.account_id})"))


@then("{person:Person}'s account list is the same as before")
def step_account_list_same(context: Context, person: str) -> None:
    """On every email of the person: the same accounts, ids, kinds and plans as before."""
    world = scenario_world(context)
    for alias in world.identities(person):
        before = world.before.accounts_of(alias)
        now = world.accounts(alias)
        world.words.expect(
            sorted(map(comparable, now), key=lambda a: a.id) == sorted(
                map(comparable, before), key=lambda a: a.id), f"{alias}'s account list",
            f"the same as before: {world.words.accounts(map(comparable, before))}",
            f"{world.words.accounts(map(comparable, now))}; "
            f"{list_changes(world, before, now)}")


# -- S02: kinds, plans and features ----------------------------------------------------
@then("{person:Person}'s {account:AccountKind} account reports the kind {kind:AccountKind} "
      "and the plan {plan:Plan}")
def step_account_reports_kind_and_plan(context: Context, person: str, account: str, kind: str,
                                       plan: str) -> None:
    """The account list and the account itself report this kind and plan."""
    world = scenario_world(context)
    listed = world.account_of_kind(person, account)
    fetched = world.driver.get_account(world.session(person), listed.id)
    words = world.words
    for seen, how in ((listed, "in the account list"), (fetched, "read by its id")):
        words.expect((seen.kind, seen.plan) == (kind, plan),
                     f"the kind and plan of {person}'s {account} account {how}",
                     f"the kind {kind} and the plan {plan.title()}",
                     f"the kind {seen.kind} and the plan {seen.plan.title()}: "
                     f"{words.account(seen)}")
    if kind == "organization":
        words.expect(fetched.organization is not None and fetched.organization.plan == plan,
                     f"the organization of {person}'s {account} account",
                     f"an organization on the {plan.title()} plan",
                     f"an organization on the {fetched.organization.plan.title()} plan"
                     if fetched.organization is not None else "no organization")
        words.expect(fetched.subscription == "none",
                     f"the subscription of {person}'s {account} account", "none",
                     fetched.subscription)
    else:
        expected = "none" if plan == "free" else "active"
        words.expect(fetched.organization is None and fetched.subscription == expected,
                     f"the organization and subscription of {person}'s {account} account",
                     f"no organization, subscription {expected}",
                     f"{'no organization' if fetched.organization is None else 'an organization'}"
                     f", subscription {fetched.subscription}")


@then("{person:Person}'s {account:AccountKind} account offers {features:Features}")
def step_account_offers(context: Context, person: str, account: str, features: tuple[str,
                        ...]) -> None:
    """Every named feature is in the account's features."""
    world = scenario_world(context)
    seen = world.account_of_kind(person, account)
    missing = [f for f in features if f not in seen.features]
    world.words.expect(not missing, f"the features {person}'s {account} account offers",
                       f"{', '.join(features)} among them",
                       f"{_features(seen.features)}, without {', '.join(missing)}")


@then("{person:Person}'s {account:AccountKind} account does not offer {features:Features}")
def step_account_does_not_offer(context: Context, person: str, account: str, features: tuple[str,
                                ...]) -> None:
    """None of the named features is in the account's features."""
    world = scenario_world(context)
    seen = world.account_of_kind(person, account)
    present = [f for f in features if f in seen.features]
    world.words.expect(not present, f"the features {person}'s {account} account offers",
                       f"none of {', '.join(features)}",
                       f"{_features(seen.features)}, with {', '.join(present)}")


def _organization_of(world: ScenarioWorld, account: Account) -> str:
    """The organization an account names, in words (``no organization`` when none)."""
    if account.organization is None:
        return "no organization"
    ref = account.organization
    return f"the organization {world.words.org_name(ref.id, ref.name)}"


def _features(features: tuple[str, ...]) -> str:
    """An account's features in words: ``member list, sso`` or ``no feature``."""
    return ", ".join(features) or "no feature"


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
