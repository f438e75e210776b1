"""Shared helpers and steps of the security checks (``features/security_*.feature``).

The other ``security_*_steps`` modules import the helpers (behave puts the steps folder on
the import path while it loads the step modules). Held here:

* ``optional`` — calls a driver method that vendor drivers may leave out
  (``probe_operation``, ``with_extra_fields``) and turns ``NotImplementedError`` into a
  ``SuiteError`` that names the method: no verdict about the service;
* ``ForeignAttempt`` — an action tried against something that belongs to someone else,
  kept so that "it is refused exactly as for … that never existed" can try the same action
  with an id that never existed and compare the two refusals (status, code and the set of
  problem fields);
* the roles of an organization's members as its primary owner reads them.

Nothing here speaks HTTP; every call goes through the driver.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from behave import then
from behave.runner import Context

from account_conformance.driver import Member, ServiceRefusal, SuiteError
from fixtures.world import ScenarioWorld

T = TypeVar("T")
FOREIGN_ATTEMPT = "foreign attempt"


def _world(context: Context) -> ScenarioWorld:
    return context.world


# -- optional driver methods ---------------------------------------------------------------
def optional(world: ScenarioWorld, method: str, call: Callable[[], T]) -> T:
    """Run ``call``; a driver that does not offer ``method`` is a suite error, not a verdict."""
    if not callable(getattr(world.driver, method, None)):
        raise SuiteError(f"the driver {type(world.driver).__name__} has no {method}(); the "
                         "security checks need it (see the driver protocol)")
    try:
        return call()
    except NotImplementedError as exc:
        raise SuiteError(f"the driver {type(world.driver).__name__} does not implement "
                         f"{method}(), which the security checks need: {exc}") from exc


# -- an action against someone else's object ---------------------------------------------------
@dataclass
class ForeignAttempt:
    """An action tried with another person's id; ``perform`` takes the id to use."""

    what: str
    perform: Callable[[str], Any]
    foreign_id: str


def attempt_foreign(world: ScenarioWorld, what: str, perform: Callable[[str], Any],
                    foreign_id: str) -> None:
    """Try ``perform(foreign_id)``; keep it so a later step can compare with a made-up id."""
    world.snapshots[FOREIGN_ATTEMPT] = ForeignAttempt(what, perform, foreign_id)
    world.attempt(lambda: perform(foreign_id))


def never_existed(world: ScenarioWorld, what: str) -> str:
    """An id of the same kind that no object has (the suite never builds real ids)."""
    return f"no-such-{what.replace(' ', '-')}-{world.data.run_prefix}"


def problem_shape(refusal: ServiceRefusal) -> tuple[int, str, tuple[str, ...]]:
    """What a refusal shows besides its wording: status, code and the problem's fields."""
    return refusal.status, refusal.code, tuple(sorted(refusal.problem))


@then("it is refused exactly as for {article:Article} {what} that never existed")
def step_refused_as_never_existed(context: Context, article: str, what: str) -> None:
    """Refused as not found, with the same status, code and problem fields as a made-up id."""
    world = _world(context)
    assert FOREIGN_ATTEMPT in world.snapshots, "no action on someone else's object was tried"
    attempt: ForeignAttempt = world.snapshots[FOREIGN_ATTEMPT]
    first = world.last_refusal()
    assert first.code == "not_found", (
        f"{attempt.what} was refused with {first.code} ({first.status}), expected not_found "
        f"as for {article} {what} that never existed\n{first}")
    made_up = never_existed(world, what)
    world.attempt(lambda: attempt.perform(made_up))
    second = world.last_refusal()
    assert problem_shape(first) == problem_shape(second), (
        f"{attempt.what} was refused as {problem_shape(first)}, but the same action with "
        f"{article} {what} that never existed as {problem_shape(second)}: the answer tells "
        "them apart")


# -- members and roles -----------------------------------------------------------------------
def members(world: ScenarioWorld, org: str) -> list[Member]:
    """The organization's member list as its creator reads it."""
    state = world.org(org)
    return world.driver.list_members(world.session(state.creator), state.id)


def member_entry(world: ScenarioWorld, org: str, person: str) -> Member | None:
    """The person's entry in the organization's member list, or None."""
    email = world.person(person).email.lower()
    return next((m for m in members(world, org) if m.email.lower() == email), None)


def assert_only_primary_owner(world: ScenarioWorld, org: str, person: str) -> None:
    """Exactly one member is primary owner, and it is the person."""
    listed = members(world, org)
    primary = [m for m in listed if m.role == "primary_owner"]
    assert len(primary) == 1, f"{org} must have exactly one primary owner: {listed}"
    assert primary[0].email.lower() == world.person(person).email.lower(), (
        f"the primary owner of {org} is {primary[0]}, not {person}")
