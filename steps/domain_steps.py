"""Steps for an organization's domains: adding, proving control (DNS TXT) and settings.

Vocabulary: a domain is named as "Acme's company domain", "Acme's second company domain",
"the eu subdomain of Acme's company domain" or "the public email domain" (``DomainRef``);
with an organization as the subject, "its company domain" means that organization's. Every
name is generated under the run's reserved domain. Given steps are done by the
organization's creator (its primary owner); When steps name the person who acts.
"""

from __future__ import annotations

from behave import given, then, when
from behave.runner import Context

from fixtures.enterprise import (
    add_domain,
    add_domain_change,
    attempt_change,
    creator_session,
    domain_name,
    domain_record,
    owner_of,
    publish_proof,
    read_domain,
    setting_change,
    verify_change,
    verify_domain,
    wrong_token,
)
from fixtures.vocabulary import DOMAIN_SETTINGS, DomainRef
from fixtures.wording import quoted
from fixtures.world import scenario_world


def _setting_words(setting: str) -> str:
    return next(words for words, field in DOMAIN_SETTINGS.items() if field == setting)


def _on_off(state: bool) -> str:
    return "on" if state else "off"


# -- Given: an organization's domains, set up by its creator ------------------------------
@given("{org:Org} has added {domain:DomainRef}")
def step_org_has_added_domain(context: Context, org: str, domain: DomainRef) -> None:
    """The organization's creator adds the domain; it is pending."""
    world = scenario_world(context)
    name = domain_name(world, domain, org)
    added = add_domain(world, creator_session(world, org), org, name)
    world.words.expect(added.status == "pending", f"the status of {name}, just added to {org}",
                       "pending", added)


@given("{org:Org} has added {domain:DomainRef} and published its proof")
def step_org_has_added_domain_and_published_its_proof(context: Context, org: str,
                                                      domain: DomainRef) -> None:
    """The creator adds the domain and publishes its TXT token; it stays pending."""
    step_org_has_added_domain(context, org, domain)
    world = scenario_world(context)
    publish_proof(world, org, domain_name(world, domain, org))


@given("{org:Org} has verified {domain:DomainRef}")
def step_org_has_verified_domain(context: Context, org: str, domain: DomainRef) -> None:
    """The creator adds the domain, publishes its token and verifies it."""
    step_org_has_added_domain_and_published_its_proof(context, org, domain)
    world = scenario_world(context)
    name = domain_name(world, domain, org)
    verified = verify_domain(world, creator_session(world, org), org, name)
    world.words.expect(verified.status == "verified",
                       f"{name} after {org} verified it with the right token published",
                       "verified", verified)


@given("{org:Org} has added {domain:DomainRef} with the status {status:DomainStatus}")
def step_org_has_domain_with_status(context: Context, org: str, domain: DomainRef,
                                    status: str) -> None:
    """Bring a newly added domain to pending, failed (wrong token) or verified."""
    world = scenario_world(context)
    name = domain_name(world, domain, org)
    if status == "verified":
        step_org_has_verified_domain(context, org, domain)
        return
    step_org_has_added_domain(context, org, domain)
    if status == "failed":
        world.driver.publish_txt(domain_record(world, org, name).verification.record_name,
                                 [f"wrong-token-{world.data.run_prefix}"])
        failed = verify_domain(world, creator_session(world, org), org, name)
        world.words.expect(failed.status == "failed",
                           f"{name} after {org} verified it with a wrong token published",
                           "failed", failed)


@given("{person:Person} has added {domain:DomainRef} to {org:Org}")
@when("{person:Person} adds {domain:DomainRef} to {org:Org}")
def step_adds_domain_to(context: Context, person: str, domain: DomainRef, org: str) -> None:
    """The person adds the domain to the organization (must succeed)."""
    world = scenario_world(context)
    name = domain_name(world, domain, org)
    added = add_domain(world, world.session(person), org, name)
    world.words.expect(added.status == "pending",
                       f"the status of {name}, just added to {org} by {person}", "pending",
                       added)


@given("{org:Org} has turned the {setting:DomainSetting} {state:OnOff} for {domain:DomainRef}")
def step_org_has_turned_setting(context: Context, org: str, setting: str, state: bool,
                                domain: DomainRef) -> None:
    """The creator turns the member restriction or the sign-up block on or off."""
    world = scenario_world(context)
    name = domain_name(world, domain, org)
    changed = world.driver.update_domain_settings(
        creator_session(world, org), world.org(org).id, name, **{setting: state})
    world.words.expect(getattr(changed, setting) is state,
                       f"{name} after {org} turned the {_setting_words(setting)} "
                       f"{_on_off(state)}", f"the {_setting_words(setting)} {_on_off(state)}",
                       changed)


@given("a mail provider's domain is registered as a public email domain")
def step_public_email_domain_registered(context: Context) -> None:
    """Register a generated reserved domain as a public email provider."""
    world = scenario_world(context)
    world.public_email_domain = world.data.company_domain()
    world.driver.register_public_email_domain(world.public_email_domain)


# -- publishing the proof -----------------------------------------------------------------
@given("{org:Org}'s proof for {domain:DomainRef} is published")
def step_proof_published(context: Context, org: str, domain: DomainRef) -> None:
    """Publish the organization's token, alone, at the record name the service gave."""
    world = scenario_world(context)
    publish_proof(world, org, domain_name(world, domain, org))


@given("{org:Org}'s proof for {domain:DomainRef} is published among other TXT values")
def step_proof_is_published_among_other_txt_values(context: Context, org: str,
                                                   domain: DomainRef) -> None:
    """Publish the token between two unrelated TXT values at the record name."""
    world = scenario_world(context)
    publish_proof(world, org, domain_name(world, domain, org),
                  extra=("v=spf1 -all", f"unrelated-{world.data.run_prefix}"))


@given("a wrong token is published for {domain:DomainRef}")
def step_wrong_token_published(context: Context, domain: DomainRef) -> None:
    """Publish a token the service did not give at the record name it gave."""
    world = scenario_world(context)
    org = owner_of(domain)
    proof = domain_record(world, org, domain_name(world, domain)).verification
    world.driver.publish_txt(proof.record_name, [wrong_token(proof.record_value)])


@given("no TXT record is published for {domain:DomainRef}")
def step_no_record_published(context: Context, domain: DomainRef) -> None:
    """Make sure the resolver returns no TXT record at the record name."""
    world = scenario_world(context)
    org = owner_of(domain)
    proof = domain_record(world, org, domain_name(world, domain)).verification
    world.driver.publish_txt(proof.record_name, [])


# -- When: people act on domains ----------------------------------------------------------
@when("{person:Person} adds {domain:DomainRef}")
def step_adds_domain(context: Context, person: str, domain: DomainRef) -> None:
    """The person adds the domain to the organization the reference names."""
    step_adds_domain_to(context, person, domain, owner_of(domain))


@when("{person:Person} tries to add {domain:DomainRef} to {org:Org}")
def step_tries_to_add_domain_to(context: Context, person: str, domain: DomainRef, org: str) -> None:
    """Attempt to add the domain to the organization; checked by a later step."""
    world = scenario_world(context)
    attempt_change(world, add_domain_change(world, person, org,
                                            domain_name(world, domain, org)))


@when("{person:Person} tries to add {domain:DomainRef}")
def step_tries_to_add_domain(context: Context, person: str, domain: DomainRef) -> None:
    """Attempt to add the domain to the organization the reference names."""
    step_tries_to_add_domain_to(context, person, domain, owner_of(domain))


@when("{person:Person} verifies {domain:DomainRef}")
def step_verifies_domain(context: Context, person: str, domain: DomainRef) -> None:
    """The service checks the proof now (the check itself must not be refused)."""
    world = scenario_world(context)
    org = owner_of(domain)
    verify_domain(world, world.session(person), org, domain_name(world, domain, org))


@when("{person:Person} tries to verify {domain:DomainRef} for {org:Org}")
def step_tries_to_verify_domain_for(context: Context, person: str, domain: DomainRef,
                                    org: str) -> None:
    """Attempt to verify the domain for the organization; checked by a later step."""
    world = scenario_world(context)
    attempt_change(world, verify_change(world, person, org, domain_name(world, domain, org)))


@when("{person:Person} tries to verify {domain:DomainRef}")
def step_tries_to_verify_domain(context: Context, person: str, domain: DomainRef) -> None:
    """Attempt to verify the domain for the organization the reference names."""
    step_tries_to_verify_domain_for(context, person, domain, owner_of(domain))


@when("{person:Person} turns the {setting:DomainSetting} {state:OnOff} for {domain:DomainRef}")
def step_turns_setting(context: Context, person: str, setting: str, state: bool,
                       domain: DomainRef) -> None:
    """The person turns the setting on or off (must succeed)."""
    world = scenario_world(context)
    org = owner_of(domain)
    name = domain_name(world, domain)
    changed = world.driver.update_domain_settings(
        world.session(person), world.org(org).id, name, **{setting: state})
    world.words.expect(getattr(changed, setting) is state,
                       f"{name} after {person} turned the {_setting_words(setting)} "
                       f"{_on_off(state)}", f"the {_setting_words(setting)} {_on_off(state)}",
                       changed)


@when("{person:Person} turns the member restriction and the sign-up block on together for "
      "{domain:DomainRef}")
def step_turns_the_member_restriction_and_the_sign_up_block_on_together(
        context: Context, person: str, domain: DomainRef) -> None:
    """Both settings in one change (must succeed); the answer shows both on."""
    world = scenario_world(context)
    org = owner_of(domain)
    name = domain_name(world, domain)
    changed = world.driver.update_domain_settings(
        world.session(person), world.org(org).id, name,
        restrict_to_members=True, block_individual_signups=True)
    world.words.expect(changed.restrict_to_members and changed.block_individual_signups,
                       f"{name} after {person} turned the member restriction and the sign-up "
                       "block on together", "both on", changed)


@when("{person:Person} tries to turn the {setting:DomainSetting} {state:OnOff} "
      "for {domain:DomainRef}")
def step_tries_to_turn_setting(context: Context, person: str, setting: str, state: bool,
                               domain: DomainRef) -> None:
    """Attempt to turn the setting on or off; checked by a later step."""
    world = scenario_world(context)
    org = owner_of(domain)
    attempt_change(world, setting_change(world, person, org, domain_name(world, domain),
                                         setting, state))


# -- Then: what the organization sees ------------------------------------------------------
@then("{domain:DomainRef} is {status:DomainStatus} for {org:Org}")
def step_domain_status_for(context: Context, domain: DomainRef, status: str, org: str) -> None:
    """The organization's primary owner reads the domain with this status."""
    world = scenario_world(context)
    name = domain_name(world, domain, org)
    seen = read_domain(world, org, name)
    world.words.expect(seen.status == status, f"the status of {name} as {org} reads it", status,
                       seen)


@then("{domain:DomainRef} is {status:DomainStatus}")
def step_domain_status(context: Context, domain: DomainRef, status: str) -> None:
    """The owning organization's primary owner reads the domain with this status."""
    step_domain_status_for(context, domain, status, owner_of(domain))


@then("the {setting:DomainSetting} is {state:OnOff} for {domain:DomainRef}")
def step_setting_is(context: Context, setting: str, state: bool, domain: DomainRef) -> None:
    """The primary owner reads the setting back from the service."""
    world = scenario_world(context)
    name = domain_name(world, domain)
    seen = read_domain(world, owner_of(domain), name)
    world.words.expect(getattr(seen, setting) is state,
                       f"the {_setting_words(setting)} of {name} as {owner_of(domain)} reads it",
                       _on_off(state), seen)


@then("the proof for {domain:DomainRef} is a TXT token to publish under that domain")
def step_proof_is_a_txt_token_under_that_domain(context: Context, domain: DomainRef) -> None:
    """The proof is a non-empty TXT value at a record name within the domain."""
    world = scenario_world(context)
    name = domain_name(world, domain)
    proof = read_domain(world, owner_of(domain), name).verification
    world.words.expect(proof.record_type == "TXT", f"the kind of record the proof for {name} is",
                       "a TXT record", f"a {quoted(proof.record_type)} record")
    world.words.expect(proof.record_value.strip(), f"the token of the proof for {name}",
                       "a token that is not empty", quoted(proof.record_value))
    record = proof.record_name.lower().rstrip(".")
    world.words.expect(record.endswith("." + name.lower()),
                       f"the record name of the proof for {name}", f"a name under {name}",
                       quoted(proof.record_name))


@then("the proofs for {domain:DomainRef} differ between {org:Org} and {other:Org}")
def step_proofs_differ_between_org_and_other(context: Context, domain: DomainRef, org: str,
                                             other: str) -> None:
    """Two organizations adding the same domain are given different tokens."""
    world = scenario_world(context)
    name = domain_name(world, domain)
    first = domain_record(world, org, name).verification.record_value
    second = domain_record(world, other, name).verification.record_value
    world.words.expect(first != second, f"the tokens {org} and {other} were given for {name}",
                       "two different tokens", f"the same token {quoted(first)} for both")


@then("{org:Org}'s proofs for {domain:DomainRef} and {other:DomainRef} differ")
def step_org_proofs_for_domain_and_other_differ(context: Context, org: str, domain: DomainRef,
                                                other: DomainRef) -> None:
    """One organization is given a different token for each of its domains."""
    world = scenario_world(context)
    names = domain_name(world, domain, org), domain_name(world, other, org)
    tokens = [domain_record(world, org, n).verification.record_value for n in names]
    world.words.expect(tokens[0] != tokens[1],
                       f"the tokens {org} was given for {names[0]} and {names[1]}",
                       "two different tokens", f"the same token {quoted(tokens[0])} for both")


@then("{domain:DomainRef} is not among {org:Org}'s domains")
def step_domain_is_not_among_org_domains(context: Context, domain: DomainRef, org: str) -> None:
    """The organization's domain list does not contain the domain."""
    world = scenario_world(context)
    name = domain_name(world, domain, org)
    listed = world.driver.list_domains(creator_session(world, org), world.org(org).id)
    world.words.expect(name.lower() not in {d.domain.lower() for d in listed},
                       f"{org}'s domains", f"none named {name}", listed)
