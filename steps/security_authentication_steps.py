"""Steps for authentication: every operation that needs a session, driven from the contract.

The operations come from ``account_conformance.contract.operations()`` (those that need a
session and are not test-support), never from a list kept here. Each is sent through the
driver's optional ``probe_operation`` (placeholder path parameters, a minimal body) with no
token, a made-up token, or the token of a session that was on a deleted individual account
(remembered by ``deletion_steps``); the answers are checked together, so one failure lists
every operation that let the request through.
"""

from __future__ import annotations

from behave import then, when
from behave.runner import Context
from deletion_steps import _old_session_key
from security_steps import optional
from separation_steps import remembered

from account_conformance import contract
from account_conformance.driver import Session
from fixtures.world import ScenarioWorld

PROBES = "answers of the operations that need a session"
UNAUTHENTICATED = (401, "unauthenticated")


def _world(context: Context) -> ScenarioWorld:
    return context.world


def operations_needing_a_session() -> list[str]:
    """The ids of the contract's operations that need a session (test-support left out)."""
    found = [op.operation_id for op in contract.operations()
             if op.requires_auth and not op.test_support]
    assert found, "the contract lists no operation that needs a session"
    return found


def probe_all(world: ScenarioWorld, token: str | None) -> dict[str, tuple[int, str | None]]:
    """Send every operation that needs a session with ``token``; status and code of each."""
    answers = {}
    for operation_id in operations_needing_a_session():
        answers[operation_id] = optional(
            world, "probe_operation",
            lambda op=operation_id: world.driver.probe_operation(op, token))
    return answers


def assert_all_refused(answers: dict[str, tuple[int, str | None]], what: str) -> None:
    """Every answer is 401 with the code for an invalid session."""
    wrong = {op: answer for op, answer in answers.items() if answer != UNAUTHENTICATED}
    assert not wrong, (
        f"{len(wrong)} of {len(answers)} operations that need a session did not refuse "
        f"{what} as an invalid session (status, code): {wrong}")


@when("someone calls every operation that needs a session without a session")
def step_calls_without_session(context: Context) -> None:
    """Send each such operation with no bearer token at all."""
    world = _world(context)
    world.snapshots[PROBES] = ("a request without a session", probe_all(world, None))


@when("someone calls every operation that needs a session with a made-up session")
def step_calls_with_made_up_session(context: Context) -> None:
    """Send each such operation with a token the service never issued."""
    world = _world(context)
    token = f"made-up-{world.data.scenario_prefix}-0123456789abcdef"
    world.snapshots[PROBES] = ("a made-up session", probe_all(world, token))


@then("every one of them is refused because the session is not valid")
def step_every_one_refused(context: Context) -> None:
    """Each operation answered that the session is not valid."""
    world = _world(context)
    assert PROBES in world.snapshots, "no operation was called in this scenario"
    what, answers = world.snapshots[PROBES]
    assert_all_refused(answers, what)


@then("every operation that needs a session refuses the session {person:Person} had on the "
      "individual account")
def step_every_operation_refuses_old_session(context: Context, person: str) -> None:
    """The revoked session is refused by every operation, not only by the account list."""
    world = _world(context)
    session: Session
    session, _ = remembered(world, _old_session_key(person))
    assert_all_refused(probe_all(world, session.token),
                       f"the session {person} had on the deleted individual account")
