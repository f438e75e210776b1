"""The caller, their accounts, and switching the session's current account (S06–S10)."""

from __future__ import annotations

from typing import Any

from ..accounts import account_view, accounts_of, identity_view, own_account, restricted_refusal
from ..accounts import get_account as any_account
from ..auth import SessionDep, authenticated_router
from ..bodies import SwitchAccount
from ..context import Service, ServiceDep
from ..problems import not_found
from ..schemas import Account, AccountList, Me

router = authenticated_router(tags=["session"])


def account_list(service: Service, identity_id: str, current_id: str | None,
                 token_hash: str | None = None) -> dict[str, Any]:
    """The ``{accounts, current_account_id}`` answer; the rule ``marked_current`` says
    which accounts are marked current."""
    rules = service.rules
    listed = rules.listed_accounts(accounts_of(service, identity_id), current_id)
    marked = rules.marked_current([row["id"] for row in listed], current_id, token_hash)
    accounts = []
    for row in listed:
        account = account_view(row, current_id)
        account["current"] = row["id"] in marked
        accounts.append(account)
    return {"accounts": accounts, "current_account_id": current_id}


@router.get("/v1/me", response_model=Me)
async def get_me(session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The signed-in identity and the session's current account."""
    identity = identity_view(session.identity_id, session.email, session.name)
    identity["initials"] = service.rules.initials_shown(session.email, session.name)
    return {"identity": identity, "current_account_id": session.current_account_id}


@router.get("/v1/me/accounts", response_model=AccountList)
async def list_my_accounts(session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """Every account of the identity, the current one marked."""
    return account_list(service, session.identity_id, session.current_account_id,
                        session.token_hash)


@router.put("/v1/me/current-account", response_model=AccountList)
async def switch_current_account(body: SwitchAccount, session: SessionDep,
                                 service: ServiceDep) -> dict[str, Any]:
    """Make another account of the same identity the session's current one."""
    rules = service.rules
    target = rules.switch_target(own_account(service, session.identity_id, body.account_id),
                                 lambda: any_account(service, body.account_id))
    if target is None:
        raise not_found("The account")
    if not rules.may_use(target):
        raise restricted_refusal(session.email_domain)
    rules.check_switch(service, session, target)
    await rules.save_switch(service.store, session.token_hash, target["id"])
    current = rules.current_after_switch(session.current_account_id, target["id"])
    return account_list(service, session.identity_id, current, session.token_hash)


@router.get("/v1/accounts/{account_id}", response_model=Account, tags=["accounts"])
async def get_account(account_id: str, session: SessionDep,
                      service: ServiceDep) -> dict[str, Any]:
    """One of the identity's accounts."""
    rules = service.rules
    row = rules.readable_account(own_account(service, session.identity_id, account_id),
                                 lambda: any_account(service, account_id))
    if row is None:
        raise not_found("The account")
    account = account_view(row, session.current_account_id)
    if account["organization"]:
        account["organization"]["plan"] = rules.organization_plan_shown(
            account["organization"]["plan"])
    return account
