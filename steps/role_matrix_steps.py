"""Steps for the role matrix: who may do what in an organization, and who sees an invitation.

Vocabulary: an operation on an organization (``OrganizationOperation``) is "see the details
of Acme", "see the member list of Acme", "see the single sign-on settings of Acme", "change
the single sign-on settings of Acme", "add a domain to Acme", "see the domains of Acme", "see
a domain of Acme", "verify a domain of Acme", "change the settings of a domain of Acme";
"Olivia, Oscar, Ada and Mara each try to …" has each of them try it in turn. An account is
named as "Mara's account" (hers in the organization of the step), "Mara's account in Nimbus"
or "Olivia's individual account" (``AccountRef``): "… tries to give Mara's account the role
admin in Acme", "… tries to remove Mara's account from Acme", "… tries to hand the ownership
of Acme on to Oscar's account", "… tries to invite Ivy to Acme as owner". Before each such
attempt the member lists of the scenario's organizations are read, so "Acme's member list is
as it was" can compare; the attempt is kept, so "it is refused exactly as for an organization
that never existed" can repeat it with a made-up organization id.
"""

from __future__ import annotations

from collections.abc import Iterable

from behave import given, then, when
from behave.runner import Context

from fixtures.refusals import expected_statuses
from fixtures.role_matrix import (
    READS,
    account_id,
    assert_not_listed,
    attempt_on_organization,
    check_is_the_organizations,
    comparable,
    each_try,
    operation,
    remember_accounts,
)
from fixtures.security import attempt_foreign, member_entry
from fixtures.vocabulary import AccountRef, Reason, operation_phrase
from fixtures.wording import quoted
from fixtures.world import ScenarioTextError, required, scenario_world


def _named(account: AccountRef) -> str:
    """The account as the step names it: "Mara's account (in Nimbus)", "Olivia's individual
    account"."""
    if account.individual:
        return f"{account.person}'s individual account"
    return f"{account.person}'s account" + (f" in {account.org}" if account.org else "")


# -- one person tries an operation on an organization ---------------------------------------
@when("{person:Person} tries to {op:OrganizationOperation} {org:Org}")
def step_tries_to_op_org(context: Context, person: str, op: str, org: str) -> None:
    """Remember the member lists, then try the operation on the organization."""
    world = scenario_world(context)
    attempt_on_organization(world, org,
                            f"{person}'s attempt to {operation_phrase(op)} {org}",
                            operation(world, person, op, org))


@when("{person:Person} tries to give {account:AccountRef} the role {role:Role} in {org:Org}")
def step_tries_to_give_account_the_role_in_org(context: Context, person: str,
                                               account: AccountRef, role: str,
                                               org: str) -> None:
    """Remember the state, then ask to give the account another role in the organization."""
    world = scenario_world(context)
    target = account_id(world, account, org)
    session = world.session(person)
    remember_accounts(world, account.person)
    attempt_on_organization(world, org,
                            f"{person}'s attempt to give {_named(account)} the role {role} in "
                            f"{org}",
                            lambda org_id: world.driver.change_member_role(
                                session, org_id, target, role))


@when("{person:Person} tries to remove {account:AccountRef} from {org:Org}")
def step_tries_to_remove_account_from_org(context: Context, person: str, account: AccountRef,
                                          org: str) -> None:
    """Remember the state, then ask to remove the account from the organization."""
    world = scenario_world(context)
    target = account_id(world, account, org)
    session = world.session(person)
    remember_accounts(world, account.person)
    attempt_on_organization(world, org,
                            f"{person}'s attempt to remove {_named(account)} from {org}",
                            lambda org_id: world.driver.remove_member(session, org_id, target))


@when("{person:Person} tries to hand the ownership of {org:Org} on to {account:AccountRef}")
def step_tries_to_hand_the_ownership_of_org_on_to_account(context: Context, person: str,
                                                          org: str,
                                                          account: AccountRef) -> None:
    """Remember the member lists, then ask to make the account the primary owner."""
    world = scenario_world(context)
    target = account_id(world, account, org)
    session = world.session(person)
    attempt_on_organization(world, org,
                            f"{person}'s attempt to hand the ownership of {org} on to "
                            f"{_named(account)}",
                            lambda org_id: world.driver.transfer_ownership(
                                session, org_id, target))


@when("{person:Person} tries to invite {invitee:Person} to {org:Org} as {role:Role}")
def step_tries_to_invite_invitee_to_org_as_role(context: Context, person: str, invitee: str,
                                                org: str, role: str) -> None:
    """Remember the member lists, then ask to invite the invitee's email with the role."""
    world = scenario_world(context)
    session, email = world.session(person), world.person(invitee).email
    attempt_on_organization(world, org,
                            f"{person}'s attempt to invite {invitee} to {org} as {role}",
                            lambda org_id: world.driver.invite(session, org_id, email, role))


# -- several people each try one operation ---------------------------------------------------
@when("{people:People} each try to {op:OrganizationOperation} {org:Org}")
def step_people_each_try_to_op_org(context: Context, people: tuple[str, ...], op: str,
                                   org: str) -> None:
    """Each person, in turn, tries the operation; every outcome is kept."""
    each_try(scenario_world(context), people, op, org)


@then("each of them is refused because {reason:Reason}")
def step_each_of_them_is_refused_because_reason(context: Context, reason: Reason) -> None:
    """Every one of them was refused with the reason's code and the contract's status."""
    world = scenario_world(context)
    attempt = required(world.each_attempt,
                       "no operation was tried by several people in this scenario")
    allowed = expected_statuses(reason)
    wrong = []
    for person, outcome in attempt.outcomes.items():
        refusal = outcome.refusal
        if refusal is None or refusal.code != reason.code or refusal.status not in allowed:
            wrong.append(f"{person}: {world.words.outcome(outcome)}")
    statuses = " or ".join(map(str, allowed))
    world.words.expect(
        not wrong, f"the answers to {_names(attempt.outcomes)} trying to "
        f"{operation_phrase(attempt.operation)} {attempt.org}",
        f"for each a refusal with the code {reason.code} ({reason.phrase}) and the status "
        f"{statuses}", f"{len(wrong)} of {len(attempt.outcomes)} otherwise: " + "; ".join(wrong))


def _names(people: Iterable[str]) -> str:
    """``Olivia, Oscar, Ada and Mara``."""
    names = list(people)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@then("each of them sees what {org:Org}'s primary owner sees")
def step_each_of_them_sees_what_org_primary_owner_sees(context: Context, org: str) -> None:
    """Each read was answered, about this organization, as its creator reads it now."""
    world = scenario_world(context)
    attempt = required(world.each_attempt,
                       "no operation was tried by several people in this scenario")
    if attempt.operation not in READS or attempt.org != org:
        raise ScenarioTextError(f"the last operation several people tried was "
                                f"{attempt.operation} on {attempt.org}, not a read of {org}")
    state = world.org(org)
    seen = operation(world, state.creator, attempt.operation, org)(state.id)
    check_is_the_organizations(world, attempt.operation, org, seen)
    trying = f"{operation_phrase(attempt.operation)} {org}"
    for person, outcome in attempt.outcomes.items():
        world.words.expect(outcome.refusal is None, f"the answer to {person} trying to {trying}",
                           "acceptance", world.words.outcome(outcome))
        world.words.expect(comparable(outcome.value) == comparable(seen),
                           f"what {person} reads on trying to {trying}",
                           f"what {org}'s primary owner reads: {world.words.describe(seen)}",
                           outcome.value)


# -- what changed -----------------------------------------------------------------------------
@then("{org:Org}'s member list is as it was")
def step_org_member_list_is_as_it_was(context: Context, org: str) -> None:
    """The member list, as the creator reads it, has the same accounts, emails and roles."""
    world = scenario_world(context)
    state = world.org(org)
    before = world.before.members_of(org)
    now = world.driver.list_members(world.session(state.creator), state.id)
    as_set = {(m.account_id, m.email.lower(), m.role) for m in now}
    was = {(m.account_id, m.email.lower(), m.role) for m in before}
    world.words.expect(len(now) == len(before) and as_set == was, f"{org}'s member list",
                       f"as before the attempt: {world.words.describe(before)}", now)


@then("{person:Person} is no longer a member of {org:Org}")
def step_person_is_no_longer_a_member_of_org(context: Context, person: str, org: str) -> None:
    """Neither the member list nor the person's account list shows the person in the org."""
    world = scenario_world(context)
    entry = member_entry(world, org, person)
    world.words.expect(entry is None, f"{org}'s member list", f"no entry for {person}", entry)
    inside = [a for a in world.accounts(person) if a.organization_id == world.org(org).id]
    world.words.expect(not inside, f"{person}'s accounts in {org}", "none",
                       world.words.accounts(inside))


@given("{person:Person} has also signed up for an individual account")
def step_has_also_signed_up_for_an_individual_account(context: Context, person: str) -> None:
    """The person, already in an organization, signs up; the answer's account is kept."""
    world = scenario_world(context)
    account = world.driver.sign_up_individual(world.session(person))
    world.words.expect(account.kind == "individual", f"the account {person}'s sign-up answered",
                       "an individual account", account)
    world.person(person).signed_up = account


# -- invitations ------------------------------------------------------------------------------
@given("{person:Person} has a pending invitation to {org:Org} as {role:Role}, sent to the "
       "email in upper case")
def step_has_pending_invitation_to_org_as_role_sent_to_the_email_in_upper_case(
        context: Context, person: str, org: str, role: str) -> None:
    """The organization's creator invites the person's email written in capitals."""
    world = scenario_world(context)
    state = world.org(org)
    email = world.person(person).email
    if email.upper() == email:
        raise ScenarioTextError(f"{person}'s email {quoted(email)} has no letter to write in "
                                "capitals")
    invitation = world.driver.invite(world.session(state.creator), state.id, email.upper(),
                                     role)
    world.words.expect(invitation.status == "pending", f"the new invitation of {person} to {org}",
                       "a pending invitation", invitation)
    world.person(person).invitations[org] = invitation


@then("{person:Person}'s invitations show the invitation to {org:Org} as {role:Role}")
def step_invitations_show_the_invitation_to_org_as_role(context: Context, person: str,
                                                        org: str, role: str) -> None:
    """Exactly one pending invitation is listed: to the organization, with the role."""
    world = scenario_world(context)
    listed = world.driver.list_my_invitations(world.session(person))
    email = world.person(person).email.lower()
    invitation = world.words.one(listed, f"{person}'s pending invitations", "exactly one")
    world.words.expect(
        (invitation.organization_id, invitation.role, invitation.status) == (
            world.org(org).id, role, "pending"), f"{person}'s invitation",
        f"a pending invitation to {org} as {role.replace('_', ' ')}", invitation)
    world.words.expect(invitation.email.lower() == email, f"the email {person}'s invitation is for",
                       f"{person}'s, {email}", invitation.email)
    world.person(person).invitations.setdefault(org, invitation)


@then("{person:Person} has no pending invitation")
def step_has_no_pending_invitation(context: Context, person: str) -> None:
    """The person's invitation list is empty."""
    world = scenario_world(context)
    listed = world.driver.list_my_invitations(world.session(person))
    world.words.expect(listed == [], f"{person}'s pending invitations", "none", listed)


@then("{person:Person}'s invitations do not show {owner:Person}'s invitation to {org:Org}")
def step_invitations_do_not_show_owners_invitation_to_org(context: Context, person: str,
                                                          owner: str, org: str) -> None:
    """The invitation the scenario sent the owner is not in the person's list."""
    assert_not_listed(scenario_world(context), person, owner, org)


@then("{person:Person}'s invitations no longer show the invitation to {org:Org}")
def step_invitations_no_longer_show_the_invitation_to_org(context: Context, person: str,
                                                          org: str) -> None:
    """The person's own invitation to the organization is no longer listed."""
    assert_not_listed(scenario_world(context), person, person, org)


@when("{person:Person} tries to accept {owner:Person}'s invitation to {org:Org}")
def step_tries_to_accept_owners_invitation_to_org(context: Context, person: str, owner: str,
                                                  org: str) -> None:
    """Remember the state, then ask to accept an invitation sent to someone else's email."""
    world = scenario_world(context)
    invitation = required(world.person(owner).invitations.get(org),
                          f"{owner} was not invited to {org} in this scenario")
    session = world.session(person)
    remember_accounts(world, person)
    attempt_foreign(world, f"{person}'s attempt to accept {owner}'s invitation to {org}",
                    lambda invitation_id: world.driver.accept_invitation(session,
                                                                         invitation_id),
                    invitation.id)


@when("{person:Person} accepts the invitation to {org:Org}")
def step_accepts_the_invitation_to_org(context: Context, person: str, org: str) -> None:
    """Accept the invitation the scenario gave the person: a new account in the organization."""
    world = scenario_world(context)
    invitation = required(world.person(person).invitations.get(org),
                          f"{person} was not invited to {org} in this scenario")
    account = world.driver.accept_invitation(world.session(person), invitation.id)
    world.words.expect(
        account.kind == "organization" and account.organization_id == world.org(org).id,
        f"the account {person} got for accepting the invitation to {org}",
        f"an account in {org}", account)
    world.words.expect(account.role == invitation.role, f"the role {person} joined {org} with",
                       f"the invited role, {invitation.role.replace('_', ' ')}", account)
    world.person(person).joined_account = account
