"""Steps for who may change an organization's settings, and what each plan offers.

Vocabulary: "Olivia is the primary owner of Acme" (its creator), "Oscar is an owner of
Acme", "Ada is an admin of Acme", "Max is a member of Acme" (by invitation), "Nick is not
a member of Acme". After a person *tried* a change ("tries to configure single sign-on",
"tries to add …", "tries to verify …", "tries to turn the … on"), the primary owner reads
the setting back: it shows the change, or nothing changed.
"""

from __future__ import annotations

from behave import given, then
from behave.runner import Context

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
    primary = [m for m in members if m.role == "primary_owner"]
    assert len(primary) == 1, f"expected exactly one primary owner of {org}: {members}"
    assert primary[0].email.lower() == world.person(person).email.lower(), (
        f"the primary owner of {org} is {primary[0]}, not {person}")


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
    assert all(a.organization_id != world.org(org).id for a in accounts), (
        f"{person} has an account in {org}: {accounts}")


def _last_change_in(world: ScenarioWorld, org: str) -> Change:
    change = world.last_change()
    if change.org != org:
        raise ScenarioTextError(f"the last change was in {change.org}, not {org}")
    return change


@then("{org:Org}'s primary owner sees the change")
def step_primary_owner_sees_change(context: Context, org: str) -> None:
    """Read back as the primary owner: the attempted change is in place."""
    change = _last_change_in(scenario_world(context), org)
    seen = change.observe()
    assert seen == change.expected, (
        f"after '{change.what}' the primary owner sees {seen!r}, expected {change.expected!r}")


@then("{org:Org}'s primary owner sees that nothing changed")
def step_primary_owner_sees_nothing_changed(context: Context, org: str) -> None:
    """Read back as the primary owner: the setting is as before the attempt."""
    change = _last_change_in(scenario_world(context), org)
    assert change.before_refusal is None, (
        f"the setting could not be read before the attempt: {change.before_refusal}")
    assert change.before != change.expected, (
        f"'{change.what}' was already in place before the attempt ({change.before!r})")
    seen = change.observe()
    assert seen == change.before, (
        f"after the refused '{change.what}' the primary owner sees {seen!r}; "
        f"before it was {change.before!r}")


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
    assert (second.code, second.status) == (first.code, first.status), (
        f"for {change.org} {person} was refused with {first.code} ({first.status}), for an "
        f"organization that does not exist with {second.code} ({second.status})")


@then("{person:Person}'s account in {org:Org} offers single sign-on and domain verification")
def step_account_in_org_offers_single_sign_on_and_domain_verification(
        context: Context, person: str, org: str) -> None:
    """The organization account lists the Enterprise features."""
    account = scenario_world(context).account_in(person, org)
    missing = [f for f in ENTERPRISE_FEATURES if f not in account.features]
    assert not missing, f"{person}'s account in {org} lacks {missing}: {account.features}"


@then("{person:Person}'s account in {org:Org} offers neither single sign-on nor "
      "domain verification")
def step_account_in_org_offers_neither_sso_nor_domain_verification(
        context: Context, person: str, org: str) -> None:
    """The organization account does not list the Enterprise features."""
    account = scenario_world(context).account_in(person, org)
    present = [f for f in ENTERPRISE_FEATURES if f in account.features]
    assert not present, f"{person}'s account in {org} offers {present}: {account.features}"
