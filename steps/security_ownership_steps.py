"""Steps for members' roles and the primary owner (S18): change a role, remove a member,
hand the ownership on.

Vocabulary: "Oscar makes Mara an admin of Acme" (must succeed), "Oscar tries to make Olivia
a member of Acme", "… tries to remove Olivia from Acme", "Olivia transfers the ownership of
Acme to Oscar", "… tries to transfer the ownership of Acme to Nick's account in Nimbus". A
member is named by the person; the id used is that person's own account in the
organization. The member list is read back as the organization's creator sees it.
"""

from __future__ import annotations

from behave import then, when
from behave.runner import Context

from fixtures.security import assert_only_primary_owner, member_entry, members
from fixtures.world import ScenarioWorld, scenario_world


def _account_id(world: ScenarioWorld, person: str, org: str) -> str:
    return world.account_in(person, org).id


@when("{person:Person} tries to make {target:Person} {article:Article} {role:Role} of "
      "{org:Org}")
def step_tries_to_make_target_article_role_of_org(context: Context, person: str, target: str,
                                                  article: str, role: str, org: str) -> None:
    """Ask to give a member another role; the outcome is checked by a later step."""
    world = scenario_world(context)
    account_id = _account_id(world, target, org)
    world.attempt(lambda: world.driver.change_member_role(
        world.session(person), world.org(org).id, account_id, role))


@when("{person:Person} tries to make {target:Person} the primary owner of {org:Org} by a "
      "change of role")
def step_tries_to_make_primary_owner(context: Context, person: str, target: str, org: str) -> None:
    """Ask for the role primary owner through a role change (not a transfer)."""
    step_tries_to_make_target_article_role_of_org(context, person, target, "the",
                                                  "primary_owner", org)


@when("{person:Person} makes {target:Person} {article:Article} {role:Role} of {org:Org}")
def step_makes_target_article_role_of_org(context: Context, person: str, target: str, article: str,
                                          role: str, org: str) -> None:
    """Give a member another role (must succeed); the answer names the new role."""
    world = scenario_world(context)
    member = world.driver.change_member_role(world.session(person), world.org(org).id,
                                             _account_id(world, target, org), role)
    world.words.expect(member.role == role, f"the answer to {person} making {target} {article} "
                       f"{role.replace('_', ' ')} of {org}",
                       f"{target} as {role.replace('_', ' ')}", member)


@when("{person:Person} tries to remove {target:Person} from {org:Org}")
def step_tries_to_remove(context: Context, person: str, target: str, org: str) -> None:
    """Ask to remove a member; the outcome is checked by a later step."""
    world = scenario_world(context)
    account_id = _account_id(world, target, org)
    world.attempt(lambda: world.driver.remove_member(world.session(person), world.org(org).id,
                                                     account_id))


@when("{person:Person} removes {target:Person} from {org:Org}")
def step_removes(context: Context, person: str, target: str, org: str) -> None:
    """Remove a member (must succeed)."""
    world = scenario_world(context)
    world.driver.remove_member(world.session(person), world.org(org).id,
                               _account_id(world, target, org))


@when("{person:Person} transfers the ownership of {org:Org} to {target:Person}")
def step_transfers_ownership(context: Context, person: str, org: str, target: str) -> None:
    """Hand the primary ownership on (must succeed); the answer shows one primary owner."""
    world = scenario_world(context)
    listed = world.driver.transfer_ownership(world.session(person), world.org(org).id,
                                             _account_id(world, target, org))
    primary = [m for m in listed if m.role == "primary_owner"]
    world.words.expect(len(primary) == 1,
                       f"the primary owners in the member list {person}'s transfer of {org} "
                       "answered", "exactly one", listed)


@when("{person:Person} tries to transfer the ownership of {org:Org} to {target:Person}")
def step_tries_to_transfer(context: Context, person: str, org: str, target: str) -> None:
    """Ask to hand the primary ownership on; the outcome is checked by a later step."""
    world = scenario_world(context)
    account_id = _account_id(world, target, org)
    world.attempt(lambda: world.driver.transfer_ownership(world.session(person),
                                                          world.org(org).id, account_id))


@when("{person:Person} tries to transfer the ownership of {org:Org} to {target:Person}'s "
      "account in {other:Org}")
def step_tries_to_transfer_the_ownership_to_targets_account_in_other(
        context: Context, person: str, org: str, target: str, other: str) -> None:
    """Name an account of another organization as the new primary owner."""
    world = scenario_world(context)
    account_id = _account_id(world, target, other)
    world.attempt(lambda: world.driver.transfer_ownership(world.session(person),
                                                          world.org(org).id, account_id))


@then("{org:Org}'s member list shows {person:Person} as {role:Role}")
def step_member_list_shows_role(context: Context, org: str, person: str, role: str) -> None:
    """The person is listed once, with this role."""
    world = scenario_world(context)
    entry = world.words.present(member_entry(world, org, person), f"{org}'s member list",
                                f"an entry for {person}", f"no entry for {person}")
    world.words.expect(entry.role == role, f"{person}'s entry in {org}'s member list",
                       f"{person} as {role.replace('_', ' ')}", entry)


@then("{org:Org}'s member list no longer shows {person:Person}")
def step_member_list_no_longer_shows(context: Context, org: str, person: str) -> None:
    """No entry with the person's email is left."""
    world = scenario_world(context)
    entry = member_entry(world, org, person)
    if entry is not None:  # the list is read again only to show it
        world.words.fail(f"{org}'s member list", f"no entry for {person}", members(world, org))


@then("{person:Person} is now {org:Org}'s only primary owner")
def step_now_only_primary_owner(context: Context, person: str, org: str) -> None:
    """Exactly one member is primary owner, and it is the person."""
    assert_only_primary_owner(scenario_world(context), org, person)
