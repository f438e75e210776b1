"""Steps for the sign-up block with addresses written differently (S17).

Vocabulary: "Nina has an email address at Acme's company domain with spaces around it"
(``"  local@domain  "``), "… with a trailing dot" (``local@domain.``), "… at a look-alike of
Acme's company domain" (the Latin ``a`` of the ``example`` label replaced by the Cyrillic
``а``, so the run prefix stays intact) and "… in its ASCII form" (that label in IDNA form,
``xn--…``). The address as generated, before it was rewritten, is remembered as the
person's canonical address: a sign-in with it shows whether an individual account exists.
"""

from __future__ import annotations

from collections.abc import Callable

from behave import given, then
from behave.runner import Context

from fixtures.data import PersonData
from fixtures.enterprise import domain_name
from fixtures.vocabulary import DomainRef
from fixtures.wording import quoted
from fixtures.world import ScenarioTextError, ScenarioWorld, required, scenario_world

LOOKALIKE_LABEL = "ex\u0430mple"  # Cyrillic small letter a in place of the Latin one
ALLOWED_WHEN_BLOCKED = ("invalid_request", "domain_restricted")


def _give_email(world: ScenarioWorld, alias: str, domain: str,
                rewrite: Callable[[str, str], str]) -> None:
    """Generate the person at ``domain``; ``rewrite(local, domain)`` gives the email used."""
    generated = world.data.person(domain)
    local, _, at = generated.email.rpartition("@")
    person = world.new_person(alias, PersonData(generated.first_name, generated.last_name,
                                                rewrite(local, at)))
    person.canonical_email = generated.email


def _lookalike(domain: str) -> str:
    labels = domain.split(".")
    if "example" not in labels:
        raise ScenarioTextError(f"{domain} has no label to imitate")
    return ".".join(LOOKALIKE_LABEL if label == "example" else label for label in labels)


@given("{person:Person} has an email address at {domain:DomainRef} with spaces around it")
def step_email_with_spaces(context: Context, person: str, domain: DomainRef) -> None:
    """The address at the domain with two spaces before and after it."""
    world = scenario_world(context)
    _give_email(world, person, domain_name(world, domain), lambda local, at: f"  {local}@{at}  ")


@given("{person:Person} has an email address at {domain:DomainRef} with a trailing dot")
def step_email_with_trailing_dot(context: Context, person: str, domain: DomainRef) -> None:
    """The address with the domain written as a fully qualified name (a trailing dot)."""
    world = scenario_world(context)
    _give_email(world, person, domain_name(world, domain), lambda local, at: f"{local}@{at}.")


@given("{person:Person} has an email address at a look-alike of {domain:DomainRef}")
def step_email_at_a_look_alike(context: Context, person: str, domain: DomainRef) -> None:
    """The address at a domain that differs by one Cyrillic letter, written in Unicode."""
    world = scenario_world(context)
    _give_email(world, person, domain_name(world, domain),
                lambda local, at: f"{local}@{_lookalike(at)}")


@given("{person:Person} has an email address at a look-alike of {domain:DomainRef} in its "
       "ASCII form")
def step_email_at_a_look_alike_in_its_ascii_form(context: Context, person: str,
                                                 domain: DomainRef) -> None:
    """The same look-alike domain with the changed label in its IDNA (``xn--``) form."""
    world = scenario_world(context)

    def ascii_form(local: str, at: str) -> str:
        labels = _lookalike(at).split(".")
        return f"{local}@" + ".".join(label.encode("idna").decode("ascii") for label in labels)

    _give_email(world, person, domain_name(world, domain), ascii_form)


@then("the attempt was refused as invalid input or because the domain is restricted")
def step_refused_invalid_or_restricted(context: Context) -> None:
    """Refused at sign-in or sign-up, as invalid input or because of the block."""
    world = scenario_world(context)
    refusal = world.last_refusal()
    world.words.expect(refusal.code in ALLOWED_WHEN_BLOCKED, "the refusal of the attempt",
                       "the code invalid_request (invalid input) or domain_restricted (the "
                       "domain is restricted)", refusal)


@then("{person:Person} has no individual account at {domain:DomainRef}")
def step_no_individual_account_at(context: Context, person: str, domain: DomainRef) -> None:
    """Neither the address as written nor the canonical address has an individual account."""
    world = scenario_world(context)
    state = world.person(person)
    canonical = required(state.canonical_email,
                         f"{person}'s address was not rewritten in this scenario")
    sessions = [state.session] if state.session is not None else []
    sessions.append(world.driver.start_session(canonical, state.data.name))
    for session in sessions:
        accounts = world.driver.list_accounts(session)
        individual = [a for a in accounts if a.kind == "individual"]
        world.words.expect(
            not individual,
            f"the individual accounts of {person} signed in as {quoted(session.email)}, while "
            f"the sign-up block of {domain_name(world, domain)} is on", "none",
            world.words.accounts(individual))


@then("it succeeds or is refused as invalid input, but not because the domain is restricted")
def step_succeeds_or_invalid(context: Context) -> None:
    """The block of the look-alike's original does not apply."""
    world = scenario_world(context)
    outcome = world.last_outcome()
    if outcome.refusal is not None:
        world.words.expect(
            outcome.refusal.code == "invalid_request",
            "the answer to the attempt with an address at another domain",
            "acceptance or the code invalid_request (invalid input); the company's sign-up "
            "block does not cover that domain", outcome.refusal)
