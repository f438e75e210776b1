"""Steps that check how an attempted action was refused, in business language.

Each reason phrase (``{reason:Reason}``, listed in ``fixtures.vocabulary.REASONS``) maps onto
one stable error code of the contract; a phrase that is not in the list matches no step. The
step fails when the action was accepted, refused for another reason, or refused with another
status than the contract's error table gives the code (``fixtures.refusals``).
"""

from __future__ import annotations

from behave import then
from behave.runner import Context

from fixtures.refusals import check_status
from fixtures.vocabulary import Reason


@then("it is refused because {reason:Reason}")
def step_it_is_refused_because(context: Context, reason: Reason) -> None:
    """The last attempt was refused with the code this reason stands for."""
    refusal = context.world.last_refusal()
    assert refusal.code == reason.code, (
        f"refused with {refusal.code}, expected {reason.code} ({reason.phrase})\n{refusal}")
    wrong_status = check_status(reason, refusal.status)
    assert wrong_status is None, f"{wrong_status}\n{refusal}"


@then("it succeeds")
def step_it_succeeds(context: Context) -> None:
    """The last attempt was accepted."""
    outcome = context.world.last_outcome()
    assert not outcome.refused, f"expected success, but: {outcome.refusal}"
