"""Steps for authentication: every operation that needs a session, driven from the contract.

The operations come from the contract (``fixtures.security.operations_needing_a_session``:
those that need a session and are not test-support), never from a list kept here. Each is
sent through the driver's optional ``probe_operation``, aimed at real objects the scenario
made with a valid session and with a valid body built from the contract's request schema
(``fixtures.security.ProbeTargets``: the token is the only thing wrong, since a service may
check the body or the path id first), with no token, a made-up token, or the token of a
session that was on a deleted individual account (``person.deletion``, kept by
``deletion_steps``); the answers are checked together, so one failure lists every
operation that let the request through.
"""

from __future__ import annotations

from behave import then, when
from behave.runner import Context

from fixtures.security import assert_all_refused, probe_all, probe_all_under_scheme
from fixtures.world import ProbeRound, required, scenario_world


@when("someone calls every operation that needs a session without a session")
def step_someone_calls_every_operation_without_a_session(context: Context) -> None:
    """Send each such operation with no bearer token at all."""
    world = scenario_world(context)
    world.probes = ProbeRound("a request without a session", probe_all(world, None))


@when("someone calls every operation that needs a session with a made-up session")
def step_someone_calls_every_operation_with_a_made_up_session(context: Context) -> None:
    """Send each such operation with a token the service never issued."""
    world = scenario_world(context)
    token = f"made-up-{world.data.scenario_prefix}-0123456789abcdef"
    world.probes = ProbeRound("a made-up session", probe_all(world, token))


@when("someone calls every operation that needs a session with a real session under the "
      "{scheme:AuthScheme} scheme instead of Bearer")
def step_someone_calls_every_operation_with_a_real_session_under_the_scheme(
        context: Context, scheme: str) -> None:
    """Send each such operation with a valid token, but not as a Bearer token."""
    world = scenario_world(context)
    world.probes = ProbeRound(f"a real session under the {scheme} scheme",
                              probe_all_under_scheme(world, scheme))


@then("every one of them is refused because the session is not valid")
def step_every_one_of_them_is_refused(context: Context) -> None:
    """Each operation answered that the session is not valid."""
    probes = required(scenario_world(context).probes, "no operation was called in this scenario")
    assert_all_refused(probes.answers, probes.what)


@then("every operation that needs a session refuses the session {person:Person} had on the "
      "individual account")
def step_every_operation_refuses_the_session_person_had(context: Context, person: str) -> None:
    """The revoked session is refused by every operation, not only by the account list."""
    world = scenario_world(context)
    session = world.person(person).deleted().session
    assert_all_refused(probe_all(world, session.token),
                       f"the session {person} had on the deleted individual account")
