"""Steps for reaching another person's objects by id (object-level authorization).

Vocabulary: "Alex tries to switch to Bea's individual account by its id", "… to read Bea's
organization account by its id", "… to open / delete Bea's conversation by its id" (the first
one Bea made), "… to read the member list / domains / single sign-on settings of Beacon".
Each attempt is kept (``security_steps.attempt_foreign``) so that "it is refused exactly as
for an account that never existed" can repeat it with a made-up id and compare the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from behave import then, when
from behave.runner import Context
from security_steps import attempt_foreign

from account_conformance.driver import Item
from fixtures.world import ScenarioWorld

ORGANIZATION_READS: dict[str, Callable[[ScenarioWorld, str, str], Any]] = {
    "member list": lambda world, person, org_id: world.driver.list_members(
        world.session(person), org_id),
    "domains": lambda world, person, org_id: world.driver.list_domains(
        world.session(person), org_id),
    "single sign-on settings": lambda world, person, org_id: world.driver.get_sso(
        world.session(person), org_id),
}


def _world(context: Context) -> ScenarioWorld:
    return context.world


def _accounts_key(person: str) -> str:
    return f"accounts of {person} before someone else's attempt"


def _first_item(world: ScenarioWorld, owner: str, kind: str) -> Item:
    made = [i for items in world.person(owner).items.values() for i in items if i.kind == kind]
    assert made, f"the scenario made no {kind} for {owner}"
    return made[0]


@when("{person:Person} tries to switch to {owner:Person}'s {account:AccountKind} account "
      "by its id")
def step_tries_to_switch_to_foreign_account(context: Context, person: str, owner: str,
                                            account: str) -> None:
    """Remember the owner's accounts, then ask to make one of them the person's current."""
    world = _world(context)
    target = world.account_of_kind(owner, account)
    world.snapshots[_accounts_key(owner)] = world.accounts(owner)
    session = world.session(person)
    attempt_foreign(world, f"switching to {owner}'s {account} account",
                    lambda account_id: world.driver.switch_account(session, account_id),
                    target.id)


@when("{person:Person} tries to read {owner:Person}'s {account:AccountKind} account by its id")
def step_tries_to_read_foreign_account(context: Context, person: str, owner: str,
                                       account: str) -> None:
    """Ask for another person's account by its id."""
    world = _world(context)
    target = world.account_of_kind(owner, account)
    session = world.session(person)
    attempt_foreign(world, f"reading {owner}'s {account} account",
                    lambda account_id: world.driver.get_account(session, account_id),
                    target.id)


@when("{person:Person} tries to open {owner:Person}'s {kind:ItemKind} by its id")
def step_tries_to_open_foreign_item(context: Context, person: str, owner: str,
                                    kind: str) -> None:
    """Ask the person's current account for an item another person made."""
    world = _world(context)
    item = _first_item(world, owner, kind)
    session = world.session(person)
    attempt_foreign(world, f"opening {owner}'s {kind}",
                    lambda item_id: world.driver.get_item(session, kind, item_id), item.id)


@when("{person:Person} tries to delete {owner:Person}'s {kind:ItemKind} by its id")
def step_tries_to_delete_foreign_item(context: Context, person: str, owner: str,
                                      kind: str) -> None:
    """Ask the person's current account to delete an item another person made."""
    world = _world(context)
    item = _first_item(world, owner, kind)
    session = world.session(person)
    attempt_foreign(world, f"deleting {owner}'s {kind}",
                    lambda item_id: world.driver.delete_item(session, kind, item_id), item.id)


@when("{person:Person} tries to read the {thing} of {org:Org}")
def step_tries_to_read_organization(context: Context, person: str, thing: str,
                                    org: str) -> None:
    """Ask for an organization's member list, domains or SSO settings from outside it."""
    world = _world(context)
    assert thing in ORGANIZATION_READS, f"unknown {thing!r}; known: {sorted(ORGANIZATION_READS)}"
    read = ORGANIZATION_READS[thing]
    attempt_foreign(world, f"reading the {thing} of {org}",
                    lambda org_id: read(world, person, org_id), world.org(org).id)


@then("{owner:Person}'s accounts are unchanged")
def step_accounts_unchanged(context: Context, owner: str) -> None:
    """The owner's account list reads exactly as before the other person's attempt."""
    world = _world(context)
    key = _accounts_key(owner)
    assert key in world.snapshots, f"{owner}'s accounts were not remembered before the attempt"
    now = world.accounts(owner)
    assert now == world.snapshots[key], (
        f"{owner}'s accounts changed: before {world.snapshots[key]}, now {now}")


@then("{person:Person} sees none of {owner:Person}'s {kind:ItemKind}")
def step_sees_none_of_foreign_items(context: Context, person: str, owner: str,
                                    kind: str) -> None:
    """In each of the person's accounts, no item the owner made is listed."""
    world = _world(context)
    theirs = {i.id for items in world.person(owner).items.values() for i in items
              if i.kind == kind}
    assert theirs, f"the scenario made no {kind} for {owner}"
    for account in world.accounts(person):
        world.switch_to(person, account)
        listed = world.driver.list_items(world.session(person), kind)
        leaked = [i for i in listed if i.id in theirs]
        assert not leaked, f"{person}'s {account.kind} account lists {owner}'s {leaked}"


@then("{person:Person}'s account list shows nothing of {org:Org}")
def step_account_list_shows_nothing_of(context: Context, person: str, org: str) -> None:
    """None of the person's accounts is in the organization."""
    world = _world(context)
    accounts = world.accounts(person)
    inside = [a for a in accounts if a.organization_id == world.org(org).id]
    assert not inside, f"{person} has accounts in {org}: {inside}"
