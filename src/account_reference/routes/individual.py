"""The identity's individual account: sign-up (S17), cancel and delete (S12)."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from ..accounts import account_view, create_account, domain_setting_on, individual_account
from ..auth import SessionDep, authenticated_router
from ..bodies import EmptyBody
from ..context import ServiceDep
from ..problems import Refusal, not_found
from ..schemas import Account

router = authenticated_router(tags=["accounts"])
PATH = "/v1/me/individual-account"


@router.post(PATH, status_code=201, response_model=Account)
async def sign_up_individual(session: SessionDep, service: ServiceDep,
                                    body: EmptyBody | None = None) -> dict[str, Any]:
    """Sign up for a free individual account (refused at a domain with a sign-up block)."""
    store = service.store
    if domain_setting_on(store, session.email_domain, "block_individual_signups"):
        raise Refusal(403, "domain_restricted",
                      f"New individual accounts at {session.email_domain} are blocked by "
                      "the organization that verified the domain.")
    if individual_account(store, session.identity_id) is not None:
        raise Refusal(409, "account_exists", "This identity already has an individual account.")
    with store.tx():
        account_id = create_account(store, session.identity_id, kind="individual", plan="free")
    row = individual_account(store, session.identity_id)
    assert row is not None
    return account_view(row, session.current_account_id or account_id)


@router.post(f"{PATH}/cancel", response_model=Account)
async def cancel_individual_subscription(session: SessionDep, service: ServiceDep,
                                         body: EmptyBody | None = None) -> dict[str, Any]:
    """Cancel the paid subscription (a free account has none and stays ``none``)."""
    store = service.store
    row = individual_account(store, session.identity_id)
    if row is None:
        raise not_found("The individual account")
    if row["subscription"] == "active":
        with store.tx():
            store.run("UPDATE accounts SET subscription = 'cancelled' WHERE id = ?", (row["id"],))
        row = individual_account(store, session.identity_id)
        assert row is not None
    return account_view(row, session.current_account_id)


@router.delete(PATH, status_code=204, response_class=Response)
async def delete_individual_account(session: SessionDep, service: ServiceDep) -> Response:
    """Delete the individual account and its data; revoke the sessions that were on it."""
    store = service.store
    row = individual_account(store, session.identity_id)
    if row is None:
        raise not_found("The individual account")
    if row["subscription"] == "active":
        raise Refusal(409, "subscription_active",
                      "Cancel the paid subscription before deleting the account.")
    with store.tx():
        store.run("DELETE FROM items WHERE account_id = ?", (row["id"],))
        store.run("DELETE FROM sessions WHERE current_account_id = ?", (row["id"],))
        store.run("DELETE FROM accounts WHERE id = ?", (row["id"],))
    return Response(status_code=204)
