"""Steps for who may change an organization's settings, and what each plan offers.

Vocabulary: "Olivia is the primary owner of Acme" (its creator), "Oscar is an owner of
Acme", "Ada is an admin of Acme", "Max is a member of Acme" (by invitation), "Nick is not
a member of Acme". After a person *tried* a change ("tries to configure single sign-on",
"tries to add …", "tries to verify …", "tries to turn the … on"), the primary owner reads
the setting back: it shows the change, or nothing changed.
"""

from __future__ import annotations

from typing import Any

from behave import given, then
from behave.runner import Context

from fixtures.wording import quoted
from fixtures.world import Change, ScenarioTextError, ScenarioWorld, scenario_world

ENTERPRISE_FEATURES = ("sso", "domain_verification")


@given("{person:Person} is the primary owner of {org:Org}")
def step_is_primary_owner(context: Context, person: str, org: str) -> None:
    """The person created the organization; the member list names them primary owner."""
    world = scenario_world(context)
    state = world.org(org)
    if state.creator != person:
        raise ScenarioTextError(f"{org} was created by {state.creator}, not {person}")
    members = world.driver.list_members(world.session(person), state.id)
    primary = world.words.one([m for m in members if m.role == "primary_owner"],
                              f"the primary owners in {org}'s member list", "exactly one",
                              members)
    world.words.expect(primary.email.lower() == world.person(person).email.lower(),
                       f"the primary owner of {org}", person, primary)


@given("{person:Person} is an {role:Role} of {org:Org}")
@given("{person:Person} is a {role:Role} of {org:Org}")
def step_is_a_role_of_org(context: Context, person: str, role: str, org: str) -> None:
    """The creator invites the person with the role; the person accepts."""
    if role == "primary_owner":
        raise ScenarioTextError("the primary owner is the organization's creator: say "
                                f"'{person} has created the … organization {org}'")
    scenario_world(context).join_by_invitation(person, org, role)


@given("{person:Person} is not a member of {org:Org}")
def step_is_not_member(context: Context, person: str, org: str) -> None:
    """The person uses the service with an individual account and no role in the org."""
    world = scenario_world(context)
    world.driver.sign_up_individual(world.session(person))
    accounts = world.accounts(person)
    inside = [a for a in accounts if a.organization_id == world.org(org).id]
    world.words.expect(not inside, f"{person}'s accounts in {org}", "none",
                       world.words.accounts(inside))


def _last_change_in(world: ScenarioWorld, org: str) -> Change:
    change = world.last_change()
    if change.org != org:
        raise ScenarioTextError(f"the last change was in {change.org}, not {org}")
    return change


@then("{org:Org}'s primary owner sees the change")
def step_primary_owner_sees_change(context: Context, org: str) -> None:
    """Read back as the primary owner: the attempted change is in place."""
    world = scenario_world(context)
    change = _last_change_in(world, org)
    seen = change.observe()
    world.words.expect(seen == change.expected,
                       f"what {org}'s primary owner reads after the attempt to {change.what}",
                       _reading(change.expected), _reading(seen))


@then("{org:Org}'s primary owner sees that nothing changed")
def step_primary_owner_sees_nothing_changed(context: Context, org: str) -> None:
    """Read back as the primary owner: the setting is as before the attempt."""
    world = scenario_world(context)
    change = _last_change_in(world, org)
    world.words.expect(change.before_refusal is None,
                       f"what {org}'s primary owner read before the attempt to {change.what}",
                       "the setting", change.before_refusal)
    world.words.expect(change.before != change.expected,
                       f"what {org}'s primary owner read before the attempt to {change.what}",
                       f"anything but {_reading(change.expected)} (the change not yet made)",
                       _reading(change.before))
    seen = change.observe()
    world.words.expect(seen == change.before,
                       f"what {org}'s primary owner reads after the attempt to {change.what}",
                       f"{_reading(change.before)}, as before", _reading(seen))


def _reading(value: Any) -> str:
    """A setting as the primary owner read it back: ``on``, ``“pending”``, ``nothing``,
    ``on, “urn:…:idp”`` (several parts), ``“a.example”; “b.example”`` (a list)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, tuple):
        return ", ".join(_reading(part) for part in value)
    if isinstance(value, list):
        return "; ".join(_reading(entry) for entry in value) or "an empty list"
    return str(value)


@then("{person:Person} is refused the same way for an organization that does not exist")
def step_is_refused_the_same_way_for_an_organization_that_does_not_exist(
        context: Context, person: str) -> None:
    """The same change against a made-up organization is refused for the same reason."""
    world = scenario_world(context)
    change = world.last_change()
    first = world.last_refusal()
    missing = f"no-such-organization-{world.data.run_prefix}"
    world.attempt(lambda: change.perform(missing))
    second = world.last_refusal()
    world.words.expect((second.code, second.status) == (first.code, first.status),
                       f"{person}'s refusal for an organization that does not exist",
                       f"the same as for {change.org}: {world.words.refusal(first)}", second)


@then("{person:Person}'s account in {org:Org} offers single sign-on and domain verification")
def step_account_in_org_offers_single_sign_on_and_domain_verification(
        context: Context, person: str, org: str) -> None:
    """The organization account lists the Enterprise features."""
    world = scenario_world(context)
    account = world.account_in(person, org)
    missing = [f for f in ENTERPRISE_FEATURES if f not in account.features]
    world.words.expect(not missing, f"the features {person}'s account in {org} offers",
                       "single sign-on and domain verification among them",
                       _features(account.features))


@then("{person:Person}'s account in {org:Org} offers neither single sign-on nor "
      "domain verification")
def step_account_in_org_offers_neither_sso_nor_domain_verification(
        context: Context, person: str, org: str) -> None:
    """The organization account does not list the Enterprise features."""
    world = scenario_world(context)
    account = world.account_in(person, org)
    present = [f for f in ENTERPRISE_FEATURES if f in account.features]
    world.words.expect(not present, f"the features {person}'s account in {org} offers",
                       "neither single sign-on nor domain verification",
                       _features(account.features))


def _features(features: tuple[str, ...]) -> str:
    """The features an account lists, by their contract codes (``none`` when it lists none)."""
    return ", ".join(features) or "none"
