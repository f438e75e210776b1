"""Steps for merge requests between an individual and an organization account (S04, S05).

The organization account may be held under the person's own email ("the same email") or
under a second email address of the same person: then a second identity with the person's
name signs in, and a merge request carries that identity's session as the target's. The
checks that nothing changed live in ``separation_steps``; the state they compare with is
read by ``world.remember_state``.
"""

from __future__ import annotations

from behave import given, then, when
from behave.runner import Context

from fixtures.data import PersonData
from fixtures.wording import quoted
from fixtures.world import OrganizationState, ScenarioWorld, scenario_world


def _kinds(kinds: object) -> str:
    """The account kinds a refusal names, in words."""
    if kinds is None:
        return "no account kinds"
    if isinstance(kinds, list) and all(isinstance(kind, str) for kind in kinds):
        return ", then ".join(kinds) if kinds else "an empty list of account kinds"
    return f"account kinds in another form, {quoted(str(kinds))}"


def _second_identity(world: ScenarioWorld, person: str) -> str:
    """Give the person a second identity: same name, another email address."""
    alias = f"{person} on a second email address"
    main = world.person(person).data
    other = world.data.person()
    world.new_person(alias, PersonData(main.first_name, main.last_name, other.email))
    world.person(person).second_identity = alias
    return alias


@given("{person:Person} is a member of the {plan:OrganizationPlan} organization {org:Org} "
       "under {email:EmailChoice}")
def step_member_under_email(context: Context, person: str, plan: str, org: str, email: str) -> None:
    """Someone creates the organization and invites the person's own or second email."""
    world = scenario_world(context)
    owner = f"Owner of {org}"
    organization, _ = world.driver.create_organization(
        world.session(owner), world.data.organization_name(), plan)
    world.organizations[org] = OrganizationState(org, organization.id, plan,
                                                 organization.name, creator=owner)
    holder = person if email == "the same email" else _second_identity(world, person)
    invitation = world.driver.invite(world.session(owner), organization.id,
                                     world.person(holder).email, "member")
    account = world.driver.accept_invitation(world.session(holder), invitation.id)
    world.words.expect(account.kind == "organization"
                       and account.organization_id == organization.id,
                       f"the account {holder} accepted an invitation to {org} with",
                       f"an account in {org}", account)
    world.words.expect(account.email.lower() == world.person(holder).email.lower(),
                       f"the email of {holder}'s account in {org}",
                       f"the invited {world.person(holder).email}", account.email)


@given("{person:Person} has {count:d} {kind:ItemKind} in the organization account in {org:Org}")
def step_has_items_in_org(context: Context, person: str, count: int, kind: str, org: str) -> None:
    """Create items in the person's account in the organization, on whichever email."""
    world = scenario_world(context)
    holder = world.account_holder(person, "organization")
    target = world.account_in(holder, org)
    world.switch_to(holder, target)
    for _ in range(count):
        item = world.driver.create_item(world.session(holder), kind, world.data.title())
        if item.account_id != target.id:
            world.words.fail(f"the account {holder}'s new {kind} was made in", target,
                             world.words.account_with_id(holder, item.account_id,
                                              world.accounts(holder)))
        world.person(holder).items.setdefault("organization", []).append(item)
        world.person(holder).items.setdefault(f"account in {org}", []).append(item)


@when("{person:Person} tries to merge the {source:AccountKind} account into the "
      "{target:AccountKind} account")
def step_tries_to_merge(context: Context, person: str, source: str, target: str) -> None:
    """Remember the state, then ask to merge; the other email's session goes along."""
    world = scenario_world(context)
    source_holder = world.account_holder(person, source)
    target_holder = world.account_holder(person, target)
    source_account = world.account_of_kind(source_holder, source)
    target_account = world.account_of_kind(target_holder, target)
    world.remember_state(person)
    other = world.session(target_holder) if target_holder != source_holder else None
    world.attempt(lambda: world.driver.request_merge(
        world.session(source_holder), source_account.id, target_account.id,
        target_session=other))


@then("the refusal names the account kinds {source:AccountKind} and {target:AccountKind}")
def step_refusal_names_kinds(context: Context, source: str, target: str) -> None:
    """The refusal lists the two account kinds, source first: it says why."""
    world = scenario_world(context)
    refusal = world.last_refusal()
    kinds = refusal.problem.get("account_kinds")
    world.words.expect(kinds == [source, target],
                       "the account kinds the merge's refusal names",
                       f"{source}, then {target}", _kinds(kinds))
