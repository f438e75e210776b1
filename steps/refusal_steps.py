"""Steps that check how an attempted action was refused, in business language.

Each reason phrase maps onto one stable error code of the contract; the step fails when the
action was accepted, or refused for another reason.
"""

from __future__ import annotations

from behave import then
from behave.runner import Context

REASONS = {
    "migration is not supported": "account_migration_unsupported",
    "merging is not supported": "account_merge_unsupported",
    "it was not found": "not_found",
    "the role may not do this": "insufficient_role",
    "the plan lacks the feature": "plan_feature_unavailable",
    "the domain is restricted": "domain_restricted",
    "the domain is not verified": "domain_not_verified",
    "another organization holds the domain": "domain_already_claimed",
    "the domain is a public email domain": "domain_public",
    "the subscription is still active": "subscription_active",
    "the session is not valid": "unauthenticated",
    "the assertion is invalid": "sso_assertion_invalid",
    "single sign-on is not configured": "sso_not_configured",
    "the person is not a member": "not_a_member",
    "the account exists already": "account_exists",
    "the primary owner is protected": "primary_owner_protected",
    "the request is invalid": "invalid_request",
}


@then("it is refused because {reason}")
def step_refused_because(context: Context, reason: str) -> None:
    """The last attempt was refused with the code this reason stands for."""
    assert reason in REASONS, f"unknown reason {reason!r}; known: {sorted(REASONS)}"
    refusal = context.world.last_refusal()
    assert refusal.code == REASONS[reason], (
        f"refused with {refusal.code}, expected {REASONS[reason]} ({reason})\n{refusal}")


@then("it succeeds")
def step_it_succeeds(context: Context) -> None:
    """The last attempt was accepted."""
    outcome = context.world.outcome
    assert outcome is not None, "no action was attempted"
    assert not outcome.refused, f"expected success, but: {outcome.refusal}"
