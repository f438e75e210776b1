"""Steps for single sign-on: configuring it and signing in with an identity provider.

The identity provider is the service's stub (test-support): it issues a signed assertion
for an organization and an email. A person who signs in through SSO continues the scenario
with that SSO session.
"""

from __future__ import annotations

from behave import given, then, when
from behave.runner import Context

from fixtures.enterprise import (
    attempt_change,
    creator_session,
    idp_entity_id,
    sign_in_through_sso,
    sso_change,
)
from fixtures.sessions import account_named
from fixtures.wording import quoted
from fixtures.world import required, scenario_world


@given("single sign-on is configured for {org:Org}")
def step_sso_configured(context: Context, org: str) -> None:
    """The organization's creator enables SSO with the scenario's identity provider."""
    world = scenario_world(context)
    config = world.driver.configure_sso(creator_session(world, org), world.org(org).id,
                                        idp_entity_id(world, org), True)
    world.words.expect(config.enabled, f"the answer to configuring single sign-on for {org}",
                       f"SSO of {org} on", config)


@when("{person:Person} configures single sign-on for {org:Org}")
def step_configures_sso(context: Context, person: str, org: str) -> None:
    """The person enables SSO with the scenario's identity provider (must succeed)."""
    world = scenario_world(context)
    config = world.driver.configure_sso(world.session(person), world.org(org).id,
                                        idp_entity_id(world, org), True)
    world.words.expect(config.enabled and config.organization_id == world.org(org).id,
                       f"the answer to {person} configuring single sign-on for {org}",
                       f"SSO of {org} on", config)


@when("{person:Person} tries to configure single sign-on for {org:Org}")
def step_tries_to_configure_sso(context: Context, person: str, org: str) -> None:
    """Attempt to enable SSO; checked by a later step."""
    world = scenario_world(context)
    attempt_change(world, sso_change(world, person, org))


@then("single sign-on is enabled for {org:Org} with its identity provider")
def step_sso_enabled(context: Context, org: str) -> None:
    """The primary owner reads SSO back: enabled, with the configured identity provider."""
    world = scenario_world(context)
    config = world.driver.get_sso(creator_session(world, org), world.org(org).id)
    world.words.expect(config.enabled, f"single sign-on of {org} as its primary owner reads it",
                       "on", config)
    world.words.expect(config.idp_entity_id == idp_entity_id(world, org),
                       f"the identity provider of {org}'s single sign-on",
                       quoted(idp_entity_id(world, org)), config)
    world.words.expect(config.organization_id == world.org(org).id,
                       f"the organization of the single sign-on settings read for {org}", org,
                       config)


@when("{person:Person} signs in to {org:Org} through single sign-on")
def step_signs_in_through_sso(context: Context, person: str, org: str) -> None:
    """The stub identity provider vouches for the person; the SSO sign-in must succeed."""
    world = scenario_world(context)
    assertion = world.driver.issue_assertion(world.org(org).id, world.person(person).email)
    sign_in_through_sso(world, person, org, assertion)


@when("{person:Person} tries to sign in to {org:Org} through single sign-on")
def step_tries_sso(context: Context, person: str, org: str) -> None:
    """Attempt an SSO sign-in with a valid assertion; checked by a later step."""
    world = scenario_world(context)
    assertion = world.driver.issue_assertion(world.org(org).id, world.person(person).email)
    world.attempt(lambda: sign_in_through_sso(world, person, org, assertion))


@when("{person:Person} tries to sign in to {org:Org} through single sign-on "
      "with a tampered assertion")
def step_tries_sso_tampered(context: Context, person: str, org: str) -> None:
    """Attempt an SSO sign-in with an assertion whose signature was altered."""
    world = scenario_world(context)
    assertion = world.driver.issue_assertion(world.org(org).id, world.person(person).email)
    tampered = world.driver.tamper_assertion(assertion)
    world.words.expect(tampered != assertion, "the assertion the driver tampered with",
                       "an altered assertion", "the assertion as issued")
    world.attempt(lambda: sign_in_through_sso(world, person, org, tampered))


@when("{person:Person} tries to sign in to {org:Org} through single sign-on "
      "with an assertion issued for {other:Org}")
def step_tries_sso_other_org(context: Context, person: str, org: str, other: str) -> None:
    """Attempt an SSO sign-in to one organization with another organization's assertion."""
    world = scenario_world(context)
    assertion = world.driver.issue_assertion(world.org(other).id, world.person(person).email)
    world.attempt(lambda: sign_in_through_sso(world, person, org, assertion))


@then("{person:Person} is signed in to the organization account in {org:Org}")
def step_signed_in_to_org_account(context: Context, person: str, org: str) -> None:
    """The SSO session is current on the person's existing account in the organization."""
    world = scenario_world(context)
    signed_in = required(world.person(person).sso_account,
                         f"{person} has not signed in through SSO in this scenario")
    accounts = world.accounts(person)
    in_org = [a for a in accounts if a.organization_id == world.org(org).id]
    words = world.words
    account = words.one(in_org, f"{person}'s accounts in {org} in the account list", "one",
                        words.accounts(accounts))
    words.expect(signed_in.id == account.id,
                 f"the account {person} signed in to through single sign-on",
                 account, signed_in)
    words.expect(signed_in.email.lower() == world.person(person).email.lower(),
                 f"the email of the account {person} signed in to through single sign-on",
                 world.person(person).email, signed_in.email)
    me = world.driver.whoami(world.session(person))
    words.expect(me.current_account_id == account.id,
                 f"the current account of {person}'s single sign-on session",
                 account_named(world, account.id, accounts),
                 account_named(world, me.current_account_id, accounts))
    current = [a for a in accounts if a.current]
    words.expect([a.id for a in current] == [account.id],
                 f"the accounts {person}'s account list marks current",
                 f"only {account_named(world, account.id, accounts)}", words.accounts(current))
