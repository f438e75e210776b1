"""Steps for people at a company domain: their email address and their accounts' use.

Vocabulary: "Nina has an email address at Acme's company domain" fixes the person's email
before they first act (variants: the domain in upper or mixed case, a ``+tag`` local part,
the eu subdomain, another domain); the account list reports whether an individual account
is "active" or "restricted"; "tries to list / create … in the current account" uses the
account the session is on, which a restriction may refuse.
"""

from __future__ import annotations

from collections.abc import Callable

from behave import given, then, when
from behave.runner import Context

from fixtures.data import PersonData
from fixtures.enterprise import domain_name
from fixtures.vocabulary import DomainRef
from fixtures.world import ScenarioWorld, scenario_world


def _give_email(world: ScenarioWorld, alias: str, domain: str,
                rewrite: Callable[[str, str], tuple[str, str]]) -> None:
    """Generate the person at ``domain``; ``rewrite`` turns (local, domain) into the email."""
    generated = world.data.person(domain)
    local, at = rewrite(*generated.email.rpartition("@")[::2])
    world.new_person(alias, PersonData(generated.first_name, generated.last_name,
                                       f"{local}@{at}"))


def _mixed_case(text: str) -> str:
    return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(text))


@given("{person:Person} has an email address at {domain:DomainRef}")
def step_email_at(context: Context, person: str, domain: DomainRef) -> None:
    """The person's email is at the domain, exactly as generated."""
    world = scenario_world(context)
    _give_email(world, person, domain_name(world, domain), lambda local, at: (local, at))


@given("{person:Person} has an email address at {domain:DomainRef} in upper case")
def step_email_at_upper_case(context: Context, person: str, domain: DomainRef) -> None:
    """The person's email has the domain part written in capitals."""
    world = scenario_world(context)
    _give_email(world, person, domain_name(world, domain),
                lambda local, at: (local, at.upper()))


@given("{person:Person} has an email address at {domain:DomainRef} in mixed case")
def step_email_at_mixed_case(context: Context, person: str, domain: DomainRef) -> None:
    """The person's email has the domain part in alternating lower and upper case."""
    world = scenario_world(context)
    _give_email(world, person, domain_name(world, domain),
                lambda local, at: (local, _mixed_case(at)))


@given("{person:Person} has an email address with a +tag at {domain:DomainRef}")
def step_email_with_tag(context: Context, person: str, domain: DomainRef) -> None:
    """The person's email has a ``+tag`` in its local part."""
    world = scenario_world(context)
    _give_email(world, person, domain_name(world, domain),
                lambda local, at: (f"{local}+newsletter", at))


@given("{person:Person} has an email address at another domain")
def step_has_an_email_address_at_another_domain(context: Context, person: str) -> None:
    """The person's email is at a fresh domain no organization has added."""
    world = scenario_world(context)
    _give_email(world, person, world.data.company_domain(), lambda local, at: (local, at))


@then("{person:Person}'s individual account is listed as {status:AccountStatus}")
def step_individual_account_listed_as(context: Context, person: str, status: str) -> None:
    """The account list still holds the individual account, with this status."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    individual = world.words.one(
        [a for a in accounts if a.kind == "individual"],
        f"the individual accounts in {person}'s account list", "exactly one",
        world.words.accounts(accounts))
    world.words.expect(individual.status == status,
                       f"the status of {person}'s individual account", status, individual)
    email = world.person(person).email
    world.words.expect(individual.email.lower() == email.lower(),
                       f"the email of {person}'s individual account", email, individual.email)


@when("{person:Person} tries to list the {kind:ItemKind} in the current account")
def step_tries_to_list_items(context: Context, person: str, kind: str) -> None:
    """Attempt a data request on the current account; checked by a later step."""
    world = scenario_world(context)
    world.attempt(lambda: world.driver.list_items(world.session(person), kind))


@when("{person:Person} tries to create a {kind:ItemKind} in the current account")
def step_tries_to_create_item(context: Context, person: str, kind: str) -> None:
    """Attempt to create an item in the current account; checked by a later step."""
    world = scenario_world(context)
    world.attempt(lambda: world.driver.create_item(world.session(person), kind,
                                                   world.data.title()))


@then("{person:Person} can create and list {kind:ItemKind} in the current account")
def step_can_create_and_list_items_in_the_current_account(context: Context, person: str,
                                                          kind: str) -> None:
    """A new item lands in the current account and is listed there."""
    world = scenario_world(context)
    session = world.session(person)
    current = world.words.present(world.driver.whoami(session).current_account_id or None,
                                  f"the current account of {person}'s session", "an account",
                                  "no account")
    item = world.driver.create_item(session, kind, world.data.title())
    world.words.expect(item.account_id == current, f"the account {person}'s new {kind} is in",
                       f"the current account (id {current})",
                       f"another account (id {item.account_id})")
    listed = world.driver.list_items(session, kind)
    world.words.expect(item.id in {i.id for i in listed},
                       f"the {kind}s {person}'s current account lists",
                       f"the new {kind}: {world.words.item(item)}", listed)
    account = world.driver.get_account(session, current)
    world.person(person).items.setdefault(account.kind, []).append(item)
