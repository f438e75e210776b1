"""Steps that check how an attempted action was refused, in business language.

Each reason phrase (``{reason:Reason}``, listed in ``fixtures.vocabulary.REASONS``) maps onto
one stable error code of the contract; a phrase that is not in the list matches no step. The
step fails when the action was accepted, refused for another reason, or refused with another
status than the contract's error table gives the code (``fixtures.refusals``).
"""

from __future__ import annotations

from behave import then
from behave.runner import Context

from fixtures.refusals import expected_statuses
from fixtures.vocabulary import Reason
from fixtures.world import scenario_world


@then("it is refused because {reason:Reason}")
def step_it_is_refused_because(context: Context, reason: Reason) -> None:
    """The last attempt was refused with the code this reason stands for."""
    world = scenario_world(context)
    refusal = world.last_refusal()
    world.words.expect(refusal.code == reason.code, world.attempt_words(),
                       f"the code {reason.code} ({reason.phrase})", refusal)
    allowed = expected_statuses(reason)
    world.words.expect(refusal.status in allowed, f"the status of the {refusal.code} refusal",
                       " or ".join(map(str, allowed)) + " (the contract's error table)",
                       refusal.status)


@then("it succeeds")
def step_it_succeeds(context: Context) -> None:
    """The last attempt was accepted."""
    world = scenario_world(context)
    outcome = world.last_outcome()
    world.words.expect(not outcome.refused, world.attempt_words(), "acceptance",
                       world.words.outcome(outcome))
