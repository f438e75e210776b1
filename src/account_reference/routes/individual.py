"""The identity's individual account: sign-up (S17), cancel and delete (S12)."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from ..accounts import account_view, individual_account
from ..auth import SessionDep, authenticated_router
from ..bodies import EmptyBody
from ..context import ServiceDep, sent_fields
from ..problems import Refusal, not_found
from ..schemas import Account
from ..store import accounts as stored_accounts
from ..store import domains as stored_domains

router = authenticated_router(tags=["accounts"])
PATH = "/v1/me/individual-account"


@router.post(PATH, status_code=201, response_model=Account)
async def sign_up_individual(session: SessionDep, service: ServiceDep, request: Request,
                             body: EmptyBody | None = None) -> dict[str, Any]:
    """Sign up for a free individual account (refused at a domain with a sign-up block)."""
    store, rules = service.store, service.rules
    blocking = rules.signup_blocking_domains(session.email, session.email_domain)
    if any(stored_domains.setting_on(store, domain, "block_individual_signups")
           for domain in blocking):
        raise Refusal("domain_restricted",
                      f"New individual accounts at {session.email_domain} are blocked by "
                      "the organization that verified the domain.")
    if individual_account(service, session.identity_id) is not None:
        raise Refusal("account_exists", "This identity already has an individual account.")
    plan = rules.signup_plan(await sent_fields(request))
    with store.tx():
        account_id = rules.create_individual(store, session.identity_id, plan)
    account = individual_account(service, session.identity_id)
    assert account is not None
    return account_view(account, session.current_account_id or account_id)


@router.post(f"{PATH}/cancel", response_model=Account)
async def cancel_individual_subscription(session: SessionDep, service: ServiceDep,
                                         body: EmptyBody | None = None) -> dict[str, Any]:
    """Cancel the paid subscription (a free account has none and stays ``none``)."""
    account = individual_account(service, session.identity_id)
    if account is None:
        raise not_found("The individual account")
    if account["subscription"] == "active":
        with service.store.tx():
            stored_accounts.cancel_subscription(service.store, account["id"])
        account = individual_account(service, session.identity_id)
        assert account is not None
    return account_view(account, session.current_account_id)


@router.delete(PATH, status_code=204, response_class=Response)
async def delete_individual_account(session: SessionDep, service: ServiceDep) -> Response:
    """Delete the individual account and its data; revoke the sessions that were on it."""
    store, rules = service.store, service.rules
    account = individual_account(service, session.identity_id)
    if account is None:
        raise not_found("The individual account")
    if not rules.may_delete_individual(account):
        raise Refusal("subscription_active",
                      "Cancel the paid subscription before deleting the account.")
    with store.tx():
        rules.drop_individual_data(store, session.identity_id, account["id"])
        rules.end_sessions_on_deleted(store, account["id"])
        rules.remove_individual(store, session.identity_id, account["id"])
    return Response(status_code=204)
