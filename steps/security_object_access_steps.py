"""Steps for reaching another person's objects by id (object-level authorization).

Vocabulary: "Alex tries to switch to Bea's individual account by its id", "… to read Bea's
organization account by its id", "… to open / delete Bea's conversation by its id" (the first
one Bea made), "… to read the member list / domains / single sign-on settings of Beacon".
Each attempt is kept (``fixtures.security.attempt_foreign``) so that "it is refused exactly
as for an account that never existed" can repeat it with a made-up id and compare the
answers: status, code and the set of problem fields.
"""

from __future__ import annotations

from behave import then, when
from behave.runner import Context

from account_conformance.driver import Item, ServiceRefusal
from fixtures.security import attempt_foreign, never_existed, organization_read, problem_shape
from fixtures.world import ScenarioTextError, ScenarioWorld, required, scenario_world


def _made_for(world: ScenarioWorld, owner: str, kind: str) -> list[Item]:
    made = [i for items in world.person(owner).items.values() for i in items if i.kind == kind]
    if not made:
        raise ScenarioTextError(f"the scenario made no {kind} for {owner}")
    return made


@when("{person:Person} tries to switch to {owner:Person}'s {account:AccountKind} account "
      "by its id")
def step_tries_to_switch_to_owners_account_by_its_id(context: Context, person: str, owner: str,
                                                     account: str) -> None:
    """Remember the owner's accounts, then ask to make one of them the person's current."""
    world = scenario_world(context)
    target = world.account_of_kind(owner, account)
    world.before.accounts[owner] = world.accounts(owner)
    session = world.session(person)
    attempt_foreign(world, f"{person}'s attempt to switch to {owner}'s {account} account",
                    lambda account_id: world.driver.switch_account(session, account_id),
                    target.id)


@when("{person:Person} tries to read {owner:Person}'s {account:AccountKind} account by its id")
def step_tries_to_read_owners_account_by_its_id(context: Context, person: str, owner: str,
                                                account: str) -> None:
    """Ask for another person's account by its id."""
    world = scenario_world(context)
    target = world.account_of_kind(owner, account)
    session = world.session(person)
    attempt_foreign(world, f"{person}'s attempt to read {owner}'s {account} account",
                    lambda account_id: world.driver.get_account(session, account_id),
                    target.id)


@when("{person:Person} tries to open {owner:Person}'s {kind:ItemKind} by its id")
def step_tries_to_open_owners_item_by_its_id(context: Context, person: str, owner: str,
                                             kind: str) -> None:
    """Ask the person's current account for an item another person made."""
    world = scenario_world(context)
    item = _made_for(world, owner, kind)[0]
    session = world.session(person)
    attempt_foreign(world, f"{person}'s attempt to open {owner}'s {kind}",
                    lambda item_id: world.driver.get_item(session, kind, item_id), item.id)


@when("{person:Person} tries to delete {owner:Person}'s {kind:ItemKind} by its id")
def step_tries_to_delete_owners_item_by_its_id(context: Context, person: str, owner: str,
                                               kind: str) -> None:
    """Ask the person's current account to delete an item another person made."""
    world = scenario_world(context)
    item = _made_for(world, owner, kind)[0]
    session = world.session(person)
    attempt_foreign(world, f"{person}'s attempt to delete {owner}'s {kind}",
                    lambda item_id: world.driver.delete_item(session, kind, item_id), item.id)


@when("{person:Person} tries to read the {thing:OrganizationRead} of {org:Org}")
def step_tries_to_read_the_thing_of_org(context: Context, person: str, thing: str,
                                        org: str) -> None:
    """Ask for an organization's member list, domains or SSO settings from outside it."""
    world = scenario_world(context)
    attempt_foreign(world, f"{person}'s attempt to read the {thing} of {org}",
                    organization_read(world, person, thing), world.org(org).id)


@then("{owner:Person}'s accounts are unchanged")
def step_accounts_unchanged(context: Context, owner: str) -> None:
    """The owner's account list reads exactly as before the other person's attempt."""
    world = scenario_world(context)
    before = world.before.accounts_of(owner)
    now = world.accounts(owner)
    world.words.expect(now == before, f"{owner}'s accounts",
                       f"as before the attempt: {world.words.accounts(before)}",
                       world.words.accounts(now))


@then("{person:Person} sees none of {owner:Person}'s {kind:ItemKind}")
def step_sees_none_of_owners_items(context: Context, person: str, owner: str, kind: str) -> None:
    """In each of the person's accounts, no item the owner made is listed."""
    world = scenario_world(context)
    theirs = {i.id for i in _made_for(world, owner, kind)}
    for account in world.accounts(person):
        world.switch_to(person, account)
        listed = world.driver.list_items(world.session(person), kind)
        leaked = [i for i in listed if i.id in theirs]
        world.words.expect(not leaked, f"the {kind}s {person}'s {account.kind} account lists",
                           f"none of {owner}'s", f"{owner}'s {world.words.describe(leaked)}")


@then("{person:Person}'s account list shows nothing of {org:Org}")
def step_account_list_shows_nothing_of(context: Context, person: str, org: str) -> None:
    """None of the person's accounts is in the organization."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    inside = [a for a in accounts if a.organization_id == world.org(org).id]
    world.words.expect(not inside, f"{person}'s accounts in {org}", "none",
                       world.words.accounts(inside))


@then("it is refused exactly as for {article:Article} {what:NeverExisted} that never existed")
def step_it_is_refused_exactly_as_for_what_never_existed(context: Context, article: str,
                                                         what: str) -> None:
    """Refused as not found, with the same status, code and problem fields as a made-up id."""
    world = scenario_world(context)
    attempt = required(world.foreign_attempt,
                       "no action on someone else's object was tried in this scenario")
    first = world.last_refusal()
    world.words.expect(first.code == "not_found", f"the refusal of {attempt.what}",
                       f"the code not_found, as for {article} {what} that never existed", first)
    made_up = never_existed(world, what)
    world.attempt(lambda: attempt.perform(made_up))
    second = world.last_refusal()
    world.words.expect(problem_shape(first) == problem_shape(second),
                       f"the refusal of {attempt.what}",
                       f"the same as for {article} {what} that never existed: "
                       f"{_shape_in_words(second)}", _shape_in_words(first))


def _shape_in_words(refusal: ServiceRefusal) -> str:
    """What a refusal shows besides its wording: ``a refusal with the code not_found (404),
    its problem with the fields code, detail, status, title, type``."""
    status, code, fields = problem_shape(refusal)
    return (f"a refusal with the code {code} ({status}), its problem with the fields "
            f"{', '.join(fields) or 'none'}")
