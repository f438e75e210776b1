"""Steps for limits at their boundary and for names compared without regard to case.

Vocabulary: "Olivia tries to write the longest <text> the contract allows" and "… the
<text> one character longer than allowed" (``LimitedText``: a
conversation title, project name, organization name, identity-provider id, domain name or
invited email address, in the person's own organization where it needs one), "the <text> is
kept exactly as written", "the refused <text> left nothing behind"; a body of exactly one
megabyte, or one byte more, "sent with its length declared" or "in chunks without a declared
length" (``BodySending``); a name "written in lower case / upper case / mixed case"
(``LetterCase``); an email address at "a subdomain of", "a name that only ends like", "a
neighbour that sorts after" or "the parent domain of" a company domain (``NearbyDomain``).
The helpers are in ``fixtures.limits``.
"""

from __future__ import annotations

from behave import given, then, when
from behave.runner import Context

from fixtures.data import PersonData
from fixtures.enterprise import (
    add_domain_change,
    attempt_change,
    creator_session,
    domain_name,
    domain_record,
    owner_of,
    remember_domain,
)
from fixtures.limits import (
    LONGEST,
    attempt_text,
    check_kept_exactly,
    check_left_nothing,
    domain_written,
    in_case,
    nearby_domain,
    refused_as_too_large,
    send_sized_body,
)
from fixtures.vocabulary import DOMAIN_SETTINGS, DomainRef
from fixtures.wording import quoted
from fixtures.world import ScenarioTextError, ScenarioWorld, required, scenario_world


def _setting_words(setting: str) -> str:
    return next(words for words, field in DOMAIN_SETTINGS.items() if field == setting)


def _same_text(world: ScenarioWorld, text: str) -> None:
    attempt = required(world.text_attempt, "no text was written in this scenario")
    if attempt.what != text:
        raise ScenarioTextError(f"the scenario wrote a {attempt.what}, not a {text}")


def _email_at(world: ScenarioWorld, person: str, domain: str) -> None:
    generated = world.data.person(domain)
    world.new_person(person, PersonData(generated.first_name, generated.last_name,
                                        generated.email))


# -- texts at their longest length ----------------------------------------------------------
@when("{person:Person} tries to write the longest {text:LimitedText} the contract allows")
def step_tries_to_write_the_longest_text_the_contract_allows(context: Context, person: str,
                                                            text: str) -> None:
    """Attempt a text of exactly the contract's longest length; checked by later steps."""
    attempt_text(scenario_world(context), person, text, LONGEST[text])


@when("{person:Person} tries to write the {text:LimitedText} one character longer than allowed")
def step_tries_to_write_the_text_one_character_longer_than_allowed(context: Context,
                                                                   person: str,
                                                                   text: str) -> None:
    """Attempt a text one character past the contract's longest length."""
    attempt_text(scenario_world(context), person, text, LONGEST[text] + 1)


@then("the {text:LimitedText} is kept exactly as written")
def step_text_is_kept_exactly_as_written(context: Context, text: str) -> None:
    """The answer and a fresh read show the text character for character."""
    world = scenario_world(context)
    _same_text(world, text)
    check_kept_exactly(world)


@then("the refused {text:LimitedText} left nothing behind")
def step_refused_text_left_nothing_behind(context: Context, text: str) -> None:
    """What the text could have changed reads as it did before the attempt."""
    world = scenario_world(context)
    _same_text(world, text)
    check_left_nothing(world)


# -- bodies of one megabyte --------------------------------------------------------------
@when("{person:Person} creates a conversation with a body of exactly one megabyte sent "
      "{sending:BodySending}")
def step_creates_conversation_with_body_of_exactly_one_megabyte(context: Context, person: str,
                                                               sending: str) -> None:
    """Send a valid conversation body of exactly 1 MiB (1,048,576 bytes)."""
    # dropped twice while the service answers other requests, it fails here (``send_all``)
    send_sized_body(scenario_world(context), person, 0, sending)


@when("{person:Person} tries to create a conversation with a body of one megabyte and one "
      "byte sent {sending:BodySending}")
def step_tries_to_create_conversation_with_body_of_one_megabyte_and_one_byte(
        context: Context, person: str, sending: str) -> None:
    """Send a valid conversation body of 1 MiB and one byte (1,048,577 bytes)."""
    send_sized_body(scenario_world(context), person, 1, sending)


@then("that body was not refused as too large")
def step_that_body_was_not_refused_as_too_large(context: Context) -> None:
    """The answer is neither payload_too_large nor a server error (the rest is open)."""
    world = scenario_world(context)
    answers = required(world.hostile, "no body was sent in this scenario").answers
    wrong = refused_as_too_large(answers)
    world.words.expect(not wrong, "the answer to the body of exactly one megabyte",
                       "taken: neither refused as too large nor a server error",
                       "; ".join(wrong))


# -- names written in another case -------------------------------------------------------
@given("{org:Org} has verified {domain:DomainRef} written in {case:LetterCase}")
def step_org_has_verified_domain_written_in_case(context: Context, org: str, domain: DomainRef,
                                                 case: str) -> None:
    """The creator adds, publishes and verifies the domain, its name written in that case."""
    world = scenario_world(context)
    name = domain_name(world, domain, org)
    remember_domain(world, org, domain_written(world, org, name, case))
    proof = domain_record(world, org, name).verification
    world.driver.publish_txt(proof.record_name, [proof.record_value])
    verified = world.driver.verify_domain(creator_session(world, org), world.org(org).id,
                                          in_case(name, case))
    world.words.expect(verified.status == "verified",
                       f"{name} after {org} verified it as {quoted(in_case(name, case))} with "
                       "the right token published", "verified", verified)


@given("{person:Person} has an email address at {domain:DomainRef} written in "
       "{case:LetterCase}")
def step_has_email_address_at_domain_written_in_case(context: Context, person: str,
                                                     domain: DomainRef, case: str) -> None:
    """The person's email is at the domain, its domain part written in that case."""
    _email_at(scenario_world(context), person,
              in_case(domain_name(scenario_world(context), domain), case))


@given("{person:Person} has an email address at {nearby:NearbyDomain} {domain:DomainRef}")
def step_has_email_address_at_nearby_domain(context: Context, person: str, nearby: str,
                                            domain: DomainRef) -> None:
    """The person's email is at a domain near the company domain that is not it."""
    world = scenario_world(context)
    _email_at(world, person, nearby_domain(world, owner_of(domain), nearby))


@then("reading {person:Person}'s individual account by its id shows it "
      "{status:AccountStatus}, with the email as written")
def step_reading_individual_account_by_id_shows_status(context: Context, person: str,
                                                       status: str) -> None:
    """The account read by its id has this status and the email exactly as given."""
    world = scenario_world(context)
    listed = [a for a in world.accounts(person) if a.kind == "individual"]
    world.words.expect(len(listed) == 1, f"the individual accounts in {person}'s list",
                       "exactly one", world.words.accounts(listed))
    account = world.driver.get_account(world.session(person), listed[0].id)
    expected = world.person(person).email
    world.words.expect(account.status == status and account.email == expected,
                       f"{person}'s individual account, read by its id",
                       f"{status}, with the email {quoted(expected)}",
                       f"{account.status}, with the email {quoted(account.email)} "
                       f"({world.words.account(account)})")


@when("{person:Person} adds {domain:DomainRef} written in {case:LetterCase}")
def step_adds_domain_written_in_case(context: Context, person: str, domain: DomainRef,
                                     case: str) -> None:
    """The person adds the domain written in that case; it is kept in lower case."""
    world = scenario_world(context)
    org = owner_of(domain)
    name = domain_name(world, domain, org)
    written = in_case(name, case)
    added = world.driver.add_domain(world.session(person), world.org(org).id, written)
    world.words.expect(added.domain == name.lower(),
                       f"the domain {person} added to {org} as {quoted(written)}",
                       f"kept in lower case, {quoted(name.lower())}", quoted(added.domain))
    remember_domain(world, org, added)


@when("{person:Person} tries to add {domain:DomainRef} written in {case:LetterCase}")
def step_tries_to_add_domain_written_in_case(context: Context, person: str, domain: DomainRef,
                                             case: str) -> None:
    """Attempt to add the domain written in that case; checked by a later step."""
    world = scenario_world(context)
    org = owner_of(domain)
    attempt_change(world, add_domain_change(world, person, org,
                                            in_case(domain_name(world, domain, org), case)))


@then("{org:Org}'s domains list {domain:DomainRef} once, in lower case")
def step_org_domains_list_domain_once_in_lower_case(context: Context, org: str,
                                                    domain: DomainRef) -> None:
    """The organization's domain list holds the domain exactly once, lower-cased."""
    world = scenario_world(context)
    name = domain_name(world, domain, org)
    listed = [d.domain for d in world.driver.list_domains(creator_session(world, org),
                                                          world.org(org).id)]
    matching = [d for d in listed if d.lower() == name.lower()]
    world.words.expect(matching == [name.lower()], f"{org}'s domains",
                       f"{quoted(name.lower())} once, in lower case",
                       ", ".join(quoted(d) for d in listed) or "no domain")


@then("{person:Person} finds {domain:DomainRef} written in {case:LetterCase}")
def step_finds_domain_written_in_case(context: Context, person: str, domain: DomainRef,
                                      case: str) -> None:
    """Reading the domain by its name written in that case gives the lower-cased domain."""
    world = scenario_world(context)
    org = owner_of(domain)
    name = domain_name(world, domain, org)
    written = in_case(name, case)
    found = world.driver.get_domain(world.session(person), world.org(org).id, written)
    world.words.expect(found.domain == name.lower(),
                       f"the domain {person} reads as {quoted(written)} in {org}",
                       f"{quoted(name.lower())}, in lower case", quoted(found.domain))


@when("{org:Org}'s proof for {domain:DomainRef} is published under its record name written "
      "in {case:LetterCase}")
def step_proof_published_under_record_name_written_in_case(context: Context, org: str,
                                                           domain: DomainRef,
                                                           case: str) -> None:
    """Publish the token at the record name the service gave, written in that case."""
    world = scenario_world(context)
    proof = domain_record(world, org, domain_name(world, domain, org)).verification
    world.driver.publish_txt(in_case(proof.record_name, case), [proof.record_value])


@when("{person:Person} verifies {domain:DomainRef} written in {case:LetterCase}")
def step_verifies_domain_written_in_case(context: Context, person: str, domain: DomainRef,
                                         case: str) -> None:
    """The person asks for the check by the domain's name written in that case."""
    world = scenario_world(context)
    org = owner_of(domain)
    name = domain_name(world, domain, org)
    written = in_case(name, case)
    checked = world.driver.verify_domain(world.session(person), world.org(org).id, written)
    world.words.expect(checked.domain == name.lower(),
                       f"the domain {person} verified as {quoted(written)} in {org}",
                       f"{quoted(name.lower())}, in lower case", quoted(checked.domain))
    remember_domain(world, org, checked)


@when("{person:Person} turns the {setting:DomainSetting} {state:OnOff} for {domain:DomainRef} "
      "written in {case:LetterCase}")
def step_turns_setting_for_domain_written_in_case(context: Context, person: str, setting: str,
                                                  state: bool, domain: DomainRef,
                                                  case: str) -> None:
    """The person changes the setting by the domain's name written in that case."""
    world = scenario_world(context)
    org = owner_of(domain)
    name = domain_name(world, domain, org)
    written = in_case(name, case)
    changed = world.driver.update_domain_settings(world.session(person), world.org(org).id,
                                                  written, **{setting: state})
    on_off = "on" if state else "off"
    world.words.expect(changed.domain == name.lower() and getattr(changed, setting) is state,
                       f"the domain {person} turned the {_setting_words(setting)} {on_off} for, "
                       f"as {quoted(written)}",
                       f"{name.lower()} with the {_setting_words(setting)} {on_off}", changed)
