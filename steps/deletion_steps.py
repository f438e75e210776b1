"""Steps for cancelling and deleting the individual account (S12).

Deleting remembers the state first (``world.remember_state``), so the organization account
can be compared afterwards, and keeps the deleted account and the session that was in use
(``person.deletion``), so later steps can show that both are gone. "Signs in again" starts a
new session."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from behave import given, then, when
from behave.runner import Context

from account_conformance.driver import ITEM_KINDS, Session
from fixtures.wording import plural
from fixtures.world import Deletion, ScenarioTextError, required, scenario_world


@when("{person:Person} tries to delete the individual account")
def step_tries_to_delete_individual(context: Context, person: str) -> None:
    """Ask to delete the individual account; the outcome is checked by a later step."""
    world = scenario_world(context)
    world.attempt(lambda: world.driver.delete_individual_account(world.session(person)))


@given("{person:Person} has cancelled the individual subscription")
@when("{person:Person} cancels the individual subscription")
def step_cancels_subscription(context: Context, person: str) -> None:
    """Cancel the paid plan of the individual account (must succeed)."""
    world = scenario_world(context)
    account = world.driver.cancel_individual_subscription(world.session(person))
    world.words.expect(account.kind == "individual" and account.subscription == "cancelled",
                       f"the account {person}'s cancellation answered with",
                       "the individual account, its subscription cancelled",
                       f"{world.words.account(account)}, subscription {account.subscription}")


@given("{person:Person} has deleted the individual account")
@when("{person:Person} deletes the individual account")
def step_deletes_individual(context: Context, person: str) -> None:
    """Remember the state, the account and the session in use; delete (must succeed)."""
    world = scenario_world(context)
    session = world.session(person)
    individual = world.account_of_kind(person, "individual")
    world.remember_state(person)
    current = world.driver.whoami(session).current_account_id
    world.driver.delete_individual_account(session)
    world.person(person).deletion = Deletion(individual, session, current)


@given("{person:Person} is also signed in elsewhere with the organization account current")
def step_signed_in_elsewhere(context: Context, person: str) -> None:
    """A second session of the same identity, switched to the organization account."""
    world = scenario_world(context)
    data = world.person(person).data
    other = world.driver.start_session(data.email, data.name)
    organization = world.account_of_kind(person, "organization")
    world.driver.switch_account(other, organization.id)
    world.person(person).other_session = other


@when("{person:Person} tries to use the session that was on the individual account")
def step_tries_to_use_the_session_that_was_on_the_individual_account(
        context: Context, person: str) -> None:
    """Ask for the account list with the session that was on the deleted account."""
    world = scenario_world(context)
    deletion = world.person(person).deleted()
    if deletion.current_account_id != deletion.account.id:
        world.words.fail(f"the account {person}'s session was on when the individual "
                         "account was deleted",
                         f"the deleted individual account (id {deletion.account.id})",
                         world.words.account_with_id(person, deletion.current_account_id,
                                          world.before.accounts.get(person, [])))
    world.attempt(lambda: world.driver.list_accounts(deletion.session))


@when("{person:Person} signs in again")
def step_signs_in_again(context: Context, person: str) -> None:
    """Start a new session for the person's email."""
    world = scenario_world(context)
    person_state = world.person(person)
    person_state.session = world.driver.start_session(person_state.email, person_state.data.name)


@then("{person:Person}'s account list shows only the organization account in {org:Org}")
def step_account_list_shows_only_the_organization_account(context: Context, person: str,
                                                          org: str) -> None:
    """One account is left: the one in the organization; the deleted id is not listed."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    deleted = world.person(person).deleted().account
    what = f"{person}'s account list after the deletion"
    world.words.expect(deleted.id not in {a.id for a in accounts}, what,
                       f"without the deleted individual account (id {deleted.id})",
                       world.words.accounts(accounts))
    world.words.expect(len(accounts) == 1, what, f"only {person}'s account in {org}",
                       world.words.accounts(accounts))
    world.words.expect((accounts[0].kind, accounts[0].organization_id) == ("organization",
                                                                           world.org(org).id),
                       what, f"only {person}'s account in {org}", world.words.accounts(accounts))


@then("{person:Person}'s deleted individual account and its conversations and projects "
      "can no longer be found")
def step_deleted_individual_account_can_no_longer_be_found(context: Context, person: str) -> None:
    """The account and each item it had are answered as not found; none is listed."""
    world = scenario_world(context)
    session: Session = world.session(person)
    deleted = world.person(person).deleted().account
    gone: list[tuple[str, Callable[[], Any]]] = [
        (f"reading {person}'s deleted individual account (id {deleted.id}) by its id",
         lambda: world.driver.get_account(session, deleted.id))]
    items = world.person(person).items.get("individual", [])
    if not items:
        raise ScenarioTextError(f"the scenario made no items in {person}'s individual account")
    for item in items:
        gone.append((f"opening {world.words.item(item)} of the deleted account by its id",
                     partial(world.driver.get_item, session, item.kind, item.id)))
        listed = world.driver.list_items(session, item.kind)
        world.words.expect(item.id not in {i.id for i in listed},
                           f"the {item.kind}s {person} sees after the deletion",
                           f"none of the deleted account's, not {world.words.item(item)}",
                           world.words.items(listed, item.kind))
    for what, action in gone:
        outcome = world.attempt(action)
        world.words.expect(outcome.refusal is not None and outcome.refusal.code == "not_found",
                           what, "a refusal with the code not_found",
                           world.words.outcome(outcome))


@then("{person:Person}'s other session on the organization account still works")
def step_other_session_works(context: Context, person: str) -> None:
    """The second session is still on the organization account and can list its items."""
    world = scenario_world(context)
    other = required(world.person(person).other_session,
                     f"{person} has no other session in this scenario")
    before = world.before.accounts_of(person)
    org_ids = {a.id for a in before if a.kind == "organization"}
    me = world.driver.whoami(other)
    if me.current_account_id not in org_ids:
        world.words.fail(f"the current account of {person}'s other session",
                         " or ".join(world.words.account(a) for a in before
                                     if a.kind == "organization")
                         or f"an organization account of {person}",
                         world.words.account_with_id(person, me.current_account_id, before))
    made = world.person(person).items.get("organization", [])
    for kind in {i.kind for i in made}:
        listed = world.driver.list_items(other, kind)
        mine = [i for i in made if i.kind == kind]
        world.words.expect({i.id for i in listed} == {i.id for i in mine},
                           f"the {kind}s {person}'s other session lists",
                           f"exactly {world.words.items(mine, kind)}",
                           world.words.items(listed, kind))


@then("{person:Person}'s new individual account is empty and has another id than the "
      "deleted one")
def step_new_individual_account(context: Context, person: str) -> None:
    """A fresh free individual account with a new id and no conversations or projects."""
    world = scenario_world(context)
    deleted = world.person(person).deleted().account
    account = world.account_of_kind(person, "individual")
    world.words.expect(account.id != deleted.id, f"{person}'s new individual account",
                       f"another id than the deleted individual account (id {deleted.id})",
                       account)
    world.words.expect((account.plan, account.subscription) == ("free", "none"),
                       f"{person}'s new individual account", "the Free plan, no subscription",
                       f"{world.words.account(account)}, subscription {account.subscription}")
    world.switch_to(person, account)
    for kind in ITEM_KINDS:
        listed = world.driver.list_items(world.session(person), kind)
        world.words.expect(listed == [], f"the {kind}s {person}'s new individual account lists",
                           plural(0, kind), world.words.items(listed, kind))
