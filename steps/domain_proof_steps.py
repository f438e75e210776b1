"""Steps for the details of proving control of a domain.

Vocabulary: "the proof for Acme's company domain is to be published at the verification
record of exactly that domain" (``_account-verification.<domain>``); "Acme's token for its
company domain is published <how>" (``MisplacedToken``: at another name than the record
name, or a value one character off); "… published beside a TXT value of the longest length"
(255 characters); "Olivia verifies Acme's company domain after its TXT record was removed";
"Olivia tries to add a domain name <flaw> to Acme" (``DomainFlaw``: what the contract's
domain-name format forbids) and "nothing was added to Acme's domains"; "Olivia tries to read
Globex's company domain in Acme". The helpers are in ``fixtures.limits`` and
``fixtures.enterprise``.
"""

from __future__ import annotations

from behave import given, then, when
from behave.runner import Context

from fixtures.enterprise import (
    attempt_change,
    domain_name,
    domain_record,
    owner_of,
    read_domain,
    verify_domain,
)
from fixtures.limits import (
    check_record_name,
    domain_list_change,
    flawed_domain,
    longest_txt_value,
    publish_misplaced,
)
from fixtures.vocabulary import DomainRef
from fixtures.wording import Wording, quoted
from fixtures.world import scenario_world


def _domain_list(words: Wording, value: object) -> str:
    """A domain list as a change observes it (sorted names), or another observation."""
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return ", ".join(value) if value else "no domain"
    return words.describe(value)


@then("the proof for {domain:DomainRef} is to be published at the verification record of "
      "exactly that domain")
def step_proof_is_published_at_verification_record_of_that_domain(context: Context,
                                                                  domain: DomainRef) -> None:
    """The proof is a TXT record named exactly ``_account-verification.<domain>``."""
    world = scenario_world(context)
    name = domain_name(world, domain)
    seen = read_domain(world, owner_of(domain), name)
    world.words.expect(seen.verification.record_type == "TXT",
                       f"the kind of record the proof for {name} is", "a TXT record",
                       f"a {quoted(seen.verification.record_type)} record")
    check_record_name(world, seen, name)


@given("{org:Org}'s token for {domain:DomainRef} is published {how:MisplacedToken}")
def step_org_token_for_domain_is_published(context: Context, org: str, domain: DomainRef,
                                    how: str) -> None:
    """Publish the organization's token at a wrong name, or a wrong value at the record."""
    world = scenario_world(context)
    publish_misplaced(world, org, domain_name(world, domain, org), how)


@given("{org:Org}'s proof for {domain:DomainRef} is published beside a TXT value of the "
       "longest length")
def step_proof_published_beside_longest_txt_value(context: Context, org: str,
                                                  domain: DomainRef) -> None:
    """Publish a 255-character unrelated value, the token and an SPF value at the record."""
    world = scenario_world(context)
    proof = domain_record(world, org, domain_name(world, domain, org)).verification
    world.driver.publish_txt(proof.record_name,
                             [longest_txt_value(world), proof.record_value, "v=spf1 -all"])


@when("{person:Person} verifies {domain:DomainRef} after its TXT record was removed")
def step_verifies_domain_after_its_txt_record_was_removed(context: Context, person: str,
                                                          domain: DomainRef) -> None:
    """Remove every TXT value at the record name, then ask for the check."""
    world = scenario_world(context)
    org = owner_of(domain)
    name = domain_name(world, domain, org)
    world.driver.publish_txt(domain_record(world, org, name).verification.record_name, [])
    verify_domain(world, world.session(person), org, name)


@when("{person:Person} tries to add a domain name {flaw:DomainFlaw} to {org:Org}")
def step_tries_to_add_a_domain_name_to_org(context: Context, person: str, flaw: str,
                                         org: str) -> None:
    """Attempt to add a name that is not a domain name; checked by later steps."""
    world = scenario_world(context)
    attempt_change(world, domain_list_change(world, person, org, flawed_domain(world, flaw)))


@then("nothing was added to {org:Org}'s domains")
def step_nothing_was_added_to_org_domains(context: Context, org: str) -> None:
    """The organization's domain list reads as it did before the attempt."""
    world = scenario_world(context)
    change = world.last_change()
    now = change.observe()
    world.words.expect(now == change.before, f"{org}'s domains after the attempt to {change.what}",
                       f"as before: {_domain_list(world.words, change.before)}",
                       _domain_list(world.words, now))


@when("{person:Person} tries to read {domain:DomainRef} in {org:Org}")
def step_tries_to_read_domain_in_org(context: Context, person: str, domain: DomainRef,
                                     org: str) -> None:
    """Attempt to read the domain, by its name, as a domain of the organization."""
    world = scenario_world(context)
    name = domain_name(world, domain)
    world.attempt(lambda: world.driver.get_domain(world.session(person), world.org(org).id,
                                                  name))
