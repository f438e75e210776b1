"""Steps for hostile input: requests no client should send are refused cleanly, change nothing.

"Alex sends <input> to every <area> operation" takes the contract's operations of that area
(``account_conformance.contract.operations()``), asks the driver's raw-request helper
(``driver.raw``, see ``account_conformance/driver/raw.py``) for the hostile requests of that
kind for each operation, and sends them. Everything else in each request is valid: Alex's
session, the ids of the scenario's own objects, a valid body; so the one wrong thing is what
must be refused. Before sending, the step reads everything the scenario's people and
organizations show (accounts, current account, conversations, projects, invitations,
members, domains with their settings, single sign-on), so "a fresh look shows that nothing
has changed" can compare.

Refused cleanly means: a 4xx answer that is an RFC 9457 problem fitting the contract's
``Problem`` schema (so with a contract ``code``); never a 5xx, never a success. A driver
without raw requests ends the scenario with ``RawRequestsUnsupported``, a suite error (no
verdict), not a failure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import parse
from behave import register_type, then, when
from behave.runner import Context

from account_conformance import contract
from account_conformance.driver import ITEM_KINDS, ServiceRefusal, Session
from account_conformance.driver.raw import (
    CLIMBING_ID,
    FORM_BODY,
    INJECTION_ID,
    MALFORMED_BODY,
    MISSING_FIELDS,
    NUL_ID,
    NULL_FIELD,
    OVERLONG_ID,
    OVERLONG_TEXT,
    OVERSIZED_BODY,
    PLAIN_TEXT_BODY,
    WRONG_SHAPE_BODY,
    WRONG_TYPE_FIELD,
    RawAnswer,
    RawRequestsUnsupported,
    path_parameters,
)
from fixtures.world import OrganizationState, ScenarioWorld

BEFORE = "hostile input: what the scenario showed before"
ANSWERS = "hostile input: answers"
INVITEE = "Invitee"

# Business phrase -> the hostile kinds of the driver's raw-request helper it stands for.
INPUTS: dict[str, tuple[str, ...]] = {
    "a body that is not well-formed": (MALFORMED_BODY,),
    "a body declared as plain text, as a web form or not at all": (PLAIN_TEXT_BODY, FORM_BODY),
    "a body without its required fields": (MISSING_FIELDS,),
    "a body with fields set to nothing": (NULL_FIELD,),
    "a body or fields of the wrong type": (WRONG_SHAPE_BODY, WRONG_TYPE_FIELD),
    "a name or other text of 10,000 characters": (OVERLONG_TEXT,),
    "a body of more than one megabyte": (OVERSIZED_BODY,),
    "an identifier that tries to climb out of its folder": (CLIMBING_ID,),
    "an identifier with a hidden null character": (NUL_ID,),
    "an identifier of 5,000 characters": (OVERLONG_ID,),
    "an identifier that smuggles in a database command": (INJECTION_ID,),
}

# Areas: which operations of the contract a phrase covers. Explicit ids first, then tags, so
# an operation added to the contract later falls into the area of its tag.
ACCOUNTS, SIGN_UP, SUBSCRIPTION = "account switching", "sign-up", "subscription"
ORGANIZATIONS, MERGE, ITEMS = "organization, invitation and migration", "merge", \
    "conversation and project"
ENTERPRISE, DOMAIN_SETTINGS, MEMBERSHIP = "single sign-on and domain", "domain setting", \
    "membership"
AREAS = (ACCOUNTS, SIGN_UP, SUBSCRIPTION, ORGANIZATIONS, MERGE, ITEMS, ENTERPRISE,
         DOMAIN_SETTINGS, MEMBERSHIP)
AREA_OF_OPERATION = {
    "switch_current_account": ACCOUNTS, "get_account": ACCOUNTS,
    "sign_up_individual": SIGN_UP,
    "cancel_individual_subscription": SUBSCRIPTION, "delete_individual_account": SUBSCRIPTION,
    "request_migration": ORGANIZATIONS, "request_merge": MERGE,
    "update_domain_settings": DOMAIN_SETTINGS,
    "change_member_role": MEMBERSHIP, "remove_member": MEMBERSHIP,
    "transfer_ownership": MEMBERSHIP,
}
AREA_OF_TAG = {"session": ACCOUNTS, "items": ITEMS, "organizations": ORGANIZATIONS,
               "enterprise": ENTERPRISE, "sso": ENTERPRISE}


def _choice(phrases: tuple[str, ...] | list[str]) -> Callable[[str], str]:
    @parse.with_pattern("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))
    def convert(text: str) -> str:
        return text

    return convert


register_type(HostileInput=_choice(list(INPUTS)), HostileArea=_choice(AREAS))


def _world(context: Context) -> ScenarioWorld:
    return context.world


def area_of(operation: contract.Operation) -> str | None:
    """The area an operation of the contract belongs to (None: no hostile checks)."""
    if operation.test_support:
        return None
    if operation.operation_id in AREA_OF_OPERATION:
        return AREA_OF_OPERATION[operation.operation_id]
    return next((AREA_OF_TAG[tag] for tag in operation.tags if tag in AREA_OF_TAG), None)


def _raw_requests(driver: Any) -> Any:
    """The driver's raw-request helper, or a suite error naming what is missing."""
    try:
        raw = driver.raw
    except (AttributeError, NotImplementedError) as exc:
        raise RawRequestsUnsupported(
            f"the driver {type(driver).__name__} offers no raw requests (driver.raw), so the "
            "hostile-input checks cannot run; implement it or leave out @hostile") from exc
    if raw is None:
        raise RawRequestsUnsupported(f"the driver {type(driver).__name__} has driver.raw = None")
    return raw


# -- values for the valid parts of each request ------------------------------------------
def _subject_org(world: ScenarioWorld, person: str) -> OrganizationState:
    """The organization the person created, else the scenario's first organization."""
    assert world.organizations, "the scenario has no organization to aim at"
    own = [o for o in world.organizations.values() if o.creator == person]
    return own[0] if own else next(iter(world.organizations.values()))


def _other_member(world: ScenarioWorld, person: str, org: OrganizationState) -> str:
    """The account id of a member of ``org`` other than the person (else the person's)."""
    members = world.driver.list_members(world.session(org.creator), org.id)
    mine = {a.id for a in world.accounts(person)}
    others = [m.account_id for m in members if m.account_id not in mine]
    return (others or [m.account_id for m in members])[0]


def _own_account(world: ScenarioWorld, person: str, kind: str = "individual") -> str:
    accounts = world.accounts(person)
    assert accounts, f"{person} has no account to aim at"
    return next((a.id for a in accounts if a.kind == kind), accounts[0].id)


def _path_value(world: ScenarioWorld, person: str, operation: contract.Operation,
                name: str) -> str:
    if name == "org_id":
        return _subject_org(world, person).id
    if name == "account_id":
        if "/members/" in operation.path:
            return _other_member(world, person, _subject_org(world, person))
        return _own_account(world, person)
    if name == "id":
        kind = "conversation" if "/conversations/" in operation.path else "project"
        items = [i for made in world.person(person).items.values() for i in made
                 if i.kind == kind]
        assert items, f"{person} has no {kind} to aim at"
        return items[0].id
    if name == "invitation_id":
        invitations = world.driver.list_my_invitations(world.session(person))
        assert invitations, f"{person} has no pending invitation to aim at"
        return invitations[0].id
    if name == "domain":
        domain = _subject_org(world, person).domain
        assert domain, "the organization has no domain to aim at"
        return domain
    return "probe"  # a parameter this step does not know yet; the id checks still apply


def _base_body(world: ScenarioWorld, person: str, operation_id: str,
               path: dict[str, str]) -> dict[str, Any] | None:
    """A valid body for the operation (None: the helper's placeholders from the schema)."""
    data = world.data
    if operation_id == "switch_current_account":
        current = world.driver.whoami(world.session(person)).current_account_id
        others = [a.id for a in world.accounts(person) if a.id != current]
        return {"account_id": (others or [current or "probe"])[0]}
    if operation_id == "request_merge":
        return {"target_account_id": _own_account(world, person, "organization")}
    if operation_id == "request_migration":
        return {"organization_id": next(iter(world.organizations.values())).id}
    if operation_id == "transfer_ownership":
        return {"account_id": _other_member(world, person, _subject_org(world, person))}
    if operation_id == "create_invitation":
        return {"email": world.person(INVITEE).email, "role": "member"}
    bodies: dict[str, dict[str, Any]] = {
        "create_conversation": {"title": data.title()},
        "create_project": {"name": data.title()},
        "create_organization": {"name": data.organization_name(), "plan": "team"},
        "configure_sso": {"idp_entity_id": f"urn:{data.scenario_prefix}:idp:hostile",
                          "enabled": True},
        "add_domain": {"domain": data.company_domain()},
        "update_domain_settings": {"restrict_to_members": True,
                                   "block_individual_signups": True},
        "sso_sign_in": {"assertion": "probe.probe"},
        "change_member_role": {"role": "admin"},
    }
    return bodies.get(operation_id)


# -- what the scenario shows -------------------------------------------------------------
def _read(probe: Callable[[], Any]) -> Any:
    """A value read through the driver, or the refusal's code (a refusal is a view, too)."""
    try:
        return probe()
    except ServiceRefusal as refusal:
        return f"refused: {refusal.code}"


def _person_view(world: ScenarioWorld, alias: str, session: Session) -> dict[str, Any]:
    driver = world.driver
    view: dict[str, Any] = {  # each account says whether it is the session's current one
        f"{alias}'s accounts": _read(lambda: sorted(driver.list_accounts(session), key=repr)),
        f"{alias}'s pending invitations": _read(
            lambda: sorted(driver.list_my_invitations(session), key=repr)),
    }
    for kind in ITEM_KINDS:
        view[f"{alias}'s {kind}s in the current account"] = _read(
            lambda kind=kind: sorted(driver.list_items(session, kind), key=repr))
    return view


def _organization_view(world: ScenarioWorld, org: OrganizationState) -> dict[str, Any]:
    driver, session = world.driver, world.session(org.creator)
    view: dict[str, Any] = {
        f"{org.alias}": _read(lambda: driver.get_organization(session, org.id)),
        f"{org.alias}'s members": _read(
            lambda: sorted(driver.list_members(session, org.id), key=repr)),
    }
    if org.plan == "enterprise":
        view[f"{org.alias}'s domains"] = _read(
            lambda: sorted(driver.list_domains(session, org.id), key=repr))
        view[f"{org.alias}'s single sign-on"] = _read(lambda: driver.get_sso(session, org.id))
    return view


def what_the_scenario_shows(world: ScenarioWorld) -> dict[str, Any]:
    """Everything the scenario's people and organizations show now, read afresh."""
    view: dict[str, Any] = {}
    for alias, person in list(world.people.items()):
        if person.session is not None:
            view.update(_person_view(world, alias, person.session))
    for org in list(world.organizations.values()):
        view.update(_organization_view(world, org))
    return view


# -- steps -------------------------------------------------------------------------------
@when("{person:Person} sends {hostile:HostileInput} to every {area:HostileArea} operation")
def step_sends_hostile_input(context: Context, person: str, hostile: str, area: str) -> None:
    """Build the hostile requests for each operation of the area, then send them all."""
    world = _world(context)
    raw = _raw_requests(world.driver)
    operations = [op for op in contract.operations() if area_of(op) == area]
    if not operations:
        raise LookupError(f"the contract has no {area} operation")
    planned = []
    for op in operations:
        path = {name: _path_value(world, person, op, name)
                for name in path_parameters(op.operation_id)}
        body = _base_body(world, person, op.operation_id, path)
        session = world.session(person)
        for kind in INPUTS[hostile]:
            try:
                planned += raw.hostile_requests(op.operation_id, kind, path_values=path,
                                                base_body=body, token=session.token)
            except NotImplementedError as exc:
                raise RawRequestsUnsupported(f"driver.raw cannot build {kind}: {exc}") from exc
    if not planned:
        raise LookupError(f"no {area} operation takes {hostile}: the Examples row does not fit")
    if INVITEE in world.people:
        world.session(INVITEE)  # so the fresh look also shows the invitee's invitations
    world.snapshots[BEFORE] = what_the_scenario_shows(world)
    try:
        world.snapshots[ANSWERS] = [raw.send(request) for request in planned]
    except NotImplementedError as exc:
        raise RawRequestsUnsupported(f"driver.raw cannot send: {exc}") from exc


@then("every one of those requests is refused cleanly")
def step_refused_cleanly(context: Context) -> None:
    """Each got a 4xx RFC 9457 problem with a contract code: no 5xx, no success."""
    world = _world(context)
    answers: list[RawAnswer] = world.snapshots.get(ANSWERS, [])
    assert answers, "no hostile request was sent in this scenario"
    unclean = [a for a in answers if not a.refused_cleanly]
    if any(a.status is None for a in unclean):
        # a service that is gone is a suite error (raised here); one that still answers but
        # dropped a hostile request is a failure (below)
        world.driver.service_info()
    assert not unclean, (
        f"{len(unclean)} of {len(answers)} hostile requests were not refused cleanly "
        "(a 4xx problem with a contract code):\n"
        + "\n".join(f"- {a.describe()}" for a in unclean[:12])
        + (f"\n… and {len(unclean) - 12} more" if len(unclean) > 12 else ""))


@then("a fresh look shows that nothing has changed")
def step_nothing_changed(context: Context) -> None:
    """Read everything again: accounts, items, invitations, members, domains, settings."""
    world = _world(context)
    assert BEFORE in world.snapshots, "nothing was read before the hostile requests"
    before, after = world.snapshots[BEFORE], what_the_scenario_shows(world)
    changed = [key for key in before.keys() | after.keys() if before.get(key) != after.get(key)]
    assert not changed, "hostile requests changed what the scenario shows:\n" + "\n".join(
        f"- {key}: before {before.get(key)!r}, after {after.get(key)!r}"
        for key in sorted(changed))
