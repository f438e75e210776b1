"""Steps for conversations and projects as seen from one account or the other (S01, S11).

Items are created with the shared step "… has 2 conversations in the individual account",
which remembers them per account. The steps here look at the items from the current
account without switching first (what the person sees after choosing an account), open or
delete another account's items by id, and delete one of an account's own items.
"""

from __future__ import annotations

from behave import then, when
from behave.runner import Context

from account_conformance.driver import Item
from fixtures.wording import plural, quoted
from fixtures.world import DeletedItem, ScenarioTextError, ScenarioWorld, required, scenario_world


def _made(world: ScenarioWorld, person: str, account: str, kind: str) -> list[Item]:
    return world.person(person).made(account, kind)


@when("{person:Person} creates a {kind:ItemKind} in the {account:AccountKind} account")
def step_creates_item(context: Context, person: str, kind: str, account: str) -> None:
    """Create an item in the current account, which must be the named one."""
    world = scenario_world(context)
    current = world.account_of_kind(person, account)
    world.words.expect(current.current, f"{person}'s {account} account",
                       "the current one", current)
    item = world.driver.create_item(world.session(person), kind, world.data.title())
    if item.account_id != current.id:
        world.words.fail(f"the account {person}'s new {kind} was made in", current,
                         world.words.account_with_id(person, item.account_id,
                                          world.accounts(person)))
    world.person(person).items.setdefault(account, []).append(item)


@then("{person:Person} sees only the {kind:ItemKind} made in the {account:AccountKind} account")
def step_sees_only_the_items_made_in_the_account(context: Context, person: str, kind: str,
                                                 account: str) -> None:
    """Without switching: the current account is this one and lists exactly its items."""
    world = scenario_world(context)
    session = world.session(person)
    chosen = world.account_of_kind(person, account)
    me = world.driver.whoami(session)
    if me.current_account_id != chosen.id:
        world.words.fail(f"the current account of {person}'s session",
                         f"the {account} account, {world.words.account(chosen)}",
                         world.words.account_with_id(person, me.current_account_id,
                                          world.accounts(person)))
    made = _made(world, person, account, kind)
    listed = world.driver.list_items(session, kind)
    foreign = [i for i in listed if i.account_id != chosen.id]
    what = f"the {kind}s {person}'s {account} account lists"
    if foreign:
        accounts = world.accounts(person)
        world.words.fail(what, f"only the {account} account's",
                         f"{plural(len(foreign), kind)} of other accounts: " + "; ".join(
                             f"{world.words.item(i)} of "
                             + world.words.account_with_id(person, i.account_id, accounts)
                             for i in foreign))
    world.words.expect({(i.id, i.label) for i in listed} == {(i.id, i.label) for i in made},
                       what, f"exactly {world.words.items(made, kind)}",
                       world.words.items(listed, kind))


@when("{person:Person} tries to open a {kind:ItemKind} of the {account:AccountKind} account "
      "by its id")
def step_tries_to_open_item_of(context: Context, person: str, kind: str, account: str) -> None:
    """Ask the current account for an item that another account made."""
    world = scenario_world(context)
    item = _made(world, person, account, kind)[0]
    world.attempt(lambda: world.driver.get_item(world.session(person), kind, item.id))


@when("{person:Person} tries to delete a {kind:ItemKind} of the {account:AccountKind} account "
      "by its id")
def step_tries_to_delete_item_of(context: Context, person: str, kind: str, account: str) -> None:
    """Ask the current account to delete an item that another account made."""
    world = scenario_world(context)
    item = _made(world, person, account, kind)[0]
    world.attempt(lambda: world.driver.delete_item(world.session(person), kind, item.id))


@when("{person:Person} deletes one of the {kind:ItemKind} in the {account:AccountKind} account")
def step_deletes_one_item(context: Context, person: str, kind: str, account: str) -> None:
    """Switch to the account and delete the first item made there."""
    world = scenario_world(context)
    world.switch_to(person, world.account_of_kind(person, account))
    item = _made(world, person, account, kind)[0]
    world.driver.delete_item(world.session(person), kind, item.id)
    world.person(person).items[account].remove(item)
    world.deleted_item = DeletedItem(account, item)


@then("{person:Person}'s deleted {kind:ItemKind} can no longer be opened")
def step_deleted_item_can_no_longer_be_opened(context: Context, person: str, kind: str) -> None:
    """In the account it was in, the deleted item is neither listed nor found by id."""
    world = scenario_world(context)
    deleted = required(world.deleted_item, "no item was deleted in this scenario")
    account, item = deleted.account, deleted.item
    if item.kind != kind:
        raise ScenarioTextError(f"the deleted item is a {item.kind}, not a {kind}")
    world.switch_to(person, world.account_of_kind(person, account))
    session = world.session(person)
    listed = world.driver.list_items(session, kind)
    world.words.expect(item.id not in {i.id for i in listed},
                       f"the {kind}s {person}'s {account} account lists after the deletion",
                       f"no longer {world.words.item(item)}", world.words.items(listed, kind))
    outcome = world.attempt(lambda: world.driver.get_item(session, kind, item.id))
    world.words.expect(outcome.refusal is not None and outcome.refusal.code == "not_found",
                       f"opening {person}'s deleted {kind} {quoted(item.label)} (id {item.id}) "
                       "by its id",
                       "a refusal with the code not_found", world.words.outcome(outcome))
