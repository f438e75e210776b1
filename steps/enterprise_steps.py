"""Shared helpers of the Enterprise steps (domains, SSO, roles); it defines no steps itself.

The step modules ``domain_steps``, ``restriction_steps``, ``sso_steps`` and ``role_steps``
import it (behave puts the steps folder on the import path while loading them). It holds:

* the ``DomainRef`` parameter type: "Acme's company domain", "its second company domain",
  "the eu subdomain of Acme's company domain", "the public email domain" — resolved to a
  generated domain under the run's reserved domain, the same name for the whole scenario;
* the ``DomainSetting`` parameter type: "member restriction" or "sign-up block", and
  ``DomainStatus``: "pending", "verified" or "failed";
* the domains an organization has added in this scenario (with their proof);
* ``Change``: the last attempted change of an organization setting, so a later step can
  read the setting back as the primary owner and see whether it changed.

Nothing here speaks HTTP; every call goes through the driver.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import parse
from behave import register_type

from account_conformance.driver import Domain, ServiceRefusal, Session
from fixtures.world import OrganizationState, ScenarioWorld

_ORG = r"[A-Z][A-Za-z]+"
_DOMAIN_REF = (rf"(?:the eu subdomain of )?(?:{_ORG}'s|its) (?:second )?company domain"
               r"|the public email domain")
_DOMAIN_REF_PARTS = re.compile(
    rf"^(?P<eu>the eu subdomain of )?(?:(?P<org>{_ORG})'s|its) (?P<second>second )?"
    r"company domain$")

SETTINGS = {
    "member restriction": "restrict_to_members",
    "sign-up block": "block_individual_signups",
}
DOMAIN_STATUSES = ("pending", "verified", "failed")
PUBLIC_DOMAIN_KEY = "public email domain"


@dataclass(frozen=True)
class DomainRef:
    """A domain as a step names it; ``org`` is None for "its …" (the step's subject)."""

    text: str
    org: str | None
    kind: str  # "company", "second", "public"
    eu_subdomain: bool


@parse.with_pattern(_DOMAIN_REF)
def _parse_domain_ref(text: str) -> DomainRef:
    if text == "the public email domain":
        return DomainRef(text, None, "public", False)
    match = _DOMAIN_REF_PARTS.match(text)
    assert match, f"not a domain reference: {text!r}"
    kind = "second" if match["second"] else "company"
    return DomainRef(text, match["org"], kind, bool(match["eu"]))


@parse.with_pattern("|".join(SETTINGS))
def _parse_setting(text: str) -> str:
    return SETTINGS[text]


@parse.with_pattern("|".join(DOMAIN_STATUSES))
def _parse_status(text: str) -> str:
    return text


register_type(DomainRef=_parse_domain_ref, DomainSetting=_parse_setting,
              DomainStatus=_parse_status)


# -- organizations and their domains ----------------------------------------------------
def creator_session(world: ScenarioWorld, org: str) -> Session:
    """The session of the organization's creator (its primary owner)."""
    return world.session(world.org(org).creator)


def company_domain(world: ScenarioWorld, org: str) -> str:
    """The organization's company domain, generated on first mention."""
    state: OrganizationState = world.org(org)
    if state.domain is None:
        state.domain = world.data.company_domain()
    return state.domain


def domain_name(world: ScenarioWorld, ref: DomainRef, subject: str | None = None) -> str:
    """The generated domain name a reference stands for in this scenario."""
    if ref.kind == "public":
        assert PUBLIC_DOMAIN_KEY in world.snapshots, (
            "no public email domain was registered in this scenario")
        return world.snapshots[PUBLIC_DOMAIN_KEY]
    org = owner_of(ref, subject)
    if ref.kind == "second":
        key = f"second company domain of {org}"
        if key not in world.snapshots:
            world.snapshots[key] = world.data.company_domain()
        name = world.snapshots[key]
    else:
        name = company_domain(world, org)
    return f"eu.{name}" if ref.eu_subdomain else name


def owner_of(ref: DomainRef, subject: str | None = None) -> str:
    """The organization a reference names ("Acme's …"), or the subject for "its …"."""
    org = ref.org or subject
    assert org, f"{ref.text!r} names no organization here; say whose domain it is"
    return org


def _records(world: ScenarioWorld) -> dict[tuple[str, str], Domain]:
    return world.snapshots.setdefault("domain records", {})


def remember_domain(world: ScenarioWorld, org: str, domain: Domain) -> Domain:
    """Keep what the service said about an organization's domain (its proof above all)."""
    _records(world)[(org, domain.domain.lower())] = domain
    return domain


def domain_record(world: ScenarioWorld, org: str, name: str) -> Domain:
    """The organization's domain as last seen, read from the service if not seen yet."""
    key = (org, name.lower())
    if key not in _records(world):
        remember_domain(world, org, world.driver.get_domain(
            creator_session(world, org), world.org(org).id, name))
    return _records(world)[key]


def read_domain(world: ScenarioWorld, org: str, name: str) -> Domain:
    """The organization's domain as its primary owner sees it now."""
    return remember_domain(world, org, world.driver.get_domain(
        creator_session(world, org), world.org(org).id, name))


def add_domain(world: ScenarioWorld, session: Session, org: str, name: str) -> Domain:
    """Add a domain to the organization with the given session; remember the answer."""
    domain = world.driver.add_domain(session, world.org(org).id, name)
    assert domain.domain.lower() == name.lower(), f"added {name}, service answered {domain}"
    return remember_domain(world, org, domain)


def publish_proof(world: ScenarioWorld, org: str, name: str,
                  extra: tuple[str, ...] = ()) -> None:
    """Publish the organization's token at the record name the service gave for it."""
    proof = domain_record(world, org, name).verification
    assert proof.record_type == "TXT", f"proof for {name} is a {proof.record_type} record"
    world.driver.publish_txt(proof.record_name, [*extra[:1], proof.record_value, *extra[1:]])


def verify_domain(world: ScenarioWorld, session: Session, org: str, name: str) -> Domain:
    """Ask the service to check the proof now; remember the answer."""
    return remember_domain(world, org, world.driver.verify_domain(
        session, world.org(org).id, name))


def idp_entity_id(world: ScenarioWorld, org: str) -> str:
    """The identity-provider entity id the scenario configures for an organization."""
    return f"urn:{world.data.run_prefix}:idp:{org.lower()}"


# -- changes of organization settings ----------------------------------------------------
@dataclass
class Change:
    """An attempted change of an organization setting and how to read it back.

    ``perform`` does the change against an organization id (so the same change can be
    tried against an organization that does not exist); ``observe`` reads the setting as
    the primary owner; ``expected`` is what ``observe`` gives once the change is in place.
    """

    what: str
    org: str
    perform: Callable[[str], Any]
    observe: Callable[[], Any]
    expected: Any
    before: Any = None
    before_refusal: ServiceRefusal | None = None


def attempt_change(world: ScenarioWorld, change: Change) -> None:
    """Read the setting, then try the change; the outcome goes to ``world.outcome``."""
    try:
        change.before = change.observe()
    except ServiceRefusal as refusal:  # e.g. a Team organization cannot even read it
        change.before_refusal = refusal
    world.snapshots["change"] = change
    world.attempt(lambda: change.perform(world.org(change.org).id))


def last_change(world: ScenarioWorld) -> Change:
    """The change attempted last in this scenario."""
    assert "change" in world.snapshots, "no organization setting was changed in this scenario"
    return world.snapshots["change"]


def sso_change(world: ScenarioWorld, person: str, org: str) -> Change:
    """Enable SSO with the scenario's identity provider."""
    session, entity = world.session(person), idp_entity_id(world, org)

    def observe() -> tuple[bool, str | None]:
        config = world.driver.get_sso(creator_session(world, org), world.org(org).id)
        return config.enabled, config.idp_entity_id

    return Change(f"configure single sign-on for {org}", org,
                  lambda org_id: world.driver.configure_sso(session, org_id, entity, True),
                  observe, (True, entity))


def add_domain_change(world: ScenarioWorld, person: str, org: str, name: str) -> Change:
    """Add a domain to the organization."""
    session = world.session(person)

    def perform(org_id: str) -> Domain:
        domain = world.driver.add_domain(session, org_id, name)
        if org_id == world.org(org).id:
            remember_domain(world, org, domain)
        return domain

    def observe() -> str | None:
        listed = world.driver.list_domains(creator_session(world, org), world.org(org).id)
        return next((d.status for d in listed if d.domain.lower() == name.lower()), None)

    return Change(f"add {name} to {org}", org, perform, observe, "pending")


def verify_change(world: ScenarioWorld, person: str, org: str, name: str) -> Change:
    """Verify one of the organization's domains."""
    session = world.session(person)
    return Change(f"verify {name} for {org}", org,
                  lambda org_id: world.driver.verify_domain(session, org_id, name),
                  lambda: read_domain(world, org, name).status, "verified")


def setting_change(world: ScenarioWorld, person: str, org: str, name: str, setting: str,
                   value: bool) -> Change:
    """Turn the member restriction or the sign-up block of a domain on or off."""
    session = world.session(person)

    def perform(org_id: str) -> Domain:
        return world.driver.update_domain_settings(session, org_id, name, **{setting: value})

    return Change(f"set {setting} to {value} for {name} in {org}", org, perform,
                  lambda: getattr(read_domain(world, org, name), setting), value)
