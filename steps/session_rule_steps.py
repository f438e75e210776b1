"""Steps for which account a session is on: a new session, the first account, a removed
member's sessions, a deleted individual account's sessions, and SSO sign-in variants.

Vocabulary: "Alex holds <mix>" gives the person the accounts a mix phrase stands for
(``fixtures.vocabulary.ACCOUNT_MIXES``; "restricted" means at a domain another organization
restricts to its members); a *place* is "no account", "the individual account" or "the
account in Acme". Every session the scenario puts somewhere is remembered with its place
(``fixtures.sessions``), so a Then step can show where each one is now: its current account
and the account its account list marks current agree, and are the expected one.
"""

from __future__ import annotations

from functools import partial

from behave import given, then, when
from behave.runner import Context

from fixtures.enterprise import idp_entity_id
from fixtures.sessions import (
    account_named,
    assert_lists_exactly,
    assert_lists_none_of,
    assert_on,
    assert_refused,
    assert_uses,
    at_restricting_domain,
    attempt_operation,
    first_account_by_joining,
    get_account_by,
    give_accounts,
    give_more_accounts,
    held_as_read,
    holdings,
    items_made,
    join,
    keep_session,
    make_items,
    new_session,
    place_id,
    put_session,
    session_anew,
    without_marker,
)
from fixtures.vocabulary import SessionPlace
from fixtures.world import ScenarioTextError, scenario_world


# -- Given: accounts and sessions ---------------------------------------------------------
@given("{person:Person} holds {mix:AccountMix}")
def step_holds_mix(context: Context, person: str, mix: str) -> None:
    """Make the accounts the mix stands for, in its order, with the person's first session."""
    give_accounts(scenario_world(context), person, mix)


@given("{person:Person} is signed in twice but has no account yet")
def step_is_signed_in_twice_but_has_no_account_yet(context: Context, person: str) -> None:
    """Two sessions of a new identity without any account; both on no account."""
    world = scenario_world(context)
    for session in (world.session(person), new_session(world, person)):
        assert_on(world, session, None, f"a session of {person}, who has no account")
        keep_session(world, person, session, None)


@given("{person:Person}'s first session is on {place:SessionPlace}")
def step_first_session_is_on_place(context: Context, person: str, place: SessionPlace) -> None:
    """Switch the person's first session to the place's account (must succeed)."""
    world = scenario_world(context)
    put_session(world, person, world.session(person), place)


@given("{person:Person} has a conversation and a project in each of those accounts")
def step_has_a_conversation_and_a_project_in_each_of_those_accounts(context: Context,
                                                                    person: str) -> None:
    """On each usable account, a session of its own makes a conversation and a project."""
    world = scenario_world(context)
    for account in holdings(world, person).accounts:
        if world.driver.get_account(world.session(person), account.id).status == "restricted":
            continue  # it cannot be used while restricted: nothing is made there
        session = new_session(world, person)
        world.driver.switch_account(session, account.id)
        keep_session(world, person, session, account.id)
        make_items(world, person, session, account.id)  # checks where each item landed
    world.before.accounts[person] = held_as_read(world, person)


@given("{person:Person}'s email address is at a company domain another organization has "
       "verified")
def step_email_address_is_at_a_company_domain_another_organization_has_verified(
        context: Context, person: str) -> None:
    """The person's email is at Umbrella's verified company domain (not yet restricted)."""
    at_restricting_domain(scenario_world(context), person)


@given("{person:Person} is signed in twice and gets a first account by joining {org:Org}")
def step_is_signed_in_twice_and_gets_a_first_account_by_joining_org(
        context: Context, person: str, org: str) -> None:
    """Two sessions without an account; joining makes the first account, both are on it."""
    first_account_by_joining(scenario_world(context), person, org)


@given("{person:Person} then gets {mix:AccountMix}")
def step_then_gets_mix(context: Context, person: str, mix: str) -> None:
    """Make the mix's accounts after the ones the person holds, in its order."""
    give_more_accounts(scenario_world(context), person, mix)


@given("{person:Person} is signed in once more")
def step_is_signed_in_once_more(context: Context, person: str) -> None:
    """One more session, remembered on the account it starts on (no switching)."""
    session_anew(scenario_world(context), person)


@given("{person:Person} has a conversation and a project in each account a session is on")
def step_has_a_conversation_and_a_project_in_each_account_a_session_is_on(
        context: Context, person: str) -> None:
    """Each account a remembered session is on gets a conversation and a project from it."""
    world = scenario_world(context)
    kept = holdings(world, person).sessions
    if not kept:
        raise ScenarioTextError(f"the scenario put none of {person}'s sessions anywhere")
    done: set[str] = set()
    for session, account_id in kept:
        if account_id is None or account_id in done:
            continue
        done.add(account_id)
        make_items(world, person, session, account_id)
    world.before.accounts[person] = held_as_read(world, person)


@given("{person:Person} is signed in once more on {place:SessionPlace}")
def step_is_signed_in_once_more_on_place(context: Context, person: str,
                                         place: SessionPlace) -> None:
    """One more session of the person, switched to the place's account."""
    world = scenario_world(context)
    put_session(world, person, new_session(world, person), place)


# -- When: the first account and later ones; SSO -------------------------------------------
@when("{person:Person} gets an account by {way:AccountWay}")
@when("{person:Person} gets another account by {way:AccountWay}")
def step_gets_account_by_way(context: Context, person: str, way: str) -> None:
    """Sign up, create an organization or accept an invitation (must succeed)."""
    get_account_by(scenario_world(context), person, way)


@when("{person:Person} joins {org:Org} again by invitation")
def step_joins_org_again_by_invitation(context: Context, person: str, org: str) -> None:
    """The organization's creator invites the person again; the person accepts."""
    world = scenario_world(context)
    holdings(world, person).accounts.append(join(world, person, org))


@when("{person:Person} tries to enable single sign-on for {org:Org} without an identity "
      "provider")
def step_tries_to_enable_single_sign_on_for_org_without_an_identity_provider(
        context: Context, person: str, org: str) -> None:
    """Ask to switch SSO on with no identity provider (null); checked by a later step."""
    world = scenario_world(context)
    attempt_operation(world, "configure_sso", world.session(person),
                      {"org_id": world.org(org).id}, {"idp_entity_id": None, "enabled": True})


@when("{person:Person} switches single sign-on off for {org:Org}")
def step_switches_single_sign_on_off_for_org(context: Context, person: str, org: str) -> None:
    """Keep the identity provider, switch SSO off (must succeed); the answer says so."""
    world = scenario_world(context)
    config = world.driver.configure_sso(world.session(person), world.org(org).id,
                                        idp_entity_id(world, org), False)
    world.words.expect((config.organization_id, config.enabled) == (world.org(org).id, False),
                       f"the answer to {person} switching single sign-on off for {org}",
                       f"SSO of {org} off", config)


@when("{person:Person} tries to sign in through single sign-on to an organization that does "
      "not exist, with an assertion for {org:Org}")
def step_tries_to_sign_in_through_single_sign_on_to_an_organization_that_does_not_exist(
        context: Context, person: str, org: str) -> None:
    """A valid assertion for the person and the organization, sent to a made-up one."""
    world = scenario_world(context)
    assertion = world.driver.issue_assertion(world.org(org).id, world.person(person).email)
    missing = f"no-such-organization-{world.data.run_prefix}"
    world.attempt(lambda: world.driver.sso_sign_in(missing, assertion))


# -- Then: where sessions are -------------------------------------------------------------
@then("{person:Person}'s new session is on {place:SessionPlace}")
def step_new_session_is_on_place(context: Context, person: str, place: SessionPlace) -> None:
    """The person's latest session is on the place's account; the list marks only it."""
    world = scenario_world(context)
    assert_on(world, world.session(person), place_id(world, person, place),
              f"{person}'s new session")


@then("{person:Person}'s new session uses {place:SessionPlace}")
def step_new_session_uses_place(context: Context, person: str, place: SessionPlace) -> None:
    """The person's latest session's current account is the place's (markers aside)."""
    world = scenario_world(context)
    assert_uses(world, world.session(person), place_id(world, person, place),
                f"{person}'s new session")


@then("{person:Person} is signed in through single sign-on to the organization account in "
      "{org:Org}")
def step_is_signed_in_through_single_sign_on_to_the_organization_account_in_org(
        context: Context, person: str, org: str) -> None:
    """The SSO answer and the SSO session's current account are the person's account there."""
    world = scenario_world(context)
    signed_in = world.person(person).sso_account
    if signed_in is None:
        raise ScenarioTextError(f"{person} has not signed in through SSO in this scenario")
    org_id = world.org(org).id
    world.words.expect(
        (signed_in.kind, signed_in.organization_id) == ("organization", org_id),
        f"the account {person} signed in to through single sign-on",
        f"{person}'s account in {org}", signed_in)
    world.words.expect(signed_in.email.lower() == world.person(person).email.lower(),
                       f"the email of the account {person} signed in to through single sign-on",
                       world.person(person).email, signed_in.email)
    in_org = [a for a in world.accounts(person) if a.organization_id == org_id]
    world.words.expect([a.id for a in in_org] == [signed_in.id],
                       f"{person}'s accounts in {org} in the account list",
                       f"only the one signed in to, {account_named(world, signed_in.id)}",
                       world.words.accounts(in_org))
    assert_uses(world, world.session(person), signed_in.id, f"{person}'s SSO session")


@then("{person:Person}'s other sessions are still where they were")
def step_other_sessions_are_still_where_they_were(context: Context, person: str) -> None:
    """Every session the scenario put somewhere is still on that account."""
    world = scenario_world(context)
    kept = holdings(world, person).sessions
    if not kept:
        raise ScenarioTextError(f"the scenario put none of {person}'s sessions anywhere")
    for number, (session, account_id) in enumerate(kept, 1):
        assert_on(world, session, account_id, f"{person}'s session {number}")


@then("the answer marks {person:Person}'s new account as current")
def step_the_answer_marks_new_account_as_current(context: Context, person: str) -> None:
    """The service's answer to making the account says it is the session's current one."""
    made = holdings(scenario_world(context), person).accounts
    if not made:
        raise ScenarioTextError(f"{person} got no account in this scenario")
    scenario_world(context).words.expect(
        made[-1].current is True, f"the answer to making {person}'s first account",
        "the new account marked current", made[-1])


@then("the answer does not mark {person:Person}'s new account as current")
def step_the_answer_does_not_mark_new_account_as_current(context: Context, person: str) -> None:
    """The service's answer to making a later account says it is not the current one."""
    made = holdings(scenario_world(context), person).accounts
    if len(made) < 2:
        raise ScenarioTextError(f"{person} got no second account in this scenario")
    scenario_world(context).words.expect(
        made[-1].current is False, f"the answer to making {person}'s later account",
        "the new account not marked current", made[-1])


@then("all of {person:Person}'s sessions are on the first account")
def step_all_sessions_are_on_the_first_account(context: Context, person: str) -> None:
    """Every session of the person is on the first account made; all made are listed."""
    world = scenario_world(context)
    held = holdings(world, person)
    if not held.accounts or not held.sessions:
        raise ScenarioTextError(f"{person} got no account or no session in this scenario")
    first = held.accounts[0].id
    for number, (session, _) in enumerate(held.sessions, 1):
        assert_on(world, session, first, f"{person}'s session {number}")
    accounts = world.accounts(person)
    world.words.expect(sorted(a.id for a in accounts) == sorted(a.id for a in held.accounts),
                       f"{person}'s account list",
                       f"the accounts made: {world.words.accounts(held.accounts)}",
                       world.words.accounts(accounts))


@then("{person:Person}'s sessions that were on {place:SessionPlace} are now on "
      "{start:SessionPlace}")
def step_sessions_that_were_on_place_are_now_on_start(context: Context, person: str,
                                                      place: SessionPlace,
                                                      start: SessionPlace) -> None:
    """Each moved there and sees exactly its data (on no account: no data request works)."""
    world = scenario_world(context)
    was, now = place_id(world, person, place), place_id(world, person, start)
    moved = [s for s, a in holdings(world, person).sessions if a == was]
    if not moved:
        raise ScenarioTextError(f"none of {person}'s sessions was put on {place.text}")
    for number, session in enumerate(moved, 1):
        what = f"{person}'s session {number} that was on {place.text}"
        assert_uses(world, session, now, what)
        if now is None:
            assert_refused(world, partial(world.driver.list_items, session, "conversation"),
                           "there is no account in use", f"{what} asking for its conversations")
        else:
            assert_lists_exactly(world, session, now, items_made(world, person, now), what)


@then("{person:Person}'s sessions that were on {place:SessionPlace} are no longer valid")
def step_sessions_that_were_on_place_are_no_longer_valid(context: Context, person: str,
                                                         place: SessionPlace) -> None:
    """Each is refused as not valid, for its account list and for who it belongs to."""
    world = scenario_world(context)
    was = place_id(world, person, place)
    ended = [s for s, a in holdings(world, person).sessions if a == was]
    if not ended:
        raise ScenarioTextError(f"none of {person}'s sessions was put on {place.text}")
    for number, session in enumerate(ended, 1):
        what = f"{person}'s session {number} that was on {place.text}"
        assert_refused(world, partial(world.driver.list_accounts, session),
                       "the session is not valid", f"{what} asking for its account list")
        assert_refused(world, partial(world.driver.whoami, session),
                       "the session is not valid", f"{what} asking who it belongs to")


@then("{person:Person}'s accounts other than {place:SessionPlace} are untouched, with their "
      "conversations and projects")
def step_accounts_other_than_place_are_untouched(context: Context, person: str,
                                                 place: SessionPlace) -> None:
    """Each reads as before (marker aside); each session on one is still there, data intact."""
    world = scenario_world(context)
    gone = place_id(world, person, place)
    before = {a.id: without_marker(a) for a in world.before.accounts_of(person)
              if a.id != gone}
    session = world.session(person)
    now = {i: without_marker(world.driver.get_account(session, i)) for i in before}
    world.words.expect(now == before,
                       f"{person}'s accounts other than {place.text}, each read by its id",
                       f"as before: {world.words.accounts(before.values())}",
                       world.words.accounts(now.values()))
    accounts = world.accounts(person)
    world.words.expect({a.id for a in accounts} <= set(before), f"{person}'s account list",
                       f"only accounts other than {place.text}: "
                       f"{world.words.accounts(before.values())}", world.words.accounts(accounts))
    for number, (session, account_id) in enumerate(holdings(world, person).sessions, 1):
        if account_id == gone:
            continue
        what = f"{person}'s session {number} on {account_named(world, account_id)}"
        assert_uses(world, session, account_id, what)
        if account_id is not None:
            assert_lists_exactly(world, session, account_id,
                                 items_made(world, person, account_id), what)


@then("{person:Person}'s removed account in {org:Org} is gone with its conversations and "
      "projects")
def step_removed_account_in_org_is_gone_with_its_conversations_and_projects(
        context: Context, person: str, org: str) -> None:
    """Its id and its items are not found or listed, in any account a session is on now."""
    world = scenario_world(context)
    removed = place_id(world, person, SessionPlace(f"the account in {org}", "organization", org))
    made = items_made(world, person, removed or "")
    if not made:
        raise ScenarioTextError(f"the scenario made nothing in {person}'s account in {org}")
    session = world.session(person)
    removed_words = account_named(world, removed)
    assert_refused(world, lambda: world.driver.get_account(session, removed or ""),
                   "it was not found", f"{person} asking for the removed {removed_words}")
    accounts = world.accounts(person)
    world.words.expect(removed not in [a.id for a in accounts], f"{person}'s account list",
                       f"no entry for the removed {removed_words}",
                       world.words.accounts(accounts))
    seen: set[str] = set()
    for other, _ in holdings(world, person).sessions:
        current = world.driver.whoami(other).current_account_id
        if current is None or current in seen:
            continue
        seen.add(current)
        for item in made:
            listed_items = world.driver.list_items(other, item.kind)
            world.words.expect(
                item.id not in {i.id for i in listed_items},
                f"the {item.kind}s listed in {account_named(world, current)}",
                f"not the removed account's {world.words.item(item)}",
                world.words.listing(list(listed_items)))
            assert_refused(world, partial(world.driver.get_item, other, item.kind, item.id),
                           "it was not found",
                           f"{person} asking for the removed account's {world.words.item(item)} "
                           f"in {account_named(world, current)}")


@then("{person:Person}'s new account in {org:Org} has another id than the removed one and "
      "none of its conversations and projects")
def step_new_account_in_org_has_another_id_than_the_removed_one(
        context: Context, person: str, org: str) -> None:
    """A new id, read as in the organization; none of the removed account's items listed."""
    world = scenario_world(context)
    org_id = world.org(org).id
    made = [a for a in holdings(world, person).accounts if a.organization_id == org_id]
    if len(made) < 2:
        raise ScenarioTextError(f"{person} did not join {org} again in this scenario")
    removed, joined = made[0], made[-1]
    world.words.expect(joined.id != removed.id, f"{person}'s new account in {org}",
                       f"another id than the removed one (id {removed.id})", joined)
    session = world.session(person)
    read = world.driver.get_account(session, joined.id)
    world.words.expect((read.kind, read.organization_id) == ("organization", org_id),
                       f"{person}'s new account in {org}, read by its id",
                       f"{person}'s account in {org}", read)
    in_org = [a for a in world.accounts(person) if a.organization_id == org_id]
    world.words.expect(removed.id not in [a.id for a in in_org],
                       f"{person}'s accounts in {org} in the account list",
                       f"no entry for the removed one (id {removed.id})",
                       world.words.accounts(in_org))
    world.driver.switch_account(session, joined.id)
    assert_lists_none_of(world, session, items_made(world, person, removed.id),
                         f"{person}'s new account in {org}")


@then("{person:Person} reads single sign-on for {org:Org} as disabled, with no identity "
      "provider")
def step_reads_single_sign_on_for_org_as_disabled_with_no_identity_provider(
        context: Context, person: str, org: str) -> None:
    """The person reads the organization's SSO settings: off, no identity provider."""
    world = scenario_world(context)
    config = world.driver.get_sso(world.session(person), world.org(org).id)
    world.words.expect(
        (config.organization_id, config.enabled, config.idp_entity_id) == (
            world.org(org).id, False, None),
        f"the single sign-on settings of {org} as {person} reads them",
        f"SSO of {org} off, no identity provider", config)
